export default definePageConfig({
  navigationBarTitleText: '学分规则版本'
})
