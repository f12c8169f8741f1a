export default definePageConfig({
  navigationBarTitleText: '成人教育工作者名册'
})
