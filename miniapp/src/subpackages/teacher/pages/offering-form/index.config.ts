export default definePageConfig({
  navigationBarTitleText: '课程或活动'
})
