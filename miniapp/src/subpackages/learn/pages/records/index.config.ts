export default definePageConfig({
  navigationBarTitleText: '全部学习记录'
})
