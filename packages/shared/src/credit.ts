import { CATEGORY_LABELS, Category } from './catalogue';
import { formatHours } from './transcript';

/** Credits are kept as integers in milli-credits: 1 学分 = 1000. */
export const MILLI_PER_CREDIT = 1000;

export type CreditRounding = 'down' | 'nearest' | 'up';

export const CREDIT_ROUNDING_LABELS: Record<CreditRounding, string> = {
  down: '向下取整',
  nearest: '四舍五入',
  up: '向上取整',
};

/** Steps a credit amount may be rounded to, in milli-credits (1 = no rounding, 1000 = whole credits). */
export const ROUNDING_STEPS = [1, 10, 100, 500, 1000] as const;
export type RoundingStep = (typeof ROUNDING_STEPS)[number];

export interface CategoryRule {
  category: Category;
  minutesPerCredit: number;
  roundingStepMilli: RoundingStep;
  rounding: CreditRounding;
  yearlyCapMilli: number;
}

/**
 * Milli-credits that `minutes` of learning are worth under a rule, before yearly caps.
 * Integer arithmetic only: minutes × 1000 / minutesPerCredit, rounded to the rule's step.
 */
export function creditsForMinutes(minutes: number, rule: Pick<CategoryRule, 'minutesPerCredit' | 'roundingStepMilli' | 'rounding'>): number {
  if (!Number.isInteger(minutes) || minutes <= 0) return 0;
  const numerator = minutes * MILLI_PER_CREDIT;
  const denominator = rule.minutesPerCredit * rule.roundingStepMilli;
  const whole = Math.floor(numerator / denominator);
  const remainder = numerator - whole * denominator;
  let steps = whole;
  if (rule.rounding === 'up' && remainder > 0) steps += 1;
  if (rule.rounding === 'nearest' && remainder * 2 >= denominator) steps += 1;
  return steps * rule.roundingStepMilli;
}

/** What is still grantable this year: a grant never pushes a category or the overall total past its cap. */
export function cappedGrant(worth: number, room: { category: number; overall: number }): number {
  return Math.max(0, Math.min(worth, room.category, room.overall));
}

/** "1.25" for 1250 milli-credits; whole credits without decimals. */
export function formatCredits(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / MILLI_PER_CREDIT);
  const frac = String(abs % MILLI_PER_CREDIT).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** "1小时30分" style hours for residents. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  const sign = minutes < 0 ? '-' : '';
  if (!h) return `${sign}${m}分钟`;
  return m ? `${sign}${h}小时${m}分` : `${sign}${h}小时`;
}

export type LearningSource = 'attendance' | 'online_lesson' | 'certification' | 'admin_import';

export const LEARNING_SOURCE_LABELS: Record<LearningSource, string> = {
  attendance: '线下签到',
  online_lesson: '线上学习',
  certification: '学分认定',
  admin_import: '管理员导入',
};

export type AchievementKind = 'vocational_certificate' | 'skill_level' | 'competition_award' | 'degree_course';

export const ACHIEVEMENT_KIND_LABELS: Record<AchievementKind, string> = {
  vocational_certificate: '职业资格证书',
  skill_level: '职业技能等级证书',
  competition_award: '竞赛获奖',
  degree_course: '学历课程学分',
};

export interface AchievementView {
  code: string;
  kind: AchievementKind;
  name: string;
  level: string;
  category: Category;
  creditsMilli: number;
}

export interface RuleSetView {
  id: number;
  districtId: number;
  version: number;
  effectiveFrom: string;
  overallYearlyCapMilli: number;
  note: string;
  createdAt: string;
  rules: CategoryRule[];
  achievements: AchievementView[];
}

/** Where a version stands on the district's calendar today. */
export type RuleSetState = 'superseded' | 'in_force' | 'scheduled';

export const RULE_SET_STATE_LABELS: Record<RuleSetState, string> = {
  superseded: '已停用',
  in_force: '正在实行',
  scheduled: '尚未生效',
};

export interface RuleSetVersionView extends RuleSetView {
  state: RuleSetState;
  /** The last day it applies (the day before the next version starts); null while no later version is published. */
  effectiveUntil: string | null;
}

