export default definePageConfig({
  navigationBarTitleText: '活动周或开放日'
})
