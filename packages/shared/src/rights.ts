import type { Role } from './enums';

/**
 * The version of the privacy text (隐私政策) the portal shows now. Every consent a resident gives is
 * stored with it; change it whenever the text on the privacy page changes.
 */
export const PRIVACY_TEXT_VERSION = '2026-12-01';

/**
 * What a member of staff was shown of one resident, written to the personal-data access log.
 * The server marks each endpoint that shows one resident's personal data with one of these.
 */
export const PERSONAL_DATA_KINDS = [
  'proxy-lookup',
  'certification-evidence',
  'evidence-file',
  'resident-lookup',
  'nominee-lookup',
  'register-entry',
  'transcript',
  'account-closure',
] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** Why the data was shown, in words a resident reads. */
export const PERSONAL_DATA_KIND_LABELS: Record<PersonalDataKind, string> = {
  'proxy-lookup': '老师帮您代签到时查找您',
  'certification-evidence': '审核您的学分认定申请',
  'evidence-file': '查看您上传的证明材料',
  'resident-lookup': '管理员查找居民',
  'nominee-lookup': '推荐您参加评选时查找您',
  'register-entry': '查看或登记您的志愿者档案',
  transcript: '查看您的成绩单',
  'account-closure': '应您的申请注销您的账户',
};

/** POST /api/me/account/close and POST /api/admin/residents/:userId/close: the account is closed for good. */
export interface AccountClosed {
  userId: string;
  closedAt: string;
  /** Transcripts revoked on the way. */
  transcriptsRevoked: number;
}

/** Who looked, as a resident is told it: the role and the area or school, never the person. */
export const STAFF_ROLE_LABELS: Record<Exclude<Role, 'resident'>, string> = {
  teacher: '老师',
  admin: '管理员',
  super_admin: '区管理员',
};

/** GET /api/me/access-log: one time staff saw my personal data. */
export interface MyAccessLogEntry {
  at: string;
  kind: PersonalDataKind;
  /** 为什么看：PERSONAL_DATA_KIND_LABELS[kind] */
  purpose: string;
  /** 老师 / 管理员 / 区管理员 */
  role: string;
  /** The area of the staff member (a teacher: their school's area). */
  areaName: string | null;
  schoolName: string | null;
}

/** GET /api/admin/access-log: one row as the administrators of the staff member's area see it. */
export interface AccessLogEntry {
  id: string;
  at: string;
  kind: PersonalDataKind;
  purpose: string;
  route: string;
  staff: { userId: string; name: string; role: Role };
  areaName: string | null;
  schoolName: string | null;
  resident: { userId: string; nameMasked: string };
}

/** GET /api/me/data-export: everything the portal holds about the resident asking, their own numbers readable. */
export interface MyDataCopy {
  exportedAt: string;
  /** The version of the privacy text the portal shows now. */
  privacyTextVersion: string;
  account: { userId: string; displayName: string; createdAt: string; elderMode: boolean | null };
  profile: {
    realName: string;
    phone: string | null;
    phoneVerified: boolean;
    idNumber: string | null;
    birthDate: string;
    community: string;
    groups: string[];
    boundAt: string;
  } | null;
  enrollments: { offeringId: number; title: string; status: string; enrolledAt: string }[];
  /** Where: the venue, and the position the phone gave at check-in when there was one. */
  attendance: {
    sessionId: number;
    title: string;
    place: string | null;
    startsAt: string;
    checkedInAt: string;
    checkedOutAt: string | null;
    method: string;
    minutes: number | null;
    /** Opened from its sealed form for the resident; accuracy in metres as the phone reported it. */
    position: { latitude: number; longitude: number; accuracyMeters: number | null } | null;
  }[];
  learningRecords: { id: string; source: string; category: string; title: string; minutes: number; occurredAt: string; creditsMilli: number }[];
  ledgerEntries: { transferId: string; kind: string; category: string; amountMilli: number; balanceAfterMilli: number; at: string; memo: string }[];
  /** Permissions for partners and for location at check-in, each with the privacy text version it was given under. */
  consents: { partner: string; scopes: string[]; createdAt: string; expiresAt: string; revokedAt: string | null; privacyTextVersion: string }[];
  locationConsent: LocationConsentView;
  certifications: { id: string; achievement: string; certificateNo: string; issuer: string; issuedOn: string; status: string; creditsMilli: number; submittedAt: string }[];
  transcripts: { id: string; issuedAt: string; revoked: boolean }[];
  nominations: { id: number; selection: string; nominee: string; nominatedBy: string; consent: string; status: string; createdAt: string }[];
  accessLog: MyAccessLogEntry[];
  /**
   * Guardianship (children under 14): `guardian` rows name my guardians and their consent for me,
   * `child` rows the children I added and my consent for each.
   */
  guardianship: { role: 'guardian' | 'child'; userId: string; relationship: string; consentGiven: boolean; privacyTextVersion: string; decidedAt: string }[];
}

/** GET/PUT /api/me/location-consent: whether the resident lets check-in use their phone's position. */
export interface LocationConsentView {
  /** Null until the resident has answered (they are asked once, before the first check-in that uses it). */
  given: boolean | null;
  decidedAt: string | null;
  /** The privacy text version the answer was given under. */
  privacyTextVersion: string | null;
}
