import {
  CheckInError,
  checkInQrToken,
  CODE_GRACE_SECONDS,
  CODE_WINDOW_SECONDS,
  CheckInMethod,
  CheckInRequest,
  CheckInResult,
  distanceMeters,
  GeofencePolicy,
  LearnerCode,
  MyUpcomingSession,
  OfferingStatus,
  OFFLINE_GRACE_HOURS,
  QR_GRACE_SECONDS,
  QR_WINDOW_SECONDS,
  Role,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiLabel } from '../common/time';
import { Attendance } from './attendance.entity';
import { AttendanceRepository, SessionMeta } from './attendance.repository';
import { CheckInCodes } from './check-in-codes';
import { CheckInRecorder, StoredCheckIn } from './check-in-recorder';
import { AUTO_CLOSE_AFTER_MS, listedSession, opensAt, toResult } from './check-in-rules';
import { CodeGuesses } from './code-guesses';
import { RosterEvents } from './roster-events';
import { SessionFacts } from './session-facts';
import { LocationConsents } from './location-consents';
import { CheckInPlaces } from './check-in-places';

/** A phone location is trusted for a geofence only when its own error is below this. */
const MAX_ACCURACY_M = 200;

/**
 * How many windows back a code is still good: its own window while on screen, then enough whole
 * windows to cover the grace after it left (a QR: 1 + 6 windows of 10 s, good 60 to 70 s after it
 * left; a spoken code: 1 + 3 minutes, good 180 to 240 s after).
 */
const graceWindows = (graceSeconds: number, windowSeconds: number) => 1 + Math.ceil(graceSeconds / windowSeconds);
const QR_WINDOWS_BACK = graceWindows(QR_GRACE_SECONDS, QR_WINDOW_SECONDS);
const CODE_WINDOWS_BACK = graceWindows(CODE_GRACE_SECONDS, CODE_WINDOW_SECONDS);

/** How far ahead a resident's upcoming sessions are listed: today and tomorrow whatever the hour. */
const UPCOMING_DAYS = 2;

/**
 * 考勤签到 by the resident: a scan of the teacher's QR code or the spoken 6-digit code, a check-out,
 * and the resident's own 学习码 for a teacher to scan. The server's clock alone decides: a QR is
 * good at least 60 seconds after it left the screen, a spoken code at least 3 minutes (wrong spoken
 * codes are limited, see CodeGuesses), an offline scan within a day if its window was inside the
 * check-in period. The QR content is the check-in link (`…/c/<code>`) or an older bare token.
 */
