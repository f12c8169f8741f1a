export default definePageConfig({
  navigationBarTitleText: '开放日定在哪一天'
})
