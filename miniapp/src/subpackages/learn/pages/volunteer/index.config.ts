export default definePageConfig({
  navigationBarTitleText: '我当志愿者'
})
