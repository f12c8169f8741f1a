export default definePageConfig({
  navigationBarTitleText: '指标目标'
})
