export default definePageConfig({
  navigationBarTitleText: '课程活动审核'
})
