export default definePageConfig({
  navigationBarTitleText: '学习账户'
})