/** A district's rule versions for its administrators, newest first, placed on today's calendar. */
export interface RuleSetVersions {
  districtId: number;
  districtName: string;
  /** Today in Asia/Shanghai, the day the server counts from. */
  today: string;
  /** The earliest effective date a new version may have (tomorrow). */
  earliestEffectiveFrom: string;
  /** Whether the caller may publish a version (the district's own administrators). */
  canPublish: boolean;
  versions: RuleSetVersionView[];
}

/** One line of "what changes": an item of the rule book, as it reads before and after. */
export interface RuleChange {
  item: string;
  before: string;
  after: string;
}

const ROUNDING_STEP_LABELS: Record<RoundingStep, string> = {
  1: '不取整（0.001 学分）',
  10: '0.01 学分',
  100: '0.1 学分',
  500: '0.5 学分',
  1000: '整学分',
};

const ruleFacts: { label: string; text: (r: CategoryRule) => string }[] = [
  { label: '多少学时记 1 学分', text: (r) => `${formatHours(r.minutesPerCredit)} 学时（${r.minutesPerCredit} 分钟）` },
  { label: '每年最多', text: (r) => `${formatCredits(r.yearlyCapMilli)} 学分` },
  { label: '保留到', text: (r) => ROUNDING_STEP_LABELS[r.roundingStepMilli] ?? `${r.roundingStepMilli}` },
  { label: '取整方式', text: (r) => CREDIT_ROUNDING_LABELS[r.rounding] },
];

const achievementText = (a: AchievementView) => `${a.name}（${a.level || '不分等级'}）${CATEGORY_LABELS[a.category]} ${formatCredits(a.creditsMilli)} 学分`;

/**
 * Everything a new version changes against the one before it, item by item, in plain words:
 * the yearly total cap, each category's rule, and the certificate table (added, removed, changed).
 * Empty when the two say the same.
 */
export function ruleSetChanges(
  before: Pick<RuleSetView, 'overallYearlyCapMilli' | 'rules' | 'achievements' | 'note'>,
  after: Pick<RuleSetView, 'overallYearlyCapMilli' | 'rules' | 'achievements' | 'note'>,
): RuleChange[] {
  const changes: RuleChange[] = [];
  const push = (item: string, was: string, now: string) => {
    if (was !== now) changes.push({ item, before: was, after: now });
  };
  push('每人每年合计最多', `${formatCredits(before.overallYearlyCapMilli)} 学分`, `${formatCredits(after.overallYearlyCapMilli)} 学分`);
  for (const category of Object.values(Category)) {
    const was = before.rules.find((r) => r.category === category);
    const now = after.rules.find((r) => r.category === category);
    for (const fact of ruleFacts) push(`${CATEGORY_LABELS[category]} · ${fact.label}`, was ? fact.text(was) : '没有规则', now ? fact.text(now) : '没有规则');
  }
  const codes = [...new Set([...before.achievements.map((a) => a.code), ...after.achievements.map((a) => a.code)])];
  for (const code of codes) {
    const was = before.achievements.find((a) => a.code === code);
    const now = after.achievements.find((a) => a.code === code);
    push(`证书认定 · ${(now ?? was)!.name}（${(now ?? was)!.level || '不分等级'}）`, was ? achievementText(was) : '没有这一项', now ? achievementText(now) : '不再认定');
  }
  push('规则说明', before.note.trim(), (after.note ?? '').trim());
  return changes;
}

export interface CreditEstimate {
  ruleSetVersion: number;
  category: Category;
  /** Learning time asked about, in minutes. */
  minutes: number;
  /** What it is worth, in milli-credits (千分之一学分: 1000 = 1 学分). */
  creditsMilli: number;
  /** Room left under this year's caps for the caller, when a resident asks (milli-credits). */
  roomMilli: number | null;
}

export type CertificationStatus = 'pending' | 'approved' | 'rejected';

/** The sizes of a certificate's number and issuer, as a resident copies them from the certificate. */
export const CERTIFICATION_LIMITS = { certificateNoMin: 4, certificateNoMax: 64, issuerMin: 2, issuerMax: 100 } as const;

export const CERTIFICATION_STATUS_LABELS: Record<CertificationStatus, string> = {
  pending: '审核中',
  approved: '已认定',
  rejected: '未通过',
};

export interface CertificationView {
  id: string;
  achievement: AchievementView;
  certificateNo: string;
  issuer: string;
  issuedOn: string;
  status: CertificationStatus;
  rejectReason: string | null;
  creditsMilli: number;
  submittedAt: string;
  reviewedAt: string | null;
  /** Shown to reviewers only. */
  residentName?: string;
  areaName?: string;
  /** The evidence file (GET /uploads/:id), for reviewers. */
  evidenceUploadId?: string;
}

