export default definePageConfig({
  navigationBarTitleText: '学校管理'
})
