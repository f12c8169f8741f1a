export default definePageConfig({
  navigationBarTitleText: '接收我的账户'
})
