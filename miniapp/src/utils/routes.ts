import Taro from '@tarojs/taro'
import { Role } from '@lp/shared'
import type { CurrentUser } from '../services/api/types'

export const ROUTES = {
  home: '/pages/index/index',
  account: '/pages/account/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  bind: '/pages/bind/index',
  password: '/pages/password/index',
  learnList: '/subpackages/learn/pages/list/index',
  learnCircle: '/subpackages/learn/pages/circle/index',
  learnDetail: '/subpackages/learn/pages/detail/index',
  learnEnrollments: '/subpackages/learn/pages/enrollments/index',
  learnNotifications: '/subpackages/learn/pages/notifications/index',
  learnTeachers: '/subpackages/learn/pages/teachers/index',
  learnTeacher: '/subpackages/learn/pages/teacher/index',
  learnCheckIn: '/subpackages/learn/pages/checkin/index',
  learnLearnerCode: '/subpackages/learn/pages/learner-code/index',
  learnLesson: '/subpackages/learn/pages/lesson/index',
  learnRecords: '/subpackages/learn/pages/records/index',
  learnCertify: '/subpackages/learn/pages/certify/index',
  learnConvert: '/subpackages/learn/pages/convert/index',
  learnConsents: '/subpackages/learn/pages/consents/index',
  learnRules: '/subpackages/learn/pages/rules/index',
  learnTranscripts: '/subpackages/learn/pages/transcripts/index',
  learnVolunteer: '/subpackages/learn/pages/volunteer/index',
  learnNominate: '/subpackages/learn/pages/nominate/index',
  learnNominations: '/subpackages/learn/pages/nominations/index',
  learnSelectionNotice: '/subpackages/learn/pages/selection-notice/index',
  learnOrganisations: '/subpackages/learn/pages/organisations/index',
  learnMyData: '/subpackages/learn/pages/my-data/index',
  learnAccessLog: '/subpackages/learn/pages/access-log/index',
  learnCloseAccount: '/subpackages/learn/pages/close-account/index',
  learnChildren: '/subpackages/learn/pages/children/index',
  learnHandover: '/subpackages/learn/pages/handover/index',
  teacherHome: '/subpackages/teacher/pages/home/index',
  teacherOfferings: '/subpackages/teacher/pages/offerings/index',
  teacherOffering: '/subpackages/teacher/pages/offering/index',
  teacherOfferingForm: '/subpackages/teacher/pages/offering-form/index',
  teacherProfile: '/subpackages/teacher/pages/profile/index',
  teacherCheckIn: '/subpackages/teacher/pages/checkin/index',
  teacherRoster: '/subpackages/teacher/pages/roster/index',
  adminHome: '/subpackages/admin/pages/home/index',
  adminPopulation: '/subpackages/admin/pages/population/index',
  adminPopulationEdit: '/subpackages/admin/pages/population-edit/index',
  adminPopulationImport: '/subpackages/admin/pages/population-import/index',
  adminDashboard: '/subpackages/admin/pages/dashboard/index',
  adminIndicatorTargets: '/subpackages/admin/pages/indicator-targets/index',
  adminResidents: '/subpackages/admin/pages/residents/index',
  adminReviews: '/subpackages/admin/pages/reviews/index',
  adminReview: '/subpackages/admin/pages/review/index',
  adminProxyAudit: '/subpackages/admin/pages/proxy-audit/index',
  adminAccessLog: '/subpackages/admin/pages/access-log/index',
  adminCertifications: '/subpackages/admin/pages/certifications/index',
  adminCertification: '/subpackages/admin/pages/certification/index',
  adminOrganisations: '/subpackages/admin/pages/learning-orgs/index',
  adminOrganisation: '/subpackages/admin/pages/learning-org/index',
  adminOrganisationForm: '/subpackages/admin/pages/learning-org-form/index',
  adminOrganisationCriteria: '/subpackages/admin/pages/learning-org-criteria/index',
  adminPartners: '/subpackages/admin/pages/partners/index',
  adminRecordVoid: '/subpackages/admin/pages/record-void/index',
  adminCreditRules: '/subpackages/admin/pages/credit-rules/index',
  adminTranscriptRevoke: '/subpackages/admin/pages/transcript-revoke/index',
  adminConversionReverse: '/subpackages/admin/pages/conversion-reverse/index',
  adminAreas: '/subpackages/admin/pages/areas/index',
  adminSchools: '/subpackages/admin/pages/schools/index',
  adminVenues: '/subpackages/admin/pages/venues/index',
  adminStaff: '/subpackages/admin/pages/staff/index',
  adminStaffForm: '/subpackages/admin/pages/staff-form/index',
  adminRegistersVolunteers: '/subpackages/admin/pages/registers-volunteers/index',
  adminRegistersWorkers: '/subpackages/admin/pages/registers-workers/index',
  adminSelections: '/subpackages/admin/pages/selections/index',
  adminSelection: '/subpackages/admin/pages/selection/index',
  adminTaskTable: '/subpackages/admin/pages/task-table/index',
  adminCampaigns: '/subpackages/admin/pages/campaigns/index',
  adminCampaign: '/subpackages/admin/pages/campaign/index',
  adminCampaignForm: '/subpackages/admin/pages/campaign-form/index',
  adminCampaignRules: '/subpackages/admin/pages/campaign-rules/index',
  campaign: '/subpackages/campaign/pages/landing/index'
} as const

const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.account, ROUTES.mine]

export function isAdmin(user: CurrentUser | null): boolean {
  return user?.role === Role.Admin || user?.role === Role.SuperAdmin
}

export function isTeacher(user: CurrentUser | null): boolean {
  return user?.role === Role.Teacher
}

/** Goes to a page whether or not it is a tab page. */
export function openPage(url: string): void {
  const path = url.split('?')[0]
  if (TAB_ROUTES.includes(path)) {
    void Taro.switchTab({ url: path })
  } else {
    void Taro.navigateTo({ url })
  }
}

/** A teacher's or admin's own start page: 教师工作台 or 管理后台. */
export function workbenchOf(user: CurrentUser): string {
  return isTeacher(user) ? ROUTES.teacherHome : isAdmin(user) ? ROUTES.adminHome : ROUTES.home
}

/**
 * Where a person lands after signing in: staff with a handed-out password change it first,
 * residents bind their profile once, everyone else starts at 首页.
 */
export function goAfterLogin(user: CurrentUser): void {
  if (user.passwordChangeRequired) {
    void Taro.reLaunch({ url: ROUTES.password })
  } else if (user.role === Role.Resident && !user.profileBound) {
    void Taro.reLaunch({ url: ROUTES.bind })
  } else {
    void Taro.switchTab({ url: ROUTES.home })
  }
}

/** The route of the page on top, without a leading slash, e.g. "pages/login/index". */
export function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  const top = pages[pages.length - 1]
  return (top?.route ?? '').replace(/^\//, '')
}
