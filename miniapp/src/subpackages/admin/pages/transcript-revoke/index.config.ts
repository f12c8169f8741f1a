export default definePageConfig({
  navigationBarTitleText: '撤销成绩单'
})
