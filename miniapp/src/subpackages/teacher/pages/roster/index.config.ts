export default definePageConfig({
  navigationBarTitleText: '到场名单'
})
