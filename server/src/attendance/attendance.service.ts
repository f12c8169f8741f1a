import {
  CheckInAwaitingReview,
  CheckInDisplay,
  CheckInError,
  CheckInMethod,
  CheckInReview,
  CheckInReviewRequest,
  CheckInReviewResult,
  CheckInRequest,
  distanceMeters,
  CheckInResult,
  EnrollmentError,
  GeofencePolicy,
  LearnerCode,
  LiveRoster,
  OFFLINE_GRACE_HOURS,
  maskName,
  OfferingStatus,
  Page,
  ProxyAuditEntry,
  ProxyCheckInRequest,
  ProxyLookupRequest,
  ProxyLookupResult,
  QR_WINDOW_SECONDS,
  Role,
  SessionCheckInState,
  SessionCloseResult,
} from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { CrashPoints } from '../common/crash-points';
import { shanghaiLabel } from '../common/time';
import { AppConfig } from '../config/app-config';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OfferingsService } from '../offerings/offerings.service';
import { ResidentsService } from '../residents/residents.service';
import { Attendance } from './attendance.entity';
import { AttendanceRepository, DecidedRow, NewAttendance, ReviewDecision, SessionMeta } from './attendance.repository';
import { CheckInCodes, ProxyLookup } from './check-in-codes';
import { CodeGuesses } from './code-guesses';
import { RosterEvents } from './roster-events';

/** A phone location is trusted for a geofence only when its own error is below this. */
const MAX_ACCURACY_M = 200;
/** Sessions nobody closed are closed this long after they end. */
export const AUTO_CLOSE_AFTER_MS = 30 * 60_000;
const META_TTL_MS = 3000;
/** A 代签 lookup is good this long: time to ask the person in front of the teacher if the name is theirs. */
const PROXY_LOOKUP_TTL_SECONDS = 10 * 60;
/** Check-ins the deadline sweep decides per run. */
const REVIEW_SWEEP_BATCH = 200;

/**
 * 考勤签到. The server's clock alone decides: a QR is good in its 10-second window and the one
 * before, a spoken code in its minute and the one before, an offline scan within a day if its
 * window was inside the check-in period. Every path ends in one insert that the database makes
 * unique per resident and session; a repeat answers the first check-in.
 */
@Injectable()
export class AttendanceService {
  private readonly logger = new Logger(AttendanceService.name);
  private readonly metaCache = new Map<number, { meta: SessionMeta; at: number }>();
  private readonly secrets = new Map<number, Buffer>();

  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly codes: CheckInCodes,
    private readonly guesses: CodeGuesses,
    private readonly clock: Clock,
    private readonly offerings: OfferingsService,
    private readonly enrollments: EnrollmentsService,
    private readonly residents: ResidentsService,
    private readonly learningRecords: LearningRecordsService,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly events: RosterEvents,
    private readonly crashPoints: CrashPoints,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  // ---------- the teacher's screen ----------

  async display(actor: Actor, sessionId: number): Promise<CheckInDisplay> {
    const meta = await this.ownSession(actor, sessionId);
    const now = this.clock.now();
    const state = this.state(meta, now);
    const window = this.codes.qrWindow(now);
    const secret = state === 'open' ? await this.secretOf(meta) : null;
    return {
      sessionId,
      offeringTitle: meta.title,
      state,
      qr: secret ? this.codes.qr(sessionId, secret, window) : null,
      code: secret ? this.codes.code(sessionId, secret, this.codes.codeWindow(now)) : null,
      refreshAt: new Date((window + 1) * QR_WINDOW_SECONDS * 1000).toISOString(),
      opensAt: this.opensAt(meta).toISOString(),
      closesAt: meta.endsAt.toISOString(),
      serverTime: now.toISOString(),
    };
  }

  // ---------- residents ----------

