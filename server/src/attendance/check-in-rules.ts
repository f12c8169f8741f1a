import { CheckInResult, CheckInReview, SessionCheckInState, TeacherTodaySession } from '@lp/shared';
import { AttendanceOutcome } from '../learning-records/learning-records.service';
import { Attendance } from './attendance.entity';
import { SessionMeta } from './attendance.repository';

/**
 * The rules every side of check-in shares: when a session takes check-ins, what a check-in earns,
 * and how a check-in is shown to the resident.
 */

/** Sessions nobody closed are closed this long after they end; a resident may check out until then. */
export const AUTO_CLOSE_AFTER_MS = 30 * 60_000;

export function opensAt(meta: SessionMeta): Date {
  return new Date(meta.startsAt.getTime() - meta.checkInOpensMinutes * 60_000);
}

export function checkInState(meta: SessionMeta, now: Date): SessionCheckInState {
  if (meta.closedAt || meta.cancelledAt || now > meta.endsAt) return 'closed';
  return now < opensAt(meta) ? 'not_open' : 'open';
}

/** A session as a list of sessions shows it (今天的课, a resident's upcoming ones), with its check-in state at `now`. */
export function listedSession(meta: SessionMeta, now: Date): TeacherTodaySession {
  const startsAt = new Date(meta.startsAt);
  const endsAt = new Date(meta.endsAt);
  return {
    sessionId: meta.sessionId,
    offeringId: meta.offeringId,
    offeringTitle: meta.title,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    state: checkInState({ ...meta, startsAt, endsAt }, now),
  };
}

/** A flagged check-in waits (待核对) until decided; an unflagged one needs no review. */
export function reviewOf(flagReason: string | null, outcome: 'confirmed' | 'rejected' | null): CheckInReview | null {
  return flagReason === null ? null : (outcome ?? 'pending');
}

/** What a check-in hands to the credit bank once its minutes are fixed. */
export function creditOutcome(meta: SessionMeta, a: Attendance): AttendanceOutcome {
  return {
    attendanceId: String(a.id),
    residentId: a.residentId,
    offeringId: meta.offeringId,
    category: meta.category,
    minutes: a.creditedMinutes ?? 0,
    occurredAt: new Date(meta.startsAt),
  };
}

export function toResult(meta: SessionMeta, a: Attendance): CheckInResult {
  return {
    id: Number(a.id),
    sessionId: a.sessionId,
    offeringId: meta.offeringId,
    offeringTitle: meta.title,
    minutes: a.creditedMinutes ?? expectedMinutes(meta, a),
    method: a.method,
    checkedInAt: new Date(a.checkedInAt).toISOString(),
    checkedOutAt: a.checkedOutAt ? new Date(a.checkedOutAt).toISOString() : null,
    walkIn: a.walkIn,
    offline: a.offline,
    flagged: a.flagReason !== null,
    flagReason: a.flagReason,
    review: reviewOf(a.flagReason, a.reviewOutcome),
    reviewNote: a.reviewNote,
    requiresCheckOut: meta.requiresCheckOut,
  };
}

/**
 * What a check-in will earn if nothing changes: the session's 学时, bounded by the time from the
 * later of check-in and start to the earlier of check-out and the planned end (the close fixes it).
 */
function expectedMinutes(meta: SessionMeta, a: Attendance): number {
  const from = Math.max(new Date(a.checkedInAt).getTime(), meta.startsAt.getTime());
  const to = Math.min(a.checkedOutAt ? new Date(a.checkedOutAt).getTime() : Infinity, meta.endsAt.getTime());
  return Math.min(meta.minutes, Math.max(0, Math.floor((to - from) / 60_000)));
}
