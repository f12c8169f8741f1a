export default definePageConfig({
  navigationBarTitleText: '学分怎么算'
})
