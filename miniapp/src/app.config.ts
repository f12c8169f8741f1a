export default defineAppConfig({
  // Main package: the three tabs, login, the one-time binding — what a resident needs first — and the
  // change of a first password, which a new teacher or admin meets before any subpackage.
  pages: ['pages/index/index', 'pages/account/index', 'pages/mine/index', 'pages/login/index', 'pages/bind/index', 'pages/password/index'],
  subPackages: [
    {
      // Residents: finding, reading and enrolling; loaded in the background once 首页 is up.
      root: 'subpackages/learn',
      name: 'learn',
      pages: [
        'pages/list/index',
        'pages/detail/index',
        'pages/circle/index',
        'pages/enrollments/index',
        'pages/notifications/index',
        'pages/teachers/index',
        'pages/teacher/index',
        'pages/checkin/index',
        'pages/learner-code/index',
        'pages/lesson/index',
        'pages/records/index',
        'pages/certify/index',
        'pages/convert/index',
        'pages/consents/index',
        'pages/rules/index',
        'pages/transcripts/index',
        'pages/volunteer/index',
        'pages/nominate/index',
        'pages/nominations/index',
        'pages/selection-notice/index',
        'pages/organisations/index',
        'pages/my-data/index',
        'pages/access-log/index',
        'pages/close-account/index',
        'pages/children/index',
        'pages/handover/index'
      ]
    },
    {
      root: 'subpackages/teacher',
      name: 'teacher',
      pages: [
        'pages/home/index',
        'pages/offerings/index',
        'pages/offering/index',
        'pages/offering-form/index',
        'pages/profile/index',
        'pages/checkin/index',
        'pages/roster/index'
      ]
    },
    {
      root: 'subpackages/admin',
      name: 'admin',
      pages: [
        'pages/home/index',
        'pages/population/index',
        'pages/population-edit/index',
        'pages/population-import/index',
        'pages/dashboard/index',
        'pages/indicator-targets/index',
        'pages/residents/index',
        'pages/reviews/index',
        'pages/review/index',
        'pages/proxy-audit/index',
        'pages/certifications/index',
        'pages/certification/index',
        'pages/partners/index',
        'pages/record-void/index',
        'pages/credit-rules/index',
        'pages/transcript-revoke/index',
        'pages/conversion-reverse/index',
        'pages/areas/index',
        'pages/schools/index',
        'pages/venues/index',
        'pages/staff/index',
        'pages/staff-form/index',
        'pages/registers-volunteers/index',
        'pages/registers-workers/index',
        'pages/learning-orgs/index',
        'pages/learning-org/index',
        'pages/learning-org-form/index',
        'pages/learning-org-criteria/index',
        'pages/selections/index',
        'pages/selection/index',
        'pages/task-table/index',
        'pages/campaigns/index',
        'pages/campaign/index',
        'pages/campaign-form/index',
        'pages/campaign-rules/index',
        'pages/access-log/index'
      ]
    },
    {
      // 活动周 and 开放日 landing pages: open to anyone, signed in or not, from 首页's banner or a shared link.
      root: 'subpackages/campaign',
      name: 'campaign',
      pages: ['pages/landing/index']
    }
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['learn'] }
  },
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f3f5f8',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '终身学习',
    navigationBarTextStyle: 'black',
    // WeChat draws this bar itself; in H5 it makes Taro draw one too: each page's title, and a back
    // button (a home button on a page opened from a link), so a shared link is no dead end
    navigationStyle: 'default'
  },
  tabBar: {
    color: '#4e5969',
    selectedColor: '#1559b7',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png'
      },
      {
        pagePath: 'pages/account/index',
        text: '学习账户',
        iconPath: 'assets/tab/account.png',
        selectedIconPath: 'assets/tab/account-active.png'
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-active.png'
      }
    ]
  },
  permission: {
    'scope.userLocation': {
      desc: '用来找出离您最近的学习场所，以及签到时确认您在活动现场'
    }
  },
  requiredPrivateInfos: ['getLocation']
})
