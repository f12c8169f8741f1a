export default definePageConfig({
  navigationBarTitleText: '登记学习型组织'
})