export interface LearningRecordView {
  id: string;
  source: LearningSource;
  category: Category;
  title: string;
  minutes: number;
  occurredAt: string;
  creditsMilli: number;
  /** The rule version that granted the credits, if any were granted. */
  ruleSetVersion: number | null;
  voided: boolean;
  voidReason: string | null;
}

/** A record as the admin of its area finds it before voiding it; the resident's name is masked. */
export interface AdminLearningRecordView extends LearningRecordView {
  residentName: string;
  areaName: string;
}

export interface CategoryTotal {
  category: Category;
  /** Learning time recorded, in minutes. */
  minutes: number;
  /** Credits held, in milli-credits (千分之一学分: 1000 = 1 学分). */
  creditsMilli: number;
}

export interface ConversionView {
  id: string;
  receiptNo: string;
  offerTitle: string;
  partnerName: string;
  /** Credits the resident gave up, in milli-credits (1000 = 1 学分). */
  creditsMilli: number;
  /** ISO 8601 time. */
  createdAt: string;
  /** Undone by an administrator: the credits went back to the resident. */
  reversed: boolean;
}

/** One page of a resident's conversions for an administrator, with what the resident holds now. */
export interface ResidentConversionPage {
  items: ConversionView[];
  nextCursor: string | null;
  /** The resident's credits now, all categories together (milli-credits). */
  balanceMilli: number;
}

export interface LearningAccountView {
  balanceMilli: number;
  year: number;
  thisYear: { minutes: number; creditsMilli: number; byCategory: CategoryTotal[] };
  allTime: { minutes: number; creditsMilli: number; byCategory: CategoryTotal[] };
  recent: LearningRecordView[];
  certifications: CertificationView[];
  conversions: ConversionView[];
  /** 百姓学习之星: position by hours this year within the community; null if opted out or no hours. */
  ranking: { position: number; of: number; optedOut: boolean } | null;
}

export interface PartnerOfferView {
  id: number;
  partnerName: string;
  title: string;
  description: string;
  /** Price of the offer in milli-credits (1000 = 1 学分). */
  creditsMilli: number;
  /** Categories of credit the offer accepts. */
  categories: Category[];
  /** For the asking resident: credits of the right categories they hold now (milli-credits). */
  availableMilli: number | null;
}

/**
 * The rule set the demo district starts with, and what each number means. A district
 * publishes its own versions; these are a reasonable first one, explained on the admin page.
 */
export const DEFAULT_CREDIT_RULES: {
  overallYearlyCapMilli: number;
  rules: CategoryRule[];
  achievements: AchievementView[];
  explanations: string[];
} = {
  overallYearlyCapMilli: 30_000,
  rules: Object.values(Category).map((category) => ({
    category,
    // 职业技能 courses are assessed and closer to formal training: 8 学时 make a credit; others 10
    minutesPerCredit: category === Category.VocationalSkills ? 480 : 600,
    roundingStepMilli: 10,
    rounding: 'down',
    yearlyCapMilli: category === Category.VocationalSkills ? 15_000 : 10_000,
  })),
  achievements: [
    { code: 'vocational_level_5', kind: 'vocational_certificate', name: '职业资格证书', level: '五级/初级工', category: Category.VocationalSkills, creditsMilli: 2_000 },
    { code: 'vocational_level_4', kind: 'vocational_certificate', name: '职业资格证书', level: '四级/中级工', category: Category.VocationalSkills, creditsMilli: 4_000 },
    { code: 'vocational_level_3', kind: 'vocational_certificate', name: '职业资格证书', level: '三级/高级工', category: Category.VocationalSkills, creditsMilli: 6_000 },
    { code: 'vocational_level_2', kind: 'vocational_certificate', name: '职业资格证书', level: '二级/技师', category: Category.VocationalSkills, creditsMilli: 8_000 },
    { code: 'vocational_level_1', kind: 'vocational_certificate', name: '职业资格证书', level: '一级/高级技师', category: Category.VocationalSkills, creditsMilli: 10_000 },
    { code: 'skill_level_junior', kind: 'skill_level', name: '职业技能等级证书', level: '初级', category: Category.VocationalSkills, creditsMilli: 2_000 },
    { code: 'skill_level_middle', kind: 'skill_level', name: '职业技能等级证书', level: '中级', category: Category.VocationalSkills, creditsMilli: 4_000 },
    { code: 'skill_level_senior', kind: 'skill_level', name: '职业技能等级证书', level: '高级', category: Category.VocationalSkills, creditsMilli: 6_000 },
    { code: 'award_district_first', kind: 'competition_award', name: '区级竞赛', level: '一等奖', category: Category.ArtsAndSports, creditsMilli: 2_000 },
    { code: 'award_city_first', kind: 'competition_award', name: '市级竞赛', level: '一等奖', category: Category.ArtsAndSports, creditsMilli: 4_000 },
    { code: 'award_province_first', kind: 'competition_award', name: '省级竞赛', level: '一等奖', category: Category.ArtsAndSports, creditsMilli: 6_000 },
    { code: 'open_university_course', kind: 'degree_course', name: '开放大学课程', level: '每门课程', category: Category.Theory, creditsMilli: 3_000 },
  ],
  explanations: [
    '社区课程和活动：10 学时（600 分钟）记 1 学分。作为比较，欧洲学分 ECTS 的 1 学分约等于 25–30 小时学习；社区学习没有考试和课后作业，所以每学分的学时更少。',
    '职业技能培训：8 学时记 1 学分，因为这类课程有考核，更接近正规培训。',
    '学分保留两位小数（0.01 学分），多出的部分不记；每条记录单独折算。',
    '每一类每年最多记 10 学分（职业技能 15 学分），每人每年合计最多 30 学分：防止只靠同一类活动刷学分。',
    '证书和获奖按认定标准表记学分，不占每年的学时上限；同一证书只能认定一次。',
    '规则改了以后，已经记下的学分不变：每条学分都记着是按哪一版规则折算的。',
  ],
};

