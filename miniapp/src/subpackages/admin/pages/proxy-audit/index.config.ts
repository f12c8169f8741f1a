export default definePageConfig({
  navigationBarTitleText: '代签记录'
})
