export default definePageConfig({
  navigationBarTitleText: '学习型组织'
})