export type PartnerScope = 'credits:read' | 'transcripts:verify' | 'records:export';

export const PARTNER_SCOPE_LABELS: Record<PartnerScope, string> = {
  'credits:read': '查看我的学分和学时',
  'transcripts:verify': '核验我的成绩单',
  'records:export': '导出我的学习记录',
};

export interface PartnerView {
  id: number;
  name: string;
}

/** A resident's permission for one partner to query their credits; the token itself is shown once. */
export interface ConsentView {
  id: string;
  partner: PartnerView;
  scopes: PartnerScope[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Whether it can be used now (not revoked, not expired). */
  active: boolean;
  /** The version of the privacy text (PRIVACY_TEXT_VERSION) it was given under; 'unrecorded' before versions were kept. */
  privacyTextVersion: string;
}

export interface IssuedConsent {
  consent: ConsentView;
  /** Give this to the partner; it is not shown again. */
  token: string;
}

export interface ConsentInput {
  partnerId: number;
  scopes: PartnerScope[];
  /** 1–365 days. */
  days: number;
}

export interface ConversionInput {
  offerId: number;
  /** Any unique string per attempt (e.g. a UUID): a repeated request returns the first receipt. */
  requestKey: string;
}

/** What a partner sees through the API, with the resident's consent. */
export interface PartnerCreditsView {
  /** The resident's real name, as bound: the resident consented to this partner reading it. */
  residentName: string;
  /** Credits the resident holds now, in milli-credits (千分之一学分: 1000 = 1 学分). */
  balanceMilli: number;
  byCategory: CategoryTotal[];
  /** All learning time recorded, in minutes. */
  totalMinutes: number;
  /** ISO 8601 time the figures were read. */
  asOf: string;
}

/** A partner's new API key: the key itself is shown this once. */
export interface PartnerKeyIssued {
  id: number;
  key: string;
  scopes: PartnerScope[];
}

/** One of a partner's API keys as administrators see it: never the key, only its prefix. */
export interface PartnerKeyView {
  id: number;
  prefix: string;
  scopes: PartnerScope[];
  createdAt: string;
  /** When the key stops (stopped) working: set by revoking, or at the end of a rotation's overlap. */
  endsAt: string | null;
  /** Whether the key opens the partner API now. */
  active: boolean;
}

/** A rotation: the new key (shown this once) and the old key with the time it stops working. */
export interface PartnerKeyRotated {
  issued: PartnerKeyIssued;
  previous: PartnerKeyView;
}

/** A partner's offer as administrators see it, closed ones included. */
export interface PartnerOfferAdminView extends PartnerOfferView {
  active: boolean;
}
