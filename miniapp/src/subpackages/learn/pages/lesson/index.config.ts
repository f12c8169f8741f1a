export default definePageConfig({
  navigationBarTitleText: '看课学习'
})
