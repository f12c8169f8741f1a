export default definePageConfig({
  navigationBarTitleText: '学习指标'
})
