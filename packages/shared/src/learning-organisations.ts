import { AreaSummary } from './api';

/**
 * 学习型组织 and 学习型社团: the kinds the seeds ask districts to create (学习型机关、企事业单位、
 * 社区、家庭、社团、党组织、学校). Stored as these codes: never rename one.
 */
export const OrganisationKind = {
  Agency: 'agency',
  Enterprise: 'enterprise',
  Community: 'community',
  Family: 'family',
  Society: 'society',
  PartyOrganisation: 'party',
  School: 'school',
} as const;
export type OrganisationKind = (typeof OrganisationKind)[keyof typeof OrganisationKind];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  agency: '学习型机关',
  enterprise: '学习型企事业单位',
  community: '学习型社区',
  family: '学习型家庭',
  society: '学习型社团',
  party: '学习型党组织',
  school: '学习型学校',
};

export const ORGANISATION_KINDS = Object.values(OrganisationKind);

/** What a resident applies for in their own community; the other kinds are registered by an admin. */
export const RESIDENT_ORGANISATION_KINDS: ReadonlyArray<OrganisationKind> = [OrganisationKind.Family, OrganisationKind.Society];

/** The status as the applicant reads it on their own page. */
export const ORGANISATION_STATUS_FOR_APPLICANT: Record<OrganisationStatus, string> = {
  applied: '申请中',
  returned: '退回',
  recognised: '已认定',
  lapsed: '已失效',
};

/**
 * applied: 待评估 (new, or sent again after a return); returned: 已退回 with a reason;
 * recognised: 已认定, reviewed every year; lapsed: 已失效 (the yearly review was missed).
 */
export const OrganisationStatus = {
  Applied: 'applied',
  Returned: 'returned',
  Recognised: 'recognised',
  Lapsed: 'lapsed',
} as const;
export type OrganisationStatus = (typeof OrganisationStatus)[keyof typeof OrganisationStatus];

export const ORGANISATION_STATUS_LABELS: Record<OrganisationStatus, string> = {
  applied: '待评估',
  returned: '已退回',
  recognised: '已认定',
  lapsed: '已失效',
};

export const ORGANISATION_LIMITS = {
  nameMin: 2,
  nameMax: 60,
  contactNameMax: 20,
  members: 200,
  memberNameMax: 20,
  planMin: 10,
  planMax: 2000,
  criteria: 20,
  criterionTitleMax: 60,
  criterionScoreMax: 100,
  commentMax: 200,
  reasonMin: 2,
  reasonMax: 200,
  sourceMax: 60,
  /** 补助金额上限（分）：一百万元 */
  subsidyMaxFen: 100_000_000,
} as const;

/** One criterion of a kind, as the district set it (or the default when it has set none). */
export interface OrganisationCriterion {
  /** null for a default the district has not saved yet */
  id: number | null;
  title: string;
  maxScore: number;
}

export interface OrganisationCriteria {
  kind: OrganisationKind;
  kindLabel: string;
  /** true while the district uses the defaults below (it has saved none of its own) */
  isDefault: boolean;
  criteria: OrganisationCriterion[];
}

/**
 * Criteria every kind starts with until the district saves its own: what the seeds ask of any
 * 学习型组织 (a plan, regular learning, members taking part, results).
 */
export const DEFAULT_ORGANISATION_CRITERIA: readonly { title: string; maxScore: number }[] = [
  { title: '有年度学习计划和学习制度', maxScore: 20 },
  { title: '定期开展学习活动，有记录', maxScore: 30 },
  { title: '成员普遍参加学习', maxScore: 30 },
  { title: '学习有成效，有特色', maxScore: 20 },
];

/** The district's date by which each recognised organisation's yearly review must be done. */
export interface OrganisationSettings {
  district: AreaSummary;
  reviewMonth: number;
  reviewDay: number;
  /** true while the district uses the default date */
  isDefault: boolean;
}

/** By default the review of a year is due by 3月31日 of the next. */
export const DEFAULT_REVIEW_DEADLINE = { month: 3, day: 31 } as const;

export interface CriterionScore {
  title: string;
  maxScore: number;
  score: number;
  comment: string;
}

export interface OrganisationAssessmentView {
  id: string;
  outcome: 'recognised' | 'returned' | 'reviewed';
  assessorName: string;
  scores: CriterionScore[];
  totalScore: number;
  maxScore: number;
  comment: string;
  at: string;
}

export interface OrganisationSubsidyView {
  id: string;
  amountFen: number;
  grantedOn: string;
  source: string;
  recordedAt: string;
}

export interface OrganisationActivityView {
  offeringId: number;
  title: string;
  startsAt: string | null;
}

export interface OrganisationListItem {
  id: string;
  kind: OrganisationKind;
  kindLabel: string;
  name: string;
  area: AreaSummary;
  status: OrganisationStatus;
  statusLabel: string;
  memberCount: number;
  /** the day recognition began (认定日期), while recognised or lapsed */
  recognisedOn: string | null;
  /** the day by which the next yearly review is due, while recognised */
  reviewDueOn: string | null;
  lapsedOn: string | null;
  submittedAt: string;
}

export interface OrganisationView extends OrganisationListItem {
  contactName: string;
  /** masked: 138****5678 */
  contactPhone: string;
  members: string[];
  plan: string;
  returnReason: string | null;
  /** whether the one asking may assess it now (an admin above its area who did not register it) */
  canAssess: boolean;
  /** whether the one asking may send it again after a return (the one who registered it) */
  canResubmit: boolean;
  assessments: OrganisationAssessmentView[];
  subsidies: OrganisationSubsidyView[];
  activities: OrganisationActivityView[];
}
