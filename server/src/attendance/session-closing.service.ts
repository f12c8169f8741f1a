import { CheckInError, SessionCloseResult } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Bulkhead } from '../common/bulkhead';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { AttendanceRepository } from './attendance.repository';
import { AUTO_CLOSE_AFTER_MS, creditOutcome } from './check-in-rules';
import { RosterEvents } from './roster-events';
import { SessionFacts } from './session-facts';
import { OfferingsService } from '../offerings/offerings.service';

/** Sessions the automatic close takes per run. */
const CLOSE_SWEEP_BATCH = 100;

/**
 * Closing a session: attendance is fixed and each attendee's minutes go to the credit bank, in one
 * transaction under the session's row lock. The teacher closes; sessions nobody closed are closed
 * by SessionCloser half an hour after they end.
 */
@Injectable()
export class SessionClosingService {
  private readonly logger = new Logger(SessionClosingService.name);
  /**
   * Closing transactions at once in this process (SESSION_CLOSE_CONCURRENCY, within the pool). When a
   * whole district closes its evening sessions in the same minute, the rest wait here, not in the
   * pool, so heartbeats and check-ins still get a connection and CPU (and fewer closes compete for locks).
   */
  private readonly closing: Bulkhead;

  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly sessions: SessionFacts,
    private readonly offerings: OfferingsService,
    private readonly learningRecords: LearningRecordsService,
    private readonly audit: AuditService,
    private readonly events: RosterEvents,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.closing = new Bulkhead(Math.min(config.SESSION_CLOSE_CONCURRENCY, config.DB_POOL_SIZE));
  }

  /** Fixes attendance and hands each attendee's minutes to the credit bank. Closing twice changes nothing. */
  async close(actor: Actor | null, sessionId: number): Promise<SessionCloseResult> {
    const meta = actor ? await this.sessions.ownSession(actor, sessionId) : await this.sessions.meta(sessionId, true);
    if (!meta) throw AppError.notFound('没有找到这次课');
    const now = this.clock.now();
    if (actor && now < meta.startsAt) throw AppError.conflict('还没开始上课，不能结束签到', CheckInError.NotOpen);
    const made = await this.closing.run(() =>
      this.dataSource.transaction(async (m) => {
        if (!(await this.offerings.lockUnclosedSession(m, sessionId))) return null;
        const fixed = await this.attendance.fixMinutes(m, sessionId, now);
        const records = await this.learningRecords.recordAttendance(m, fixed.map((a) => creditOutcome(meta, a)));
        await this.offerings.markSessionClosed(m, sessionId, actor?.userId ?? null, now);
        if (actor) {
          await this.audit.record(m, { ...auditedBy(actor), action: 'attendance.close', targetType: 'session', targetId: String(sessionId), areaId: meta.areaId });
        }
        // what this close fixed, under the session's lock: no check-in joins a closed session afterwards
        const minutes = fixed.reduce((sum, a) => sum + (a.creditedMinutes ?? 0), 0);
        return { records, attendees: fixed.length, minutes };
      }),
    );
    this.sessions.forget(sessionId);
    this.events.changed(sessionId);
    if (made) {
      return { sessionId, closedAt: now.toISOString(), attendees: made.attendees, recordsCreated: made.records, minutesCredited: made.minutes };
    }
    // closed before (by another request or the automatic close): what that close fixed
    const summary = await this.attendance.closedSummary(sessionId);
    const closed = (await this.sessions.meta(sessionId, true))!;
    return {
      sessionId,
      closedAt: new Date(closed.closedAt ?? now).toISOString(),
      attendees: summary.attendees,
      recordsCreated: 0,
      minutesCredited: summary.minutes,
    };
  }

  /** Closes sessions that ended a while ago and that nobody closed. */
  async closeDue(): Promise<number> {
    const due = await this.offerings.sessionsDueForClosing(new Date(this.clock.now().getTime() - AUTO_CLOSE_AFTER_MS), CLOSE_SWEEP_BATCH);
    for (const id of due) {
      try {
        await this.close(null, id);
      } catch (err) {
        this.logger.warn({ sessionId: id, reason: (err as Error).message }, 'automatic close failed');
      }
    }
    return due.length;
  }
}
