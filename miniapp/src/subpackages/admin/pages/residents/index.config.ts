export default definePageConfig({
  navigationBarTitleText: '居民名单'
})
