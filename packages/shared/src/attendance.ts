/** 考勤签到: what the teacher shows, what the resident sends, what the roster says. */

/** Prefix of every rotating QR code's content, so a scanner knows the code is ours. */
export const CHECKIN_QR_PREFIX = 'LP1.';
/** Prefix of a resident's own 学习码 (for proxy check-in from paper). */
export const LEARNER_CODE_PREFIX = 'LPU.';
/** The QR changes every 10 seconds; the spoken code every minute. */
export const QR_WINDOW_SECONDS = 10;
export const CODE_WINDOW_SECONDS = 60;
/**
 * How long a code stays good after it has left the teacher's screen: a QR for a resident whose phone
 * was slow to open the mini program, a spoken code for one who heard it and is still typing.
 */
export const QR_GRACE_SECONDS = 60;
export const CODE_GRACE_SECONDS = 180;
/** Wrong spoken codes a resident may type for one session within CODE_ATTEMPTS_WINDOW_SECONDS; then a pause. */
export const CODE_ATTEMPTS = 10;
export const CODE_ATTEMPTS_WINDOW_SECONDS = 10 * 60;

/**
 * Where a check-in QR code points: `<PUBLIC_BASE_URL>/c/<code>`. WeChat's 扫一扫 opens the mini
 * program's check-in page for this prefix (扫普通链接二维码打开小程序, see README); any other
 * browser gets a page that says to scan with WeChat.
 */
export const CHECKIN_LINK_PATH = '/c/';
/** The mini program page that link opens; WeChat hands it the whole link, URL-encoded, as `q`. */
export const CHECKIN_PAGE_PATH = 'subpackages/learn/pages/checkin/index';

/** The check-in link of a QR token (`LP1.<code>` → `<base>/c/<code>`). */
export function checkInLink(baseUrl: string, token: string): string {
  return baseUrl + CHECKIN_LINK_PATH + token.slice(CHECKIN_QR_PREFIX.length);
}

/**
 * The QR token in what a scanner read: the check-in link (`…/c/<code>`, with or without a query),
 * that link URL-encoded as WeChat passes it in `q`, or a bare token of older screens (`LP1.…`).
 * Anything else comes back as it was, for the server to refuse.
 */
export function checkInQrToken(content: string): string {
  let text = content.trim();
  if (/^https?%3A/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return text;
    }
  }
  const link = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/c\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/i.exec(text);
  return link ? CHECKIN_QR_PREFIX + link[1] : text;
}
/** An offline scan is accepted up to this long after its window. */
export const OFFLINE_GRACE_HOURS = 24;
/** How many digits the spoken code has; the spoken-code tries are limited for this many. */
export const CHECKIN_CODE_DIGITS = 6;
/** The most characters of why a teacher did not accept a 待核对 check-in; the resident reads it. */
export const REVIEW_REASON_MAX = 100;

export const CheckInMethod = {
  Scan: 'scan',
  Code: 'code',
  Proxy: 'proxy',
} as const;
export type CheckInMethod = (typeof CheckInMethod)[keyof typeof CheckInMethod];

export const CHECKIN_METHOD_LABELS: Record<CheckInMethod, string> = {
  [CheckInMethod.Scan]: '扫码',
  [CheckInMethod.Code]: '数字签到码',
  [CheckInMethod.Proxy]: '老师代签',
};

/** What happens when a geofenced activity cannot confirm the resident is at the venue. */
export const GeofencePolicy = {
  Off: 'off',
  Reject: 'reject',
  Flag: 'flag',
} as const;
export type GeofencePolicy = (typeof GeofencePolicy)[keyof typeof GeofencePolicy];

export type SessionCheckInState = 'not_open' | 'open' | 'closed';

/** GET /api/teacher/sessions/:id/qr — refreshed by the teacher's screen every few seconds. */
export interface CheckInDisplay {
  sessionId: number;
  offeringTitle: string;
  state: SessionCheckInState;
  /**
   * Content of the QR code, null unless open: the check-in link `<PUBLIC_BASE_URL>/c/<code>`, which
   * WeChat's 扫一扫 opens in the mini program (see CHECKIN_LINK_PATH).
   */
  qr: string | null;
  /** The 6-digit code to read aloud; null unless open. */
  code: string | null;
  /** When the screen should ask again (server time, ISO). */
  refreshAt: string;
  opensAt: string;
  closesAt: string;
  serverTime: string;
}

/** GCJ-02 (国测局坐标), the datum of wx.getLocation({ type: 'gcj02' }) and Chinese maps; venues are stored in it too. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
  /** Metres, as the phone reports it. */
  accuracy: number;
}

/** GET /api/teacher/sessions/today — the sessions of the teacher's school today (Asia/Shanghai), soonest first. */
export interface TeacherTodaySession {
  sessionId: number;
  offeringId: number;
  offeringTitle: string;
  startsAt: string;
  endsAt: string;
  state: SessionCheckInState;
}

/**
 * GET /api/me/upcoming-sessions — a resident's enrolled sessions that have not ended and start within
 * two days, soonest first: the check-in page picks from them those of today and those open now.
 */
export interface MyUpcomingSession extends TeacherTodaySession {
  /** When check-in opens: the start less the offering's `checkInOpensMinutes`. */
  checkInOpensAt: string;
}

