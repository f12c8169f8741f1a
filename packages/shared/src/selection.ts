/**
 * 评选 (called "selection" in code): 百姓学习之星 and 终身学习品牌项目, chosen each year per area by
 * nomination, review within a quota, a public notice period (公示) and a final list. Never a ranking.
 */
export const SELECTION_KINDS = ['star', 'brand'] as const;
export type SelectionKind = (typeof SELECTION_KINDS)[number];
export const SELECTION_KIND_NAMES: Record<SelectionKind, string> = { star: '百姓学习之星', brand: '终身学习品牌项目' };

/** open: nominations and review; notice: 公示 published; final: the list is settled. */
export type SelectionStatus = 'open' | 'notice' | 'final';
/** Who put a nomination forward. */
export type NominatorKind = 'self' | 'community' | 'school';
/** The nominee's answer: 'not_needed' for a self-nomination and for a 品牌项目. */
export type NomineeConsent = 'pending' | 'given' | 'declined' | 'not_needed';
export type NominationStatus = 'pending' | 'selected' | 'rejected' | 'withdrawn';

export const SELECTION_LIMITS = {
  titleMin: 4,
  titleMax: 40,
  storyMin: 20,
  storyMax: 2000,
  projectMin: 2,
  projectMax: 40,
  photosMax: 6,
  quotaMax: 200,
  contactMin: 5,
  contactMax: 40,
  objectionMin: 10,
  objectionMax: 500,
  answerMin: 2,
  answerMax: 500,
  /** 异议 from one address to one selection within an hour. */
  objectionsPerHour: 3,
} as const;

/** The district's eligibility rules for one kind; null: no such rule. */
export interface SelectionRules {
  kind: SelectionKind;
  /** Winners of the same kind are excluded for this many years after their year. */
  excludeWinnersYears: number | null;
  /** Minutes of learning in the selection's year (学习账户). */
  minMinutes: number | null;
  minAge: number | null;
  maxAge: number | null;
}

export interface SelectionView {
  id: number;
  kind: SelectionKind;
  title: string;
  year: number;
  area: { id: number; name: string };
  quota: number;
  nominateFrom: string;
  nominateUntil: string;
  noticeStart: string;
  noticeEnd: string;
  status: SelectionStatus;
  selectedCount: number;
  finalisedAt: string | null;
}

/** A nominee's learning in the selection's year, shown to reviewers only with the nominee's consent. */
export interface NomineeLearning {
  minutes: number;
  records: number;
}

export interface NominationView {
  id: number;
  selectionId: number;
  selectionTitle: string;
  kind: SelectionKind;
  /** The resident's full name (a 品牌项目: its name), shown to the nominator, the nominee and reviewers only. */
  nomineeName: string;
  community: { id: number; name: string };
  nominatorKind: NominatorKind;
  story: string;
  photoUploadIds: string[];
  consent: NomineeConsent;
  status: NominationStatus;
  rejectReason: string | null;
  createdAt: string;
  /** Reviewers only, and only once the nominee consented (or nominated themself). */
  learning?: NomineeLearning | null;
  /** The caller is the nominee and may still accept or decline. */
  awaitingMyConsent?: boolean;
}

/** One entry of a public 公示 or final list: the name partly masked. */
export interface SelectionNoticeEntry {
  nominationId: number;
  maskedName: string;
  community: string;
  story: string;
}

export interface SelectionNotice {
  selection: SelectionView;
  entries: SelectionNoticeEntry[];
}

export interface ObjectionView {
  id: number;
  nominationId: number;
  maskedName: string;
  /** The objector's contact, masked. */
  contactMasked: string;
  reason: string;
  createdAt: string;
  answer: string | null;
  upheld: boolean | null;
  answeredAt: string | null;
}

export interface ObjectionReceipt {
  id: number;
  message: string;
}

/** 王*英, 李*, 欧阳**: the first and (from three characters) the last character stay. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
