export default definePageConfig({
  navigationBarTitleText: '评估标准和复核日期'
})