/** POST /api/check-ins — by QR content, or by session and spoken code. */
export interface CheckInRequest {
  /** The scanned QR content: the check-in link, or a bare `LP1.` token of older screens. */
  qr?: string;
  /** With `code`: the session the resident is in. */
  sessionId?: number;
  code?: string;
  /** The scan was kept on the phone while offline and is sent now. */
  offline?: boolean;
  /** Where the phone was, if the resident allowed it. */
  location?: GeoPoint | null;
}

/** 201 for a first check-in, 200 with the same record for any repeat. */
export interface CheckInResult {
  id: number;
  sessionId: number;
  offeringId: number;
  offeringTitle: string;
  /** 学时 this session is worth, in minutes (final figure fixed when the session closes). */
  minutes: number;
  method: CheckInMethod;
  /** Server time of the check-in (for an offline scan: the start of the QR's window). */
  checkedInAt: string;
  checkedOutAt: string | null;
  walkIn: boolean;
  offline: boolean;
  /** Accepted but marked for the teacher (e.g. location unavailable). */
  flagged: boolean;
  flagReason: string | null;
  /** A flagged check-in waits for the teacher (待核对) and earns nothing until confirmed. */
  review: CheckInReview | null;
  /** Why the teacher did not confirm it (or that the deadline passed). */
  reviewNote: string | null;
  requiresCheckOut: boolean;
}

/**
 * 待核对: a flagged check-in is held uncredited until the session's teacher (or an admin of its
 * area) confirms or rejects it, or CHECKIN_REVIEW_DEADLINE_HOURS pass and the district's rule decides.
 */
export type CheckInReview = 'pending' | 'confirmed' | 'rejected';

export const CHECKIN_REVIEW_LABELS: Record<CheckInReview, string> = {
  pending: '待核对',
  confirmed: '已确认',
  rejected: '未通过',
};

/** GET /api/teacher/sessions/:id/check-in-reviews — the session's check-ins waiting for the teacher. */
export interface CheckInAwaitingReview {
  attendanceId: number;
  residentName: string;
  phoneMasked: string;
  checkedInAt: string;
  flagReason: string;
  /** When the district's rule decides it if nobody has. */
  decideBy: string;
}

export type CheckInDecision = 'confirm' | 'reject';

/** POST /api/teacher/sessions/:id/check-in-reviews — one or many check-ins of the session at once. */
export interface CheckInReviewRequest {
  attendanceIds: number[];
  decision: CheckInDecision;
  /** Required to reject: told to the resident. */
  reason?: string;
}

export interface CheckInReviewResult {
  /** Check-ins this request decided. */
  decided: number[];
  /** Check-ins of the request that were not waiting (already decided, not flagged, or not of this session). */
  unchanged: number[];
  /** Learning records written now (the session was already closed and some were confirmed). */
  recordsCreated: number;
}

/** POST /api/teacher/sessions/:id/proxy-lookups — exactly one of these. */
export interface ProxyLookupRequest {
  phone?: string;
  idNumber?: string;
  /** The content of the resident's 学习码 (starts with LEARNER_CODE_PREFIX). */
  learnerCode?: string;
}

/** Who the lookup found, masked, for the teacher to check with the person in front of them before saving. */
export interface ProxyLookupResult {
  residentNameMasked: string;
  phoneMasked: string;
  enrolled: boolean;
  alreadyCheckedIn: boolean;
  /** Null when this resident cannot be checked in here; `problem` then says why. */
  lookupToken: string | null;
  problem: string | null;
}

/** POST /api/teacher/sessions/:id/proxy-check-ins — saves the 代签 the teacher checked, by the lookup's token. */
export interface ProxyCheckInRequest {
  lookupToken: string;
}

/** GET /api/me/learner-code */
export interface LearnerCode {
  content: string;
  name: string;
}

export type RosterStatus = 'arrived' | 'not_arrived';

export interface RosterLine {
  residentId: string;
  residentName: string;
  phoneMasked: string;
  enrolled: boolean;
  status: RosterStatus;
  method: CheckInMethod | null;
  walkIn: boolean;
  offline: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  flagged: boolean;
  flagReason: string | null;
  review: CheckInReview | null;
}

/** GET /api/teacher/sessions/:id/roster, and each event of …/roster/stream (SSE, event name "roster"). */
export interface LiveRoster {
  sessionId: number;
  offeringTitle: string;
  state: SessionCheckInState;
  closedAt: string | null;
  counts: { enrolled: number; arrived: number; notArrived: number; walkIns: number; proxy: number; flagged: number; pendingReview: number };
  lines: RosterLine[];
}

/** POST /api/teacher/sessions/:id/close */
export interface SessionCloseResult {
  sessionId: number;
  closedAt: string;
  attendees: number;
  /** Learning records handed to the credit bank by this close (0 when it was already closed). */
  recordsCreated: number;
  minutesCredited: number;
}

/** GET /api/admin/proxy-check-ins — the audit of 代签. */
export interface ProxyAuditEntry {
  attendanceId: number;
  at: string;
  teacherName: string;
  residentName: string;
  offeringTitle: string;
  sessionStartsAt: string;
  lookedUpBy: 'phone' | 'id_number' | 'learner_code';
  area: { id: number; name: string };
}
