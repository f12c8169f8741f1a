export default definePageConfig({
  navigationBarTitleText: '课程和活动'
})
