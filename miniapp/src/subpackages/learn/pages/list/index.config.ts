export default definePageConfig({
  navigationBarTitleText: '找课程和活动'
})