@Injectable()
export class CheckInService {
  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly sessions: SessionFacts,
    private readonly recorder: CheckInRecorder,
    private readonly codes: CheckInCodes,
    private readonly guesses: CodeGuesses,
    private readonly events: RosterEvents,
    private readonly clock: Clock,
    private readonly locationConsents: LocationConsents,
    private readonly places: CheckInPlaces,
  ) {}

  async checkIn(actor: Actor, req: CheckInRequest): Promise<StoredCheckIn> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以签到');
    const now = this.clock.now();
    let meta: SessionMeta;
    let method: CheckInMethod;
    let at = now;
    if (req.qr !== undefined) {
      const scanned = this.codes.parseQr(checkInQrToken(req.qr));
      const found = scanned ? await this.sessions.meta(scanned.sessionId) : null;
      if (!scanned || !found || !this.codes.verifyQr(scanned, await this.sessions.secretOf(found))) {
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
      } else if (current - scanned.window > QR_WINDOWS_BACK) {
        throw AppError.badRequest('二维码已过期，请重新扫描', undefined, CheckInError.CodeExpired);
      }
    } else if (req.sessionId !== undefined && req.code !== undefined) {
      const found = await this.sessions.meta(req.sessionId);
      if (!found) throw AppError.notFound('没有找到这次课');
      await this.guesses.take(actor.userId, found.sessionId);
      const secret = await this.sessions.secretOf(found);
      const minute = this.codes.codeWindow(now);
      const good = Array.from({ length: CODE_WINDOWS_BACK + 1 }, (_, back) => this.codes.code(found.sessionId, secret, minute - back));
      if (!good.includes(req.code)) {
        throw AppError.badRequest('签到码不对或已过期，请听老师念最新的6位数字', undefined, CheckInError.CodeInvalid);
      }
      // only wrong codes count against the resident
      await this.guesses.giveBack(actor.userId, found.sessionId);
      meta = found;
      method = CheckInMethod.Code;
    } else {
      throw AppError.badRequest('请扫描签到二维码，或输入老师念的6位签到码');
    }
    assertOpen(meta, at, { allowClosed: req.offline === true });
    const located = await this.withConsentedLocation(actor, meta, req);
    const flagReason = geofence(meta, located);
    return this.recorder.record(meta, {
      sessionId: meta.sessionId,
      residentId: actor.userId,
      method,
      checkedInAt: at,
      offline: req.offline === true,
      walkIn: false,
      proxyBy: null,
      proxyLookup: null,
      flagReason,
      // the geofence above used the position as sent; only its sealed form is kept
      place: await this.places.seal(actor.userId, located.location),
    });
  }

  /**
   * A geofenced session uses the phone's position only with the resident's separate consent: before
   * their first such check-in they are asked (409, the app asks and sends again); after a no, any
   * position sent is dropped, never stored, and the geofence sees none (a 'flag' activity accepts the
   * check-in for the teacher to confirm; a 'reject' one says to ask the teacher for 代签).
   */
  private async withConsentedLocation(actor: Actor, meta: SessionMeta, req: CheckInRequest): Promise<CheckInRequest & { refusedLocation?: boolean }> {
    if (!usesGeofence(meta)) return { ...req, location: undefined };
    const given = await this.locationConsents.decisionOf(actor.userId);
    if (given === null) {
      throw AppError.conflict('这个活动要确认您在现场，需要用到手机位置。请先选择是否同意', CheckInError.LocationConsentNeeded);
    }
    return given ? req : { ...req, location: undefined, refusedLocation: true };
  }

  /**
   * The resident's enrolled sessions not ended and starting within two days, soonest first. The
   * check-in page takes from them today's and those whose check-in is open now, which near midnight
   * start on another day.
   */
  async upcoming(actor: Actor): Promise<MyUpcomingSession[]> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民有自己的课次');
    const now = this.clock.now();
    const rows = await this.attendance.enrolledSessionsUntil(actor.userId, now, new Date(now.getTime() + UPCOMING_DAYS * 86_400_000));
    return rows.map((meta) => ({ ...listedSession(meta, now), checkInOpensAt: opensAt({ ...meta, startsAt: new Date(meta.startsAt) }).toISOString() }));
  }

  /** The resident's own check-in as it stands now: minutes once fixed, and the teacher's review of a flagged one. */
  async myCheckIn(actor: Actor, attendanceId: string): Promise<CheckInResult> {
    const { meta, a } = await this.ownCheckIn(actor, attendanceId);
    return toResult(meta, a);
  }

  async checkOut(actor: Actor, attendanceId: string): Promise<StoredCheckIn> {
    const { meta, a } = await this.ownCheckIn(actor, attendanceId);
    if (a.checkedOutAt) return { result: toResult(meta, a), created: false };
    const now = this.clock.now();
    if (meta.closedAt) throw AppError.conflict('这次课已经结算了，不能再签退', CheckInError.Closed);
    if (now.getTime() > meta.endsAt.getTime() + AUTO_CLOSE_AFTER_MS) throw AppError.conflict('已经过了签退时间', CheckInError.Closed);
    const updated = await this.attendance.checkOut(a.id, actor.userId, now);
    this.events.changed(a.sessionId);
    return { result: toResult(meta, updated ?? (await this.attendance.findById(a.id))!), created: updated !== null };
  }

  learnerCode(actor: Actor, name: string): LearnerCode {
    return { content: this.codes.learnerCode(actor.userId), name };
  }

  private async ownCheckIn(actor: Actor, attendanceId: string): Promise<{ meta: SessionMeta; a: Attendance }> {
    const a = await this.attendance.findById(attendanceId);
    if (!a || a.residentId !== actor.userId) throw AppError.notFound('没有找到这次签到');
    return { meta: (await this.sessions.meta(a.sessionId, true))!, a };
  }
}

function assertOpen(meta: SessionMeta, at: Date, o: { allowClosed: boolean }): void {
  if (meta.status !== OfferingStatus.Published) throw AppError.conflict('这个课程活动现在不能签到', CheckInError.Closed);
  if (meta.cancelledAt) throw AppError.conflict('这次课已经取消了', CheckInError.Closed);
  if (at < opensAt(meta)) {
    throw AppError.conflict(`签到还没开始，${shanghaiLabel(opensAt(meta))}开始签到`, CheckInError.NotOpen);
  }
  if (at > meta.endsAt || (meta.closedAt && !o.allowClosed)) throw AppError.conflict('签到已经结束了', CheckInError.Closed);
}

/** Whether the session's activity checks the resident is at its venue. */
function usesGeofence(meta: SessionMeta): boolean {
  return meta.geofencePolicy !== GeofencePolicy.Off && meta.venueLatitude !== null && meta.venueLongitude !== null;
}

/** Null when the check-in stands unflagged; a reason when it is accepted but flagged. Throws when refused. */
function geofence(meta: SessionMeta, req: CheckInRequest & { refusedLocation?: boolean }): string | null {
  if (!usesGeofence(meta) || meta.venueLatitude === null || meta.venueLongitude === null) return null;
  const reject = meta.geofencePolicy === GeofencePolicy.Reject;
  const loc = req.location;
  if (!loc && req.refusedLocation) {
    if (reject) throw AppError.forbidden('这个活动要确认您在现场。您没有同意使用位置，请请老师帮您代签', CheckInError.OutsideVenue);
    return '本人不同意使用位置';
  }
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
