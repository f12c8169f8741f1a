export default definePageConfig({
  navigationBarTitleText: '教师和管理员账号'
})
