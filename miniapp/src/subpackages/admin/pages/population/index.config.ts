export default definePageConfig({
  navigationBarTitleText: '人口基础数据'
})
