export default definePageConfig({
  navigationBarTitleText: '场地资源库'
})
