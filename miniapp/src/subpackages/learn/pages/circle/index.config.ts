export default definePageConfig({
  navigationBarTitleText: '30分钟学习圈'
})
