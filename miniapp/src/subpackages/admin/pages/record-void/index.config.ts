export default definePageConfig({
  navigationBarTitleText: '作废学习记录'
})
