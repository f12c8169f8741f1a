export default definePageConfig({
  navigationBarTitleText: '开设或调整账号'
})
