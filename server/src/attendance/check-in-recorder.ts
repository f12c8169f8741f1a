import { CheckInError, CheckInResult, EnrollmentError } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { CrashPoints } from '../common/crash-points';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { Attendance } from './attendance.entity';
import { AttendanceRepository, NewAttendance, SessionMeta } from './attendance.repository';
import { creditOutcome, toResult } from './check-in-rules';
import { RosterEvents } from './roster-events';
import { SessionFacts } from './session-facts';
import { OfferingsService } from '../offerings/offerings.service';

/** A check-in as stored: `created` is false when it answers one stored before (200 rather than 201). */
export interface StoredCheckIn {
  result: CheckInResult;
  created: boolean;
}

/**
 * The one way a check-in is stored, whoever makes it (a resident's scan or code, a teacher's 代签).
 * Every path ends in one insert that the database makes unique per resident and session; a repeat
 * answers the first check-in.
 */
@Injectable()
export class CheckInRecorder {
  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly sessions: SessionFacts,
    private readonly offerings: OfferingsService,
    private readonly enrollments: EnrollmentsService,
    private readonly learningRecords: LearningRecordsService,
    private readonly audit: AuditService,
    private readonly events: RosterEvents,
    private readonly crashPoints: CrashPoints,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Inserts (walk-ins are enrolled first, if allowed and places are free) or answers the existing
   * check-in. A 代签 or an offline scan has more to write with its check-in (see `settle`): it is
   * inserted in a transaction of its own; plain scans arriving together share one INSERT.
   */
  async record(meta: SessionMeta, a: NewAttendance, teacherAdmits = false): Promise<StoredCheckIn> {
    const requireUnclosed = !a.offline;
    const inserted =
      a.proxyBy !== null || a.offline
        ? await this.dataSource.transaction(async (m) => this.settle(m, meta, await this.attendance.insertIfEnrolled(m, a, requireUnclosed)))
        : await this.attendance.insertIfEnrolled(null, a, requireUnclosed);
    if (inserted) return this.finish(meta, inserted);
    const existing = await this.attendance.find(null, a.sessionId, a.residentId);
    if (existing) return { result: toResult(meta, existing), created: false };
    const fresh = (await this.sessions.meta(meta.sessionId, true))!;
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
    if (raced) return { result: toResult(meta, raced), created: false };
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
    if (a.offline && (await this.offerings.isSessionClosed(m, a.sessionId))) {
      const fixed = (await this.attendance.fixMinutes(m, a.sessionId)).filter((x) => x.id === a.id);
      await this.learningRecords.recordAttendance(m, fixed.map((x) => creditOutcome(meta, x)));
    }
    return a;
  }

  /** A new check-in, written with all that goes with it: tell the live rosters. */
  private finish(meta: SessionMeta, a: Attendance): StoredCheckIn {
    this.events.changed(a.sessionId);
    return { result: toResult(meta, a), created: true };
  }
}
