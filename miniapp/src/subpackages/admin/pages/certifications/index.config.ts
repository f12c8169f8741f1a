export default definePageConfig({
  navigationBarTitleText: '学分认定审核'
})
