export default definePageConfig({
  navigationBarTitleText: '填写人口数据'
})
