export default definePageConfig({
  navigationBarTitleText: '学分转换'
})
