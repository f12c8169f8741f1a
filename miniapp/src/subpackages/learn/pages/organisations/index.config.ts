export default definePageConfig({
  navigationBarTitleText: '学习型家庭和社团'
})
