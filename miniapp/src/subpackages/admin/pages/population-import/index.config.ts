export default definePageConfig({
  navigationBarTitleText: '从表格导入人口数据'
})
