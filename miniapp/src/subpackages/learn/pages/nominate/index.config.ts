export default definePageConfig({
  navigationBarTitleText: '推荐参加评选'
})
