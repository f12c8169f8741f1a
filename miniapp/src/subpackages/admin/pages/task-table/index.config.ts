export default definePageConfig({
  navigationBarTitleText: '任务分解表'
})
