import { AreaLevel } from '@lp/shared'
import { ROUTES } from '../../../../utils/routes'

/** A button on an entry card: its id (browser tests find it by it), what it says, where it goes. */
export interface EntryButton {
  id: string
  text: string
  url: string
  primary?: boolean
}

/** One card of the admin home: a piece of work, a sentence on it, and the pages that do it. */
export interface AdminEntry {
  key: string
  title: string
  text: string
  buttons: EntryButton[]
  /** The key of a count of things waiting (shown in red when there are any). */
  waiting?: 'reviews' | 'certifications'
}

/** The admin home's cards in order; `areaName` is the admin's area, `level` its level. */
export function adminEntries(areaName: string, level: AreaLevel): AdminEntry[] {
  const entries: AdminEntry[] = [
    {
      key: 'reviews',
      title: '课程活动审核',
      text: `${areaName}的教师提交的课程和活动，通过后才会给居民看到。`,
      buttons: [{ id: 'admin-reviews', text: '去审核', url: ROUTES.adminReviews, primary: true }],
      waiting: 'reviews'
    },
    {
      key: 'certifications',
      title: '学分认定审核',
      text: '居民交来的证书和获奖，核对证明材料后通过（记学分）或写明原因退回。',
      buttons: [{ id: 'admin-certifications', text: '去审核认定', url: ROUTES.adminCertifications, primary: true }],
      waiting: 'certifications'
    },
    {
      key: 'task-table',
      title: '任务分解表',
      text: '本区的任务分解表：每一项的责任部门、目标和完成情况；门户算不出的项在这里填报并上传佐证材料，下载检查用的 Excel 表。',
      buttons: [{ id: 'admin-task-table', text: '查看和填报', url: ROUTES.adminTaskTable, primary: true }]
    },
    {
      key: 'organisations',
      title: '学习型组织',
      text: '学习型机关、社区、家庭、社团等的登记、评估认定和年度复核；学习型社团的补助和活动。',
      buttons: [{ id: 'admin-organisations', text: '查看和认定', url: ROUTES.adminOrganisations, primary: true }]
    },
    {
      key: 'campaigns',
      title: '活动周和开放日',
      text: '把各处的课程和活动归到一个主题活动下，发布后居民在首页能看到，活动页上有参加人数和学时。',
      buttons: [{ id: 'admin-campaigns', text: '办活动周、开放日', url: ROUTES.adminCampaigns, primary: true }]
    },
    {
      key: 'selections',
      title: '百姓学习之星和品牌项目评选',
      text: '每年开展评选：收推荐、被推荐人同意后评审、公示、答复异议、确定最终名单。',
      buttons: [{ id: 'admin-selections', text: '开展和评审', url: ROUTES.adminSelections, primary: true }]
    },
    {
      key: 'credit-rules',
      title: '学分规则',
      text: '学分转换规则的各个版本：哪一版正在实行、从哪天起。区级管理员可以改规则，发布前看清改了什么、从哪天起生效。',
      buttons: [{ id: 'admin-credit-rules', text: '查看和修改学分规则', url: ROUTES.adminCreditRules }]
    },
    {
      key: 'population',
      title: '人口基础数据',
      text: '各地区每年的常住人口和各类人群人数，是各项指标的分母。',
      buttons: [{ id: 'admin-population', text: '查看和填写', url: ROUTES.adminPopulation, primary: true }]
    },
    {
      key: 'residents',
      title: '居民名单',
      text: `${areaName}已填写信息的居民，姓名、手机号、身份证号都已隐去部分。`,
      buttons: [{ id: 'admin-residents', text: '查看名单', url: ROUTES.adminResidents, primary: true }]
    },
    {
      key: 'places',
      title: '区域、学校和场地',
      text: `${areaName}的街道和社区、各类学校、上课的场地：新增、修改、停用，或从表格导入。`,
      buttons: [
        { id: 'admin-areas', text: '街道和社区', url: ROUTES.adminAreas },
        { id: 'admin-schools', text: '学校', url: ROUTES.adminSchools },
        { id: 'admin-venues', text: '场地资源库', url: ROUTES.adminVenues }
      ]
    },
    {
      key: 'registers',
      title: '志愿者和成人教育工作者',
      text: '志愿者入册、服务记录；专职、兼职工作者的名册和继续教育学时。',
      buttons: [
        { id: 'admin-registers-volunteers', text: '志愿者名册', url: ROUTES.adminRegistersVolunteers },
        { id: 'admin-registers-workers', text: '成人教育工作者', url: ROUTES.adminRegistersWorkers }
      ]
    },
    {
      key: 'staff',
      title: '教师和管理员账号',
      text: '开设教师和下级管理员的账号，重设密码，停用或启用，调整身份和单位。',
      buttons: [{ id: 'admin-staff', text: '管理账号', url: ROUTES.adminStaff, primary: true }]
    },
    {
      key: 'proxy-audit',
      title: '代签记录',
      text: '老师替没有智能手机的居民签到，每一次都留有记录：谁、什么时候、为谁、怎样找到的。',
      buttons: [{ id: 'admin-proxy-audit', text: '查看代签记录', url: ROUTES.adminProxyAudit, primary: true }]
    },
    {
      key: 'access-log',
      title: '个人信息查看记录',
      text: '老师和管理员每次查看一位居民的个人信息都有记录：谁、什么时候、看了什么。',
      buttons: [{ id: 'admin-access-log', text: '查看记录', url: ROUTES.adminAccessLog, primary: true }]
    },
    {
      key: 'record-void',
      title: '作废学习记录',
      text: '录错的学习记录按编号找到，写明原因后作废，学分随之收回。',
      buttons: [{ id: 'admin-record-void', text: '查找记录', url: ROUTES.adminRecordVoid }]
    },
    {
      key: 'transcript-revoke',
      title: '撤销成绩单',
      text: '成绩单出具有误或被冒用时，按编号或居民找到它，写明原因后撤销，核验时显示“已撤销”。',
      buttons: [{ id: 'admin-transcript-revoke', text: '查找成绩单', url: ROUTES.adminTranscriptRevoke }]
    },
    {
      key: 'conversion-reverse',
      title: '撤销学分转换',
      text: '合作机构没能办理的学分转换，找到居民后撤销，学分退回居民的学习账户。',
      buttons: [{ id: 'admin-conversion-reverse', text: '查找学分转换', url: ROUTES.adminConversionReverse }]
    }
  ]
  if (level === AreaLevel.District) {
    entries.push({
      key: 'partners',
      title: '合作机构与密钥',
      text: '登记合作机构，发放、更换、停用它们的 API 密钥，管理学分转换项目。',
      buttons: [{ id: 'admin-partners', text: '管理合作机构', url: ROUTES.adminPartners }]
    })
  }
  return entries
}
