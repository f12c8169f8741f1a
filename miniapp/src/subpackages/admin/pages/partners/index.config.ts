export default definePageConfig({
  navigationBarTitleText: '合作机构与密钥'
})
