export default definePageConfig({
  navigationBarTitleText: '老师介绍'
})
