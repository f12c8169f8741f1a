import { AreaLevel, ResidentGroup, Role, SchoolType } from './enums';
import type { GuardianSummary } from './guardians';

/** Tokens returned by every login and by refresh. */
export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: CurrentUser;
}

export interface CurrentUser {
  id: string;
  role: Role;
  displayName: string;
  /** Residents: whether the one-time profile binding is done. */
  profileBound: boolean;
  /** Teachers: their school. */
  school: { id: number; name: string } | null;
  /** Admins: the area node they manage (super-admins: the district). */
  area: { id: number; name: string; level: AreaLevel } | null;
  wechatLinked: boolean;
  /** Staff with a first or reset password: they must change it before anything else (change-password page). */
  passwordChangeRequired: boolean;
  /**
   * 长辈模式 (larger type and touch targets): the account's own choice, or, until one is made, on for
   * a resident whose bound birth date makes them 60 or older. It follows the account to any phone.
   */
  elderMode: boolean;
  /** Bound residents: the street of their community (首页's 就在附近 asks for it before the profile answers). */
  homeStreetId: number | null;
}

/** PUT /api/me/elder-mode */
export interface ElderModeRequest {
  on: boolean;
}

/** POST /api/auth/wechat/login */
export interface WechatLoginRequest {
  code: string;
}

/** POST /api/auth/password/login */
export interface PasswordLoginRequest {
  username: string;
  password: string;
}

/** POST /api/auth/refresh */
export interface RefreshRequest {
  refreshToken: string;
}

/** GET /api/auth/demo/accounts — only while the demo switch is on. */
export interface DemoAccount {
  /** Pass as `userId` to POST /api/auth/demo/login; "new-resident" makes a fresh unbound resident. */
  userId: string;
  role: Role;
  label: string;
  description: string;
}

/** A resident's real name, in characters. */
export const REAL_NAME_LENGTH = { min: 2, max: 20 } as const;

/** PUT /api/me/profile — the one-time binding. */
export interface BindProfileRequest {
  realName: string;
  /** Typed by the resident; left out when `phoneCode` is given. */
  phone?: string;
  /** The code from WeChat's 手机号快速验证 (getPhoneNumber): the server asks WeChat for the number, which is then verified. */
  phoneCode?: string;
  idNumber?: string;
  /** YYYY-MM-DD; must agree with the ID number when one is given. */
  birthDate: string;
  communityId: number;
  groups: ResidentGroup[];
}

/** POST /api/me/phone/verification — the code from WeChat's 手机号快速验证. */
export interface VerifyPhoneRequest {
  code: string;
}

/** GET /api/me/profile — the owner sees their own numbers masked too. */
export interface ResidentProfile {
  realName: string;
  /** Null once the number was taken by the account that verified it through WeChat. */
  phoneMasked: string | null;
  /** The number was confirmed through WeChat's 手机号快速验证. */
  phoneVerified: boolean;
  idNumberMasked: string | null;
  birthDate: string;
  age: number;
  isSenior: boolean;
  community: AreaSummary;
  street: AreaSummary;
  groups: ResidentGroup[];
  boundAt: string;
}

export interface AreaSummary {
  id: number;
  name: string;
  level: AreaLevel;
}

/** GET /api/areas/tree */
export interface AreaNode extends AreaSummary {
  code: string;
  parentId: number | null;
  children: AreaNode[];
}

/** GET /api/areas/manage: a node as its administrators see it, retired ones included. */
export interface AreaAdminNode extends AreaSummary {
  code: string;
  parentId: number | null;
  /** 乡村 (true) or 城市 (false): the indicators differ. */
  isRural: boolean;
  /** When it was retired (ISO), or null while in service. A retired node keeps its history and statistics. */
  retiredAt: string | null;
  children: AreaAdminNode[];
}

/** POST /api/areas */
export interface NewAreaRequest {
  parentId: number;
  /** The 12-digit 统计用区划代码. */
  code: string;
  name: string;
  isRural: boolean;
}

/** PATCH /api/areas/:id: only what is sent changes. */
export interface AreaChangeRequest {
  name?: string;
  isRural?: boolean;
  /** Move under another node of the parent's level. */
  parentId?: number;
  /** true retires the node, false returns it to service. */
  retired?: boolean;
}

/** One row of an area import that adds or changes a node. */
export interface AreaImportChange {
  /** The row number in the spreadsheet. */
  line: number;
  code: string;
  name: string;
  level: AreaLevel;
  isRural: boolean;
  parentCode: string;
  /** 'add' for a new node; 'update' when the name or 城乡 differs from the stored node (which `was` shows). */
  kind: 'add' | 'update';
  was: { name: string; isRural: boolean } | null;
}

/** POST /api/areas/import/preview and POST /api/areas/import */
export interface AreaImportResult {
  /** false for a preview: nothing was written. */
  applied: boolean;
  changes: AreaImportChange[];
  /** Rows that match the stored tree already. */
  unchanged: number;
}

/** GET /api/areas/:id/population?year= and PUT the same path with this body. */
export interface PopulationFigures {
  year: number;
  residentTotal: number;
  aged60Plus: number;
  under18: number;
  employed: number;
  migrantWorkers: number;
  unemployed: number;
  ruralLabor: number;
  /** 各类组织数: 机关、企事业单位、学校、社区、社团等应创建学习型组织的单位. */
  organisations: number;
  /** 已创建学习型组织数, never more than `organisations`. */
  learningOrganisations: number;
}

export interface PopulationRow extends PopulationFigures {
  area: AreaSummary;
  updatedAt: string;
}

export interface SchoolSummary {
  id: number;
  name: string;
  type: SchoolType;
  area: AreaSummary;
  address: string | null;
}

export interface VenueRoom {
  id: number;
  name: string;
  capacity: number;
}

export interface VenueSummary {
  id: number;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  capacity: number;
  area: AreaSummary;
  schoolId: number | null;
  rooms: VenueRoom[];
}

/** GET /api/admin/residents — masked, always. */
export interface ResidentListItem {
  userId: string;
  realNameMasked: string;
  phoneMasked: string | null;
  idNumberMasked: string | null;
  age: number;
  community: AreaSummary;
  groups: ResidentGroup[];
  /** A child under 18 added by a guardian: who that is to the child (name masked); null otherwise. */
  guardian: GuardianSummary | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** The file types evidence may be: a photo or a PDF. */
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];
/** The largest evidence file the server keeps. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** POST /api/uploads — the stored evidence file, by its id. */
export interface UploadedFile {
  id: string;
  contentType: UploadType;
  sizeBytes: number;
}

/** GET /api/reminders/templates — the WeChat subscription message templates a resident may allow. */
export interface SubscriptionTemplates {
  /** Reminder before a session; null when reminders are off. */
  reminder: string | null;
}

/** PUT /api/me/ranking-opt-out */
export interface RankingOptOut {
  optOut: boolean;
}

/** POST /api/admin/learning-records/:id/void — the voiding record and the credits taken back. */
export interface RecordVoided {
  voidingRecordId: string;
  reversedMilli: number;
}

/** One dependency's state in GET /api/health. */
export interface HealthIndicatorState {
  status: string;
}

/** GET /api/health — 200 when the database (and Redis, if configured) answer. */
export interface HealthReport {
  status: 'ok' | 'error' | 'shutting_down';
  info?: { [dependency: string]: HealthIndicatorState | undefined };
  error?: { [dependency: string]: HealthIndicatorState | undefined };
  details: { [dependency: string]: HealthIndicatorState | undefined };
}
