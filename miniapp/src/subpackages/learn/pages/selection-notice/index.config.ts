export default definePageConfig({
  navigationBarTitleText: '评选公示'
})
