export default definePageConfig({
  navigationBarTitleText: '评选的推荐和评审'
})
