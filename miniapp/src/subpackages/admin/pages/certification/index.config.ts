export default definePageConfig({
  navigationBarTitleText: '审核学分认定'
})
