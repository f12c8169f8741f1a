export default definePageConfig({
  navigationBarTitleText: '成绩单'
})
