export default definePageConfig({
  navigationBarTitleText: '活动周和开放日'
})
