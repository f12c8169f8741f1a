import {
  CheckInDisplay,
  CheckInError,
  checkInLink,
  CheckInMethod,
  LiveRoster,
  maskName,
  ProxyCheckInRequest,
  ProxyLookupRequest,
  ProxyLookupResult,
  QR_WINDOW_SECONDS,
  shanghaiDate,
  TeacherTodaySession,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiDayStart, shanghaiLabel } from '../common/time';
import { AppConfig } from '../config/app-config';
import { teacherSchool } from '../offerings/offerings.service';
import { GuardiansService } from '../guardians/guardians.service';
import { ResidentsService } from '../residents/residents.service';
import { AttendanceRepository, SessionMeta } from './attendance.repository';
import { CheckInCodes, ProxyLookup } from './check-in-codes';
import { CheckInRecorder, StoredCheckIn } from './check-in-recorder';
import { checkInState, listedSession, opensAt, reviewOf } from './check-in-rules';
import { SessionFacts } from './session-facts';
import { personalDataShown } from '../common/personal-data';

/** A 代签 lookup is good this long: time to ask the person in front of the teacher if the name is theirs. */
const PROXY_LOOKUP_TTL_SECONDS = 10 * 60;

/**
 * Check-in as the session's teacher runs it: the QR code and spoken code on the teacher's screen,
 * 代签 for a resident without a phone (look the person up, then save them), and the live roster of
 * who has arrived. Every call checks the teacher teaches at the school of the session's offering.
 */
@Injectable()
export class TeacherCheckInService {
  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly sessions: SessionFacts,
    private readonly recorder: CheckInRecorder,
    private readonly codes: CheckInCodes,
    private readonly residents: ResidentsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly guardians: GuardiansService,
  ) {}

  /**
   * The sessions of the teacher's school today (Asia/Shanghai), and any whose check-in is open now
   * on another day (past midnight), soonest first: the way to a session's QR.
   */
  async today(actor: Actor): Promise<TeacherTodaySession[]> {
    const schoolId = teacherSchool(actor);
    const now = this.clock.now();
    const from = shanghaiDayStart(shanghaiDate(now));
    const rows = await this.attendance.sessionsOfSchoolAround(schoolId, from, new Date(from.getTime() + 24 * 3600_000), now);
    return rows.map((meta) => listedSession(meta, now));
  }

  async display(actor: Actor, sessionId: number): Promise<CheckInDisplay> {
    const meta = await this.sessions.ownSession(actor, sessionId);
    const now = this.clock.now();
    const state = checkInState(meta, now);
    const window = this.codes.qrWindow(now);
    const secret = state === 'open' ? await this.sessions.secretOf(meta) : null;
    return {
      sessionId,
      offeringTitle: meta.title,
      state,
      // a link WeChat's 扫一扫 opens in the mini program; other browsers get a page saying so (CheckInLinkController)
      qr: secret ? checkInLink(this.config.publicBaseUrl, this.codes.qr(sessionId, secret, window)) : null,
      code: secret ? this.codes.code(sessionId, secret, this.codes.codeWindow(now)) : null,
      refreshAt: new Date((window + 1) * QR_WINDOW_SECONDS * 1000).toISOString(),
      opensAt: opensAt(meta).toISOString(),
      closesAt: meta.endsAt.toISOString(),
      serverTime: now.toISOString(),
    };
  }

  /**
   * 代签, first step: finds the resident by exactly one of phone, ID number or 学习码 and shows the
   * teacher whom it found (masked), whether they may be checked in here, and a short-lived token
   * that saves exactly this person for this session and teacher.
   */
  async proxyLookup(actor: Actor, sessionId: number, req: ProxyLookupRequest): Promise<ProxyLookupResult> {
    const meta = await this.sessions.ownSession(actor, sessionId);
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
    assertProxyOpen(meta, now);
    const enrolled = (await this.attendance.enrollmentStatus(meta.offeringId, residentId)) === 'enrolled';
    const existing = await this.attendance.find(null, sessionId, residentId);
    const problem = existing
      ? '这位居民已经签到过了，不用代签。'
      : !enrolled && !meta.allowWalkIn
        ? '这位居民没有报名，这个活动不接受现场报名，不能代签。'
        : null;
    personalDataShown(residentId);
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
  async proxyCheckIn(actor: Actor, sessionId: number, req: ProxyCheckInRequest): Promise<StoredCheckIn> {
    const meta = await this.sessions.ownSession(actor, sessionId);
    const now = this.clock.now();
    const claim = this.codes.readProxyLookupToken(req.lookupToken, now);
    if (!claim || claim.sessionId !== sessionId || claim.teacherId !== actor.userId) {
      throw AppError.badRequest('这次查找已经失效，请重新查找居民，核对姓名后再代签', undefined, CheckInError.ProxyLookupInvalid);
    }
    assertProxyOpen(meta, now);
    // a child under 14 is checked in only with a guardian's standing consent, by whoever checks them in
    await this.guardians.assertMayAct(claim.residentId);
    // the audit entry is written with the check-in, in its transaction (see CheckInRecorder)
    return this.recorder.record(meta, {
      sessionId, residentId: claim.residentId, method: CheckInMethod.Proxy, checkedInAt: now, offline: false, walkIn: false,
      proxyBy: actor.userId, proxyLookup: claim.lookup, flagReason: null, place: null,
    }, true);
  }

  async roster(actor: Actor, sessionId: number): Promise<LiveRoster> {
    await this.sessions.ownSession(actor, sessionId);
    return this.rosterOf(sessionId);
  }

  /** The roster without a permission check: the caller has made it (SSE re-sends it on every change). */
  async rosterOf(sessionId: number): Promise<LiveRoster> {
    const meta = (await this.sessions.meta(sessionId, true))!;
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
      state: checkInState(meta, this.clock.now()),
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
    await this.sessions.ownSession(actor, sessionId);
  }
}

/** A teacher may record presence from the opening until the session is closed, even after its end. */
function assertProxyOpen(meta: SessionMeta, now: Date): void {
  if (meta.cancelledAt) throw AppError.conflict('这次课已经取消了', CheckInError.Closed);
  if (meta.closedAt) throw AppError.conflict('这次课已经结算，不能再代签', CheckInError.Closed);
  if (now < opensAt(meta)) throw AppError.conflict(`还没到签到时间，${shanghaiLabel(opensAt(meta))}开始`, CheckInError.NotOpen);
}
