export default definePageConfig({
  navigationBarTitleText: '区域管理'
})
