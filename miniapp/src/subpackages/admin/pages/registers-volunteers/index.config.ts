export default definePageConfig({
  navigationBarTitleText: '志愿者名册'
})
