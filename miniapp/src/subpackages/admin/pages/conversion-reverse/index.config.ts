export default definePageConfig({
  navigationBarTitleText: '撤销学分转换'
})