  async checkIn(actor: Actor, req: CheckInRequest): Promise<{ result: CheckInResult; created: boolean }> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以签到');
    const now = this.clock.now();
    let meta: SessionMeta;
    let method: CheckInMethod;
    let at = now;
    if (req.qr !== undefined) {
      const scanned = this.codes.parseQr(req.qr);
      const found = scanned ? await this.meta(scanned.sessionId) : null;
      if (!scanned || !found || !this.codes.verifyQr(scanned, await this.secretOf(found))) {
        throw AppError.badRequest('这不是签到二维码，请扫描老师手机或屏幕上的二维码', undefined, CheckInError.CodeInvalid);
      }
      meta = found;
      method = CheckInMethod.Scan;
      const current = this.codes.qrWindow(now);
      if (scanned.window > current) throw AppError.badRequest('二维码无效，请重新扫描', undefined, CheckInError.CodeInvalid);
      if (req.offline) {
        // kept on a phone without network: its own window's time counts, never the phone's clock
        at = this.codes.windowStart(scanned.window);
        if (now.getTime() - at.getTime() > OFFLINE_GRACE_HOURS * 3600_000) {
          throw AppError.badRequest('这次离线签到超过24小时了，请联系老师补签', undefined, CheckInError.CodeExpired);
        }
      } else if (current - scanned.window > 1) {
        throw AppError.badRequest('二维码已过期，请重新扫描', undefined, CheckInError.CodeExpired);
      }
    } else if (req.sessionId !== undefined && req.code !== undefined) {
      const found = await this.meta(req.sessionId);
      if (!found) throw AppError.notFound('没有找到这次课');
      await this.guesses.take(actor.userId, found.sessionId);
      const secret = await this.secretOf(found);
      const minute = this.codes.codeWindow(now);
      if (req.code !== this.codes.code(found.sessionId, secret, minute) && req.code !== this.codes.code(found.sessionId, secret, minute - 1)) {
        throw AppError.badRequest('签到码不对或已过期，请听老师念最新的6位数字', undefined, CheckInError.CodeInvalid);
      }
      // only wrong codes count against the resident
      await this.guesses.giveBack(actor.userId, found.sessionId);
      meta = found;
      method = CheckInMethod.Code;
    } else {
      throw AppError.badRequest('请扫描签到二维码，或输入老师念的6位签到码');
    }
    this.assertOpen(meta, at, { allowClosed: req.offline === true });
    const flagReason = this.geofence(meta, req);
    return this.record(meta, {
      sessionId: meta.sessionId,
      residentId: actor.userId,
      method,
      checkedInAt: at,
      offline: req.offline === true,
      walkIn: false,
      proxyBy: null,
      proxyLookup: null,
      flagReason,
      latitude: req.location?.latitude ?? null,
      longitude: req.location?.longitude ?? null,
      accuracy: req.location?.accuracy ?? null,
    });
  }

  /** The resident's own check-in as it stands now: minutes once fixed, and the teacher's review of a flagged one. */
  async myCheckIn(actor: Actor, attendanceId: string): Promise<CheckInResult> {
    const { meta, a } = await this.ownCheckIn(actor, attendanceId);
    return this.toResult(meta, a);
  }

  async checkOut(actor: Actor, attendanceId: string): Promise<{ result: CheckInResult; created: boolean }> {
    const { meta, a } = await this.ownCheckIn(actor, attendanceId);
    if (a.checkedOutAt) return { result: this.toResult(meta, a), created: false };
    const now = this.clock.now();
    if (meta.closedAt) throw AppError.conflict('这次课已经结算了，不能再签退', CheckInError.Closed);
    if (now.getTime() > meta.endsAt.getTime() + AUTO_CLOSE_AFTER_MS) throw AppError.conflict('已经过了签退时间', CheckInError.Closed);
    const updated = await this.attendance.checkOut(a.id, actor.userId, now);
    this.events.changed(a.sessionId);
    return { result: this.toResult(meta, updated ?? (await this.attendance.findById(a.id))!), created: updated !== null };
  }

  learnerCode(actor: Actor, name: string): LearnerCode {
    return { content: this.codes.learnerCode(actor.userId), name };
  }

  // ---------- teachers ----------

  /**
   * 代签, first step: finds the resident by exactly one of phone, ID number or 学习码 and shows the
   * teacher whom it found (masked), whether they may be checked in here, and a short-lived token
   * that saves exactly this person for this session and teacher.
   */
  async proxyLookup(actor: Actor, sessionId: number, req: ProxyLookupRequest): Promise<ProxyLookupResult> {
    const meta = await this.ownSession(actor, sessionId);
    const given = [req.phone, req.idNumber, req.learnerCode].filter((v) => v !== undefined);
    if (given.length !== 1) throw AppError.badRequest('请只填一项：手机号、身份证号或学习码');
    let residentId: string | null;
    let lookup: ProxyLookup;
    if (req.learnerCode !== undefined) {
      lookup = 'learner_code';
      residentId = this.codes.readLearnerCode(req.learnerCode);
      if (!residentId) throw AppError.badRequest('这个学习码无效，请让居民出示自己的学习码');
    } else {
      lookup = req.phone !== undefined ? 'phone' : 'id_number';
      residentId = await this.residents.findUserIdBy(lookup, (req.phone ?? req.idNumber)!);
    }
    const person = residentId ? (await this.residents.rosterFacts([residentId])).get(residentId) : undefined;
    if (!residentId || !person) throw AppError.notFound('没有找到这位居民，请核对号码，或请居民先在小程序里登记');
    const now = this.clock.now();
    this.assertProxyOpen(meta, now);
    const enrolled = (await this.attendance.enrollmentStatus(meta.offeringId, residentId)) === 'enrolled';
    const existing = await this.attendance.find(null, sessionId, residentId);
    const problem = existing
      ? '这位居民已经签到过了，不用代签。'
      : !enrolled && !meta.allowWalkIn
        ? '这位居民没有报名，这个活动不接受现场报名，不能代签。'
        : null;
    return {
      residentNameMasked: maskName(person.name),
      phoneMasked: person.phoneMasked,
      enrolled,
      alreadyCheckedIn: existing !== null,
      lookupToken: problem
        ? null
        : this.codes.proxyLookupToken({ sessionId, residentId, teacherId: actor.userId, lookup, expires: Math.floor(now.getTime() / 1000) + PROXY_LOOKUP_TTL_SECONDS }),
      problem,
    };
  }

  /** 代签, second step: saves the resident the teacher's lookup showed them. Audited. */
  async proxyCheckIn(actor: Actor, sessionId: number, req: ProxyCheckInRequest): Promise<{ result: CheckInResult; created: boolean }> {
    const meta = await this.ownSession(actor, sessionId);
    const now = this.clock.now();
    const claim = this.codes.readProxyLookupToken(req.lookupToken, now);
    if (!claim || claim.sessionId !== sessionId || claim.teacherId !== actor.userId) {
      throw AppError.badRequest('这次查找已经失效，请重新查找居民，核对姓名后再代签', undefined, CheckInError.ProxyLookupInvalid);
    }
    this.assertProxyOpen(meta, now);
    // the audit entry is written with the check-in, in its transaction (see `settle`)
    return this.record(meta, {
      sessionId, residentId: claim.residentId, method: CheckInMethod.Proxy, checkedInAt: now, offline: false, walkIn: false,
      proxyBy: actor.userId, proxyLookup: claim.lookup, flagReason: null, latitude: null, longitude: null, accuracy: null,
    }, true);
  }

  /** A teacher may record presence from the opening until the session is closed, even after its end. */
  private assertProxyOpen(meta: SessionMeta, now: Date): void {
    if (meta.cancelledAt) throw AppError.conflict('这次课已经取消了', CheckInError.Closed);
    if (meta.closedAt) throw AppError.conflict('这次课已经结算，不能再代签', CheckInError.Closed);
    if (now < this.opensAt(meta)) throw AppError.conflict(`还没到签到时间，${shanghaiLabel(this.opensAt(meta))}开始`, CheckInError.NotOpen);
  }

  async roster(actor: Actor, sessionId: number): Promise<LiveRoster> {
    await this.ownSession(actor, sessionId);
    return this.rosterOf(sessionId);
  }

  /** The roster without a permission check: the caller has made it (SSE re-sends it on every change). */
  async rosterOf(sessionId: number): Promise<LiveRoster> {
    const meta = (await this.meta(sessionId, true))!;
    const rows = await this.attendance.rosterRows(sessionId, meta.offeringId);
    const people = await this.residents.rosterFacts(rows.map((r) => r.residentId));
    const lines = rows.map((r) => {
      const person = people.get(r.residentId);
      return {
        residentId: r.residentId,
        residentName: person?.name ?? '（未登记）',
        phoneMasked: person?.phoneMasked ?? '',
        enrolled: r.enrolled,
        status: r.attendanceId ? ('arrived' as const) : ('not_arrived' as const),
        method: r.method,
        walkIn: r.walkIn ?? false,
        offline: r.offline ?? false,
        checkedInAt: r.checkedInAt ? new Date(r.checkedInAt).toISOString() : null,
        checkedOutAt: r.checkedOutAt ? new Date(r.checkedOutAt).toISOString() : null,
        flagged: r.flagReason !== null,
        flagReason: r.flagReason,
        review: reviewOf(r.flagReason, r.reviewOutcome),
      };
    });
    const arrived = lines.filter((l) => l.status === 'arrived');
    return {
      sessionId,
      offeringTitle: meta.title,
      state: this.state(meta, this.clock.now()),
      closedAt: meta.closedAt ? new Date(meta.closedAt).toISOString() : null,
      counts: {
        enrolled: lines.filter((l) => l.enrolled).length,
        arrived: arrived.length,
        notArrived: lines.length - arrived.length,
        walkIns: arrived.filter((l) => l.walkIn).length,
        proxy: arrived.filter((l) => l.method === CheckInMethod.Proxy).length,
        flagged: arrived.filter((l) => l.flagged).length,
        pendingReview: arrived.filter((l) => l.review === 'pending').length,
      },
      lines,
    };
  }

  /** Checks the teacher may watch this session's roster; the stream itself is RosterEvents. */
  async assertRosterAccess(actor: Actor, sessionId: number): Promise<void> {
    await this.ownSession(actor, sessionId);
  }

  /** Fixes attendance and hands each attendee's minutes to the credit bank. Closing twice changes nothing. */
  async close(actor: Actor | null, sessionId: number): Promise<SessionCloseResult> {
    const meta = actor ? await this.ownSession(actor, sessionId) : await this.meta(sessionId, true);
    if (!meta) throw AppError.notFound('没有找到这次课');
    const now = this.clock.now();
    if (actor && now < meta.startsAt) throw AppError.conflict('还没开始上课，不能结束签到', CheckInError.NotOpen);
    const created = await this.dataSource.transaction(async (m) => {
      if (!(await this.attendance.lockUnclosed(m, sessionId))) return null;
      const fixed = await this.attendance.fixMinutes(m, sessionId, now);
      const records = await this.learningRecords.recordAttendance(m, fixed.map((a) => this.outcome(meta, a)));
      await this.attendance.markClosed(m, sessionId, actor?.userId ?? null, now);
      if (actor) {
        await this.audit.record(m, { actorId: actor.userId, action: 'attendance.close', targetType: 'session', targetId: String(sessionId), areaId: meta.areaId });
      }
      return records;
    });
    this.metaCache.delete(sessionId);
    this.events.changed(sessionId);
    const summary = await this.attendance.closedSummary(sessionId);
    const closed = (await this.meta(sessionId, true))!;
    return {
      sessionId,
      closedAt: new Date(closed.closedAt ?? now).toISOString(),
      attendees: summary.attendees,
      recordsCreated: created ?? 0,
      minutesCredited: summary.minutes,
    };
  }

  /** Closes sessions that ended a while ago and that nobody closed. */
  async closeDue(): Promise<number> {
    const due = await this.attendance.dueForClosing(new Date(this.clock.now().getTime() - AUTO_CLOSE_AFTER_MS), 100);
    for (const id of due) {
      try {
        await this.close(null, id);
      } catch (err) {
        this.logger.warn({ sessionId: id, reason: (err as Error).message }, 'automatic close failed');
      }
    }
    return due.length;
  }

  // ---------- 待核对: flagged check-ins wait for the teacher ----------

  /** The session's flagged check-ins nobody has decided yet, with the moment the district's rule will. */
  async awaitingReview(actor: Actor, sessionId: number): Promise<CheckInAwaitingReview[]> {
    await this.reviewableSession(actor, sessionId);
    const rows = await this.attendance.awaitingReview(sessionId, this.config.CHECKIN_REVIEW_DEADLINE_HOURS);
    const people = await this.residents.rosterFacts(rows.map((r) => r.residentId));
    return rows.map((r) => ({
      attendanceId: Number(r.attendanceId),
      residentName: people.get(r.residentId)?.name ?? '（未登记）',
      phoneMasked: people.get(r.residentId)?.phoneMasked ?? '',
      checkedInAt: new Date(r.checkedInAt).toISOString(),
      flagReason: r.flagReason,
      decideBy: new Date(r.decideBy).toISOString(),
    }));
  }

  /**
   * Confirms or rejects flagged check-ins of one session (the session's teacher, or an admin of its
   * area). Confirmed ones earn their minutes at the close, or now if the session is already closed;
   * rejected ones earn nothing. Each resident is told. A check-in is decided once.
   */
  async review(actor: Actor, sessionId: number, req: CheckInReviewRequest): Promise<CheckInReviewResult> {
    const meta = await this.reviewableSession(actor, sessionId);
    const reason = req.reason?.trim() ?? '';
    if (req.decision === 'reject' && !reason) throw AppError.badRequest('请写上不通过的原因，居民会看到');
    const ids = [...new Set(req.attendanceIds.map(String))];
    const outcome = req.decision === 'confirm' ? 'confirmed' : 'rejected';
    const { decided, recordsCreated } = await this.dataSource.transaction(async (m) => {
      const made = await this.decideReviews(m, { sessionId, ids, outcome, by: actor.userId, note: outcome === 'rejected' ? reason : null });
      if (made.decided.length) {
        await this.audit.record(m, {
          actorId: actor.userId, action: `attendance.review.${outcome}`, targetType: 'session', targetId: String(sessionId), areaId: meta.areaId,
          details: { attendanceIds: made.decided.map(Number) },
        });
      }
      return made;
    });
    if (!decided.length) throw AppError.conflict('这些签到已经核对过了，或者不需要核对', CheckInError.ReviewNotPending);
    this.events.changed(sessionId);
    return { decided: decided.map(Number), unchanged: ids.filter((id) => !decided.includes(id)).map(Number), recordsCreated };
  }

  /**
   * The district's deadline: flagged check-ins nobody decided within CHECKIN_REVIEW_DEADLINE_HOURS
   * of the session's end (or of a 代签 made after it) are decided by CHECKIN_REVIEW_DEADLINE_OUTCOME,
   * and their residents told. Run by SessionCloser;
   * a check-in is decided once however many instances sweep at the same time.
   */
  async decideOverdueReviews(): Promise<number> {
    const now = this.clock.now();
    const hours = this.config.CHECKIN_REVIEW_DEADLINE_HOURS;
    const ids = await this.attendance.overdueForReview(now, hours, REVIEW_SWEEP_BATCH);
    if (!ids.length) return 0;
    const outcome = this.config.CHECKIN_REVIEW_DEADLINE_OUTCOME === 'confirm' ? 'confirmed' : 'rejected';
    const note = `老师没有在课后${hours}小时内核对`;
    const { decided, sessions } = await this.dataSource.transaction((m) => this.decideReviews(m, { sessionId: null, ids, outcome, by: null, note }));
    for (const sid of sessions) this.events.changed(sid);
    return decided.length;
  }

  /** Decides, credits what a closed session owes, and tells each resident, in the caller's transaction. */
  private async decideReviews(m: EntityManager, d: ReviewDecision): Promise<{ decided: string[]; sessions: number[]; recordsCreated: number }> {
    const rows = await this.attendance.decide(m, d, this.clock.now());
    let recordsCreated = 0;
    for (const [sid, ofSession] of groupBy(rows.filter((r) => r.closed), (r) => r.sessionId)) {
      const fixed = await this.attendance.fixMinutes(m, sid, null, ofSession.map((r) => r.id));
      const facts = ofSession[0];
      recordsCreated += await this.learningRecords.recordAttendance(
        m,
        fixed.map((a) => ({
          attendanceId: String(a.id), residentId: a.residentId, offeringId: facts.offeringId, category: facts.category,
          minutes: a.creditedMinutes ?? 0, occurredAt: new Date(facts.sessionStartsAt),
        })),
      );
    }
    for (const r of rows) await this.notifications.notify(m, [r.residentId], reviewNotice(r, d.note, d.by === null));
    return { decided: rows.map((r) => String(r.id)), sessions: [...new Set(rows.map((r) => r.sessionId))], recordsCreated };
  }

  /** The session's teacher (their school's offering), or an admin of the area it is in. */
  private async reviewableSession(actor: Actor, sessionId: number): Promise<SessionMeta> {
    if (actor.role === Role.Teacher) return this.ownSession(actor, sessionId);
    const meta = await this.meta(sessionId, true);
    if (!meta) throw AppError.notFound('没有找到这次课');
    await this.areas.assertAdminOf(actor, meta.areaId);
    return meta;
  }

  async proxyAudit(actor: Actor, areaId: number | undefined, cursor: string | undefined, limit = 50): Promise<Page<ProxyAuditEntry>> {
    const area = await this.areas.assertAdminOf(actor, areaId ?? actor.areaId ?? 0);
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
    const rows = await this.attendance.proxyAudit(area.path, cursor ?? null, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        attendanceId: Number(r.attendanceId),
        at: new Date(r.at).toISOString(),
        teacherName: r.teacherName,
        residentName: r.residentName ?? '（未登记）',
        offeringTitle: r.offeringTitle,
        sessionStartsAt: new Date(r.sessionStartsAt).toISOString(),
        lookedUpBy: r.lookedUpBy,
        area: { id: r.areaId, name: r.areaName },
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].attendanceId) : null,
    };
  }

  // ---------- the one way in ----------

  /**
   * Inserts (walk-ins are enrolled first, if allowed and places are free) or answers the existing
   * check-in. A 代签 or an offline scan has more to write with its check-in (see `settle`): it is
   * inserted in a transaction of its own; plain scans arriving together share one INSERT.
   */
  private async record(meta: SessionMeta, a: NewAttendance, teacherAdmits = false): Promise<{ result: CheckInResult; created: boolean }> {
    const requireUnclosed = !a.offline;
    const inserted =
      a.proxyBy !== null || a.offline
        ? await this.dataSource.transaction(async (m) => this.settle(m, meta, await this.attendance.insertIfEnrolled(m, a, requireUnclosed)))
        : await this.attendance.insertIfEnrolled(null, a, requireUnclosed);
    if (inserted) return this.finish(meta, inserted);
    const existing = await this.attendance.find(null, a.sessionId, a.residentId);
    if (existing) return { result: this.toResult(meta, existing), created: false };
    const fresh = (await this.meta(meta.sessionId, true))!;
    if (fresh.cancelledAt) throw AppError.conflict('这次课已经取消了', CheckInError.Closed);
    if (fresh.closedAt && requireUnclosed) throw AppError.conflict('签到已经结束了', CheckInError.Closed);
    // not enrolled: a walk-in, if the activity (or the teacher doing a 代签) lets them in
    const status = await this.attendance.enrollmentStatus(meta.offeringId, a.residentId);
    // a 代签 follows the activity's rule too: a teacher admits walk-ins only where the activity takes them
    if (!meta.allowWalkIn) {
      throw AppError.forbidden(
        teacherAdmits
          ? '这位居民没有报名，这个活动不接受现场报名，不能代签'
          : status === 'waitlisted' ? '您还在候补名单上，没有名额，请和老师说一声' : '您没有报名这个活动，请先报名或和老师说一声',
        EnrollmentError.NotEnrolled,
      );
    }
    const walkedIn = await this.enrollments.inTurn(meta.offeringId, () =>
      this.dataSource.transaction(async (m) => {
        await this.enrollments.admitWalkIn(m, meta.offeringId, a.residentId, teacherAdmits);
        return this.settle(m, meta, await this.attendance.insertIfEnrolled(m, { ...a, walkIn: true }, requireUnclosed));
      }),
    );
    if (walkedIn) return this.finish(meta, walkedIn);
    const raced = await this.attendance.find(null, a.sessionId, a.residentId);
    if (raced) return { result: this.toResult(meta, raced), created: false };
    throw AppError.conflict('签到已经结束了', CheckInError.Closed);
  }

  /**
   * What must be written in the transaction that stores a new check-in, or not at all: a 代签's
   * audit entry, and the hours of an offline scan that arrives after the close (online ones are
   * refused by the insert itself). The insert holds the session's row, so a close has either
   * finished before it (then the hours are credited here) or waits for it and credits them itself.
   */
  private async settle(m: EntityManager, meta: SessionMeta, a: Attendance | null): Promise<Attendance | null> {
    if (!a) return null;
    this.crashPoints.reach('attendance.stored');
    if (a.proxyBy !== null) {
      await this.audit.record(m, {
        actorId: a.proxyBy, action: 'attendance.proxy', targetType: 'attendance', targetId: String(a.id), areaId: meta.areaId,
        details: { sessionId: a.sessionId, lookup: a.proxyLookup },
      });
    }
    if (a.offline && (await this.attendance.isClosed(m, a.sessionId))) {
      const fixed = (await this.attendance.fixMinutes(m, a.sessionId)).filter((x) => x.id === a.id);
      await this.learningRecords.recordAttendance(m, fixed.map((x) => this.outcome(meta, x)));
    }
    return a;
  }

  /** A new check-in, written with all that goes with it: tell the live rosters. */
  private finish(meta: SessionMeta, a: Attendance): { result: CheckInResult; created: boolean } {
    this.events.changed(a.sessionId);
    return { result: this.toResult(meta, a), created: true };
  }

  // ---------- rules ----------

  private opensAt(meta: SessionMeta): Date {
    return new Date(meta.startsAt.getTime() - meta.checkInOpensMinutes * 60_000);
  }

  private state(meta: SessionMeta, now: Date): SessionCheckInState {
    if (meta.closedAt || meta.cancelledAt || now > meta.endsAt) return 'closed';
    return now < this.opensAt(meta) ? 'not_open' : 'open';
  }

  private assertOpen(meta: SessionMeta, at: Date, o: { allowClosed: boolean }): void {
    if (meta.status !== OfferingStatus.Published) throw AppError.conflict('这个课程活动现在不能签到', CheckInError.Closed);
    if (meta.cancelledAt) throw AppError.conflict('这次课已经取消了', CheckInError.Closed);
    if (at < this.opensAt(meta)) {
      throw AppError.conflict(`签到还没开始，${shanghaiLabel(this.opensAt(meta))}开始签到`, CheckInError.NotOpen);
    }
    if (at > meta.endsAt || (meta.closedAt && !o.allowClosed)) throw AppError.conflict('签到已经结束了', CheckInError.Closed);
  }

  /** Null when the check-in stands unflagged; a reason when it is accepted but flagged. Throws when refused. */
  private geofence(meta: SessionMeta, req: CheckInRequest): string | null {
    if (meta.geofencePolicy === GeofencePolicy.Off || meta.venueLatitude === null || meta.venueLongitude === null) return null;
    const reject = meta.geofencePolicy === GeofencePolicy.Reject;
    const loc = req.location;
    if (!loc) {
      if (reject) throw AppError.forbidden('这个活动需要确认您在现场，请允许使用位置后再签到', CheckInError.OutsideVenue);
      return '没有提供位置';
    }
    if (loc.accuracy > Math.max(MAX_ACCURACY_M, meta.geofenceRadiusMeters)) {
      if (reject) throw AppError.forbidden('手机定位不准，请到窗边或室外再试，或请老师代签', CheckInError.OutsideVenue);
      return `定位误差约${Math.round(loc.accuracy)}米`;
    }
    const distance = distanceMeters(loc, { latitude: meta.venueLatitude, longitude: meta.venueLongitude });
    if (distance <= meta.geofenceRadiusMeters + loc.accuracy) return null;
    if (reject) throw AppError.forbidden(`您不在活动地点附近（相距约${Math.round(distance)}米），请到现场再签到`, CheckInError.OutsideVenue);
    return `距离场地约${Math.round(distance)}米`;
  }

  private outcome(meta: SessionMeta, a: Attendance) {
    return {
      attendanceId: String(a.id),
      residentId: a.residentId,
      offeringId: meta.offeringId,
      category: meta.category,
      minutes: a.creditedMinutes ?? 0,
      occurredAt: new Date(meta.startsAt),
    };
  }

  private toResult(meta: SessionMeta, a: Attendance): CheckInResult {
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

  private async ownCheckIn(actor: Actor, attendanceId: string): Promise<{ meta: SessionMeta; a: Attendance }> {
    const a = await this.attendance.findById(attendanceId);
    if (!a || a.residentId !== actor.userId) throw AppError.notFound('没有找到这次签到');
    return { meta: (await this.meta(a.sessionId, true))!, a };
  }

  private async ownSession(actor: Actor, sessionId: number): Promise<SessionMeta> {
    const meta = await this.meta(sessionId, true);
    if (!meta) throw AppError.notFound('没有找到这次课');
    await this.offerings.ownOffering(actor, meta.offeringId);
    return meta;
  }

  /** Session facts, cached for a few seconds on the hot path; `fresh` reads the database. */
  private async meta(sessionId: number, fresh = false): Promise<SessionMeta | null> {
    const hit = this.metaCache.get(sessionId);
    if (!fresh && hit && Date.now() - hit.at < META_TTL_MS) return hit.meta;
    const meta = await this.attendance.sessionMeta(sessionId);
    if (meta) {
      meta.startsAt = new Date(meta.startsAt);
      meta.endsAt = new Date(meta.endsAt);
      if (this.metaCache.size > 5000) this.metaCache.clear();
      this.metaCache.set(sessionId, { meta, at: Date.now() });
    }
    return meta;
  }

  /** The session's signing secret, made on first use; it never changes, so it is kept in memory. */
  private async secretOf(meta: SessionMeta): Promise<Buffer> {
    const known = this.secrets.get(meta.sessionId) ?? meta.secret;
    if (known) {
      this.secrets.set(meta.sessionId, known);
      return known;
    }
    const secret = await this.attendance.ensureSecret(meta.sessionId, randomBytes(32));
    this.secrets.set(meta.sessionId, secret);
    return secret;
  }
}


/** A flagged check-in waits (待核对) until decided; an unflagged one needs no review. */
function reviewOf(flagReason: string | null, outcome: 'confirmed' | 'rejected' | null): CheckInReview | null {
  return flagReason === null ? null : (outcome ?? 'pending');
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

function reviewNotice(r: DecidedRow, note: string | null, byDeadline: boolean) {
  const what = `您在「${r.offeringTitle}」（${shanghaiLabel(new Date(r.sessionStartsAt))}）的签到`;
  if (r.outcome === 'confirmed') {
    const who = byDeadline ? '老师没有在规定时间内核对，按本区规定已确认' : '老师已经确认';
    return { title: '签到已确认', body: `${what}${who}，学时${r.closed ? '已经' : '会在结束签到后'}记入您的学习账户。`, offeringId: r.offeringId };
  }
  return { title: '签到没有通过核对', body: `${what}没有通过核对，不记学时。原因：${note ?? '未说明'}。如有疑问，请联系老师。`, offeringId: r.offeringId };
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
