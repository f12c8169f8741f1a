import { CheckInAwaitingReview, CheckInError, CheckInReviewRequest, CheckInReviewResult, Page, ProxyAuditEntry, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiLabel } from '../common/time';
import { AppConfig } from '../config/app-config';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ResidentsService } from '../residents/residents.service';
import { CLOSED_NAME } from '../resident-keys/resident-crypto';
import { AttendanceRepository, DecidedRow, ReviewDecision, SessionMeta } from './attendance.repository';
import { RosterEvents } from './roster-events';
import { SessionFacts } from './session-facts';

/** Check-ins the deadline sweep decides per run. */
const REVIEW_SWEEP_BATCH = 200;

/**
 * A second look at check-ins: the flagged ones (待核对: no location, a poor fix, far from the venue)
 * that the session's teacher or an admin of its area confirms or rejects, or the district's deadline
 * decides; and the 代签 log that admins read for their area.
 */
@Injectable()
export class CheckInReviewService {
  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly sessions: SessionFacts,
    private readonly areas: AreasService,
    private readonly residents: ResidentsService,
    private readonly learningRecords: LearningRecordsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly events: RosterEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

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
          ...auditedBy(actor), action: `attendance.review.${outcome}`, targetType: 'session', targetId: String(sessionId), areaId: meta.areaId,
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

  /** 代签 in the admin's area (or a part of it), newest first. */
  async proxyAudit(actor: Actor, areaId: number | undefined, cursor: string | undefined, limit = 50): Promise<Page<ProxyAuditEntry>> {
    const area = await this.areas.assertAdminOf(actor, areaId ?? actor.areaId ?? 0);
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
    const rows = await this.attendance.proxyAudit(area.path, cursor ?? null, limit + 1);
    const page = rows.slice(0, limit);
    // names are sealed under each resident's data key; a closed account's reads 已注销
    const names = await this.residents.openNames(page.map((r) => ({ residentId: r.residentId, name: r.residentName })));
    return {
      items: page.map((r, i) => ({
        attendanceId: Number(r.attendanceId),
        at: new Date(r.at).toISOString(),
        teacherName: r.teacherName,
        residentName: r.residentName === null ? '（未登记）' : (names[i] ?? CLOSED_NAME),
        offeringTitle: r.offeringTitle,
        sessionStartsAt: new Date(r.sessionStartsAt).toISOString(),
        lookedUpBy: r.lookedUpBy,
        area: { id: r.areaId, name: r.areaName },
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].attendanceId) : null,
    };
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
    if (actor.role === Role.Teacher) return this.sessions.ownSession(actor, sessionId);
    const meta = await this.sessions.meta(sessionId, true);
    if (!meta) throw AppError.notFound('没有找到这次课');
    await this.areas.assertAdminOf(actor, meta.areaId);
    return meta;
  }
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
