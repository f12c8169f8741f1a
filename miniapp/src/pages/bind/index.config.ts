export default definePageConfig({
  navigationBarTitleText: '填写基本信息'
})
