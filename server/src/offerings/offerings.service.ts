import {
  ADMIN_ROLES,
  LearningCircle,
  LEARNING_CIRCLE_MINUTES,
  OFFERING_LIMITS,
  OfferingDetail,
  OfferingError,
  OfferingInput,
  OfferingKind,
  OfferingQuery,
  OfferingStatus,
  OfferingSummary,
  Page,
  ReviewItem,
  RIDE_METERS_PER_MINUTE,
  Role,
  TeacherOffering,
  WALK_METERS_PER_MINUTE,
  MyEnrollmentState,
  EnrollmentStatus,
  GeofencePolicy,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { shanghaiLabel } from '../common/time';
import { NotificationsService } from '../notifications/notifications.service';
import { SchoolsService } from '../schools/schools.service';
import { TeachersService } from '../teachers/teachers.service';
import { VenuesService } from '../venues/venues.service';
import { Offering } from './offering.entity';
import { ListCursor, OfferingRow, OfferingsRepository } from './offerings.repository';

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/**
 * 学习资源: teachers write offerings for their school, admins of the area review them,
 * residents find what is open. Enrollment lives in its own feature and calls `lockOpen`.
 */
@Injectable()
export class OfferingsService {
  constructor(
    private readonly offerings: OfferingsRepository,
    private readonly areas: AreasService,
    private readonly schools: SchoolsService,
    private readonly venues: VenuesService,
    private readonly teachers: TeachersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  // ---------- residents and the public ----------

  async list(q: OfferingQuery): Promise<Page<OfferingSummary>> {
    const limit = q.limit ?? 20;
    const byDistance = q.lat !== undefined && q.lng !== undefined;
    if ((q.lat === undefined) !== (q.lng === undefined)) throw AppError.badRequest('经度和纬度要一起提供');
    if (q.withinMeters !== undefined && !byDistance) throw AppError.badRequest('按距离筛选需要提供位置');
    if (q.from && q.to && q.from > q.to) throw AppError.badRequest('开始日期不能晚于结束日期');
    const areaPath = q.areaId === undefined ? undefined : (await this.areas.get(q.areaId)).path;
    const rows = await this.offerings.list({ ...q, areaPath }, decodeCursor(q.cursor, byDistance), limit + 1);
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page[page.length - 1] : null;
    return {
      items: page.map(toSummary),
      nextCursor: last
        ? encodeCursor(byDistance ? { key: Number(last.distance), startsAt: new Date(last.startsAt!).toISOString(), id: last.id } : { key: new Date(last.startsAt!).toISOString(), id: last.id })
        : null,
    };
  }

  /** 30分钟学习圈: venues a resident can walk or ride to in half an hour, and what is on there. */
  async circle(lat: number, lng: number): Promise<LearningCircle> {
    const walkMeters = WALK_METERS_PER_MINUTE * LEARNING_CIRCLE_MINUTES;
    const rideMeters = RIDE_METERS_PER_MINUTE * LEARNING_CIRCLE_MINUTES;
    const venues = await this.offerings.venuesWithin(lat, lng, rideMeters);
    const upcoming = await this.offerings.upcomingAt(venues.map((v) => v.id), 3);
    return {
      walkMeters,
      rideMeters,
      venues: venues.map((v) => {
        const distanceMeters = Math.round(Number(v.distance));
        return {
          id: v.id,
          name: v.name,
          address: v.address,
          latitude: v.latitude,
          longitude: v.longitude,
          distanceMeters,
          walkMinutes: Math.max(1, Math.ceil(distanceMeters / WALK_METERS_PER_MINUTE)),
          rideMinutes: Math.max(1, Math.ceil(distanceMeters / RIDE_METERS_PER_MINUTE)),
          upcoming: upcoming.filter((o) => o.venueId === v.id).map(toSummary),
        };
      }),
    };
  }

  /** Published offerings for anyone; drafts only for their school's teachers and the area's admins. */
  async detail(actor: Actor | undefined, id: number): Promise<OfferingDetail> {
    const row = await this.offerings.findRow(id);
    if (!row || !(await this.mayView(actor, row))) throw AppError.notFound('没有找到这个课程或活动');
    const [offering, sessions, lessons, teacherIds, place] = await Promise.all([
      this.offerings.findById(id),
      this.offerings.sessions(id),
      this.offerings.lessons(id),
      this.offerings.teacherIds(id),
      actor?.role === Role.Resident ? this.offerings.placeOf(id, actor.userId) : null,
    ]);
    const myEnrollment: MyEnrollmentState | null = place
      ? { status: place.status as EnrollmentStatus, waitlistPosition: place.position, enrolledAt: new Date(place.createdAt).toISOString() }
      : null;
    const o = offering!;
    return {
      ...toSummary(row),
      description: o.description,
      school: { id: row.schoolId, name: row.schoolName },
      venueAddress: row.venueAddress,
      teachers: await this.teachers.summaries(teacherIds),
      sessions: sessions.map((s) => ({
        id: s.id,
        seq: s.seq,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        minutes: s.minutes,
        cancelled: s.cancelledAt !== null,
        cancelReason: s.cancelReason,
      })),
      lessons: lessons.map((l) => ({ id: l.id, seq: l.seq, title: l.title, videoUrl: l.videoUrl, durationSeconds: l.durationSeconds, minutes: l.minutes })),
      enrollOpensAt: o.enrollOpensAt.toISOString(),
      enrollClosesAt: o.enrollClosesAt.toISOString(),
      restrictedToTargetGroups: o.restrictedToTargetGroups,
      waitlistCount: o.waitlistCount,
      myEnrollment,
      reviewNote: o.reviewNote,
      allowWalkIn: o.allowWalkIn,
      requiresCheckOut: o.requiresCheckOut,
      geofencePolicy: o.geofencePolicy,
      geofenceRadiusMeters: o.geofenceRadiusMeters,
      checkInOpensMinutes: o.checkInOpensMinutes,
    };
  }

  // ---------- teachers ----------

  async create(actor: Actor, input: OfferingInput): Promise<OfferingDetail> {
    const schoolId = this.teacherSchool(actor);
    const values = await this.validated(actor, schoolId, input);
    const id = await this.dataSource.transaction(async (m) => {
      const newId = await this.offerings.save(
        m,
        { ...values.offering, schoolId, authorId: actor.userId, status: OfferingStatus.Draft },
        values.schedule,
        [actor.userId, ...(input.coTeacherIds ?? [])],
      );
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.create', targetType: 'offering', targetId: String(newId), areaId: values.offering.areaId });
      return newId;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, id: number, input: OfferingInput): Promise<OfferingDetail> {
    const existing = await this.ownOffering(actor, id);
    if (existing.status !== OfferingStatus.Draft) {
      throw AppError.conflict('只有草稿可以修改；已提交的请等审核结果，已发布的可以取消某次课或整个活动', OfferingError.NotEditable);
    }
    const values = await this.validated(actor, existing.schoolId, input);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.save(m, { ...values.offering, id }, values.schedule, [existing.authorId, ...(input.coTeacherIds ?? [])]);
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.update', targetType: 'offering', targetId: String(id), areaId: values.offering.areaId });
    });
    return this.detail(actor, id);
  }

  async submit(actor: Actor, id: number): Promise<OfferingDetail> {
    const o = await this.ownOffering(actor, id);
    if (o.status !== OfferingStatus.Draft) throw AppError.conflict('只有草稿可以提交审核', OfferingError.NotEditable);
    const sessions = await this.offerings.sessions(id);
    if (o.kind !== OfferingKind.MicroCourse && sessions.some((s) => s.startsAt.getTime() <= Date.now())) {
      throw AppError.badRequest('有上课时间已经过去了，请先修改上课时间再提交');
    }
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.PendingReview, submittedAt: new Date(), reviewNote: null });
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.submit', targetType: 'offering', targetId: String(id), areaId: o.areaId });
    });
    return this.detail(actor, id);
  }

  async listForTeacher(actor: Actor): Promise<TeacherOffering[]> {
    const rows = await this.offerings.listForSchool(this.teacherSchool(actor));
    return rows.map((r) => ({ ...toSummary(r), reviewNote: r.reviewNote, waitlistCount: r.waitlistCount }));
  }

  /** Cancels a whole published offering; everyone enrolled or waiting is told why. */
  async cancel(actor: Actor, id: number, reason: string): Promise<OfferingDetail> {
    const o = await this.ownOffering(actor, id);
    if (o.status === OfferingStatus.Cancelled) throw AppError.conflict('已经取消了', OfferingError.NotOpen);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.Cancelled, cancelReason: reason });
      await this.notifications.notify(m, await this.offerings.audience(m, id), {
        title: '课程活动取消了',
        body: `您报名的「${o.title}」取消了。原因：${reason}`,
        offeringId: id,
      });
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.cancel', targetType: 'offering', targetId: String(id), areaId: o.areaId, details: { reason } });
    });
    return this.detail(actor, id);
  }

  /** Cancels one session that has not started; enrolled and waiting residents are told. */
  async cancelSession(actor: Actor, id: number, sessionId: number, reason: string): Promise<OfferingDetail> {
    const o = await this.ownOffering(actor, id);
    if (o.status !== OfferingStatus.Published) throw AppError.conflict('只有已发布的课程可以取消某次课', OfferingError.NotOpen);
    const session = (await this.offerings.sessions(id)).find((s) => s.id === sessionId);
    if (!session) throw AppError.notFound('没有找到这次课');
    if (session.cancelledAt) throw AppError.conflict('这次课已经取消了');
    if (session.startsAt.getTime() <= Date.now()) throw AppError.conflict('这次课已经开始或结束，不能取消');
    await this.dataSource.transaction(async (m) => {
      await this.offerings.cancelSession(m, sessionId, reason);
      await this.notifications.notify(m, await this.offerings.audience(m, id), {
        title: '有一次课取消了',
        body: `「${o.title}」${shanghaiLabel(session.startsAt)}的课取消了。原因：${reason}`,
        offeringId: id,
      });
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.cancel_session', targetType: 'offering', targetId: String(id), areaId: o.areaId, details: { sessionId, reason } });
    });
    return this.detail(actor, id);
  }

  /** The offering if the actor teaches at its school. Used by the roster too. */
  async ownOffering(actor: Actor, id: number): Promise<Offering> {
    const schoolId = this.teacherSchool(actor);
    const o = await this.offerings.findById(id);
    if (!o) throw AppError.notFound('没有找到这个课程或活动');
    if (o.schoolId !== schoolId) throw AppError.forbidden('这是其他学校的课程，您不能操作');
    return o;
  }

  // ---------- administrators ----------

  async pendingReviews(actor: Actor): Promise<ReviewItem[]> {
    if (!ADMIN_ROLES.includes(actor.role) || actor.areaId === null) throw AppError.forbidden();
    const own = await this.areas.get(actor.areaId);
    const rows = await this.offerings.pendingUnder(own.path);
    return rows.map((r) => ({ ...toSummary(r), submittedAt: new Date(r.submittedAt).toISOString(), authorName: r.authorName }));
  }

  async approve(actor: Actor, id: number): Promise<OfferingDetail> {
    const o = await this.pendingInScope(actor, id);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.Published, publishedAt: new Date(), reviewedBy: actor.userId, reviewNote: null });
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.approve', targetType: 'offering', targetId: String(id), areaId: o.areaId });
    });
    return this.detail(actor, id);
  }

  async returnForChanges(actor: Actor, id: number, reason: string): Promise<OfferingDetail> {
    const o = await this.pendingInScope(actor, id);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.Draft, reviewNote: reason, reviewedBy: actor.userId });
      await this.notifications.notify(m, [o.authorId], { title: '课程活动被退回修改', body: `「${o.title}」被退回：${reason}`, offeringId: id });
      await this.audit.record(m, { actorId: actor.userId, action: 'offering.return', targetType: 'offering', targetId: String(id), areaId: o.areaId, details: { reason } });
    });
    return this.detail(actor, id);
  }

  // ---------- for the enrollment feature ----------

  /** Locks an offering row for a change of places, inside the caller's transaction. */
  lockForEnrollment(manager: EntityManager, id: number): Promise<Offering | null> {
    return this.offerings.lock(manager, id);
  }

  adjustCounts(manager: EntityManager, id: number, enrolled: number, waitlisted: number): Promise<void> {
    return this.offerings.adjustCounts(manager, id, enrolled, waitlisted);
  }

  async summaries(ids: number[]): Promise<Map<number, OfferingSummary>> {
    const rows = await this.offerings.findRows([...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, toSummary(r)]));
  }

  // ---------- rules ----------

  private teacherSchool(actor: Actor): number {
    if (actor.role !== Role.Teacher || actor.schoolId === null) throw AppError.forbidden('只有学校的老师可以发布课程和活动');
    return actor.schoolId;
  }

  private async pendingInScope(actor: Actor, id: number): Promise<Offering> {
    const o = await this.offerings.findById(id);
    if (!o) throw AppError.notFound('没有找到这个课程或活动');
    await this.areas.assertAdminOf(actor, o.areaId);
    if (o.status !== OfferingStatus.PendingReview) throw AppError.conflict('这个课程活动不在待审核状态', OfferingError.NotPending);
    return o;
  }

  private async mayView(actor: Actor | undefined, row: OfferingRow): Promise<boolean> {
    if (row.status === OfferingStatus.Published || row.status === OfferingStatus.Cancelled || row.status === OfferingStatus.Finished) return true;
    if (!actor) return false;
    if (actor.role === Role.Teacher) return actor.schoolId === row.schoolId;
    if (ADMIN_ROLES.includes(actor.role)) {
      try {
        await this.areas.assertAdminOf(actor, row.areaId);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }

  /** Checks an offering's input against the rules the database cannot see, and derives its columns. */
  private async validated(actor: Actor, schoolId: number, input: OfferingInput) {
    const now = Date.now();
    const opens = new Date(input.enrollOpensAt);
    const closes = new Date(input.enrollClosesAt);
    if (closes <= opens) throw AppError.badRequest('报名截止时间要晚于报名开始时间');
    const sessions = input.sessions
      .map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), minutes: s.minutes }))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    if (input.kind === OfferingKind.MicroCourse) {
      if (sessions.length) throw AppError.badRequest('微课程没有上课时间，只有视频课节');
      if (!input.lessons.length) throw AppError.badRequest('微课程至少要有一节视频');
      if (input.venueId !== null) throw AppError.badRequest('微课程在线上学习，不需要上课地点');
    } else {
      if (input.lessons.length) throw AppError.badRequest('只有微课程可以添加视频课节');
      if (input.kind === OfferingKind.Activity && sessions.length !== 1) throw AppError.badRequest('活动只有一次，请填写一个时间');
      if (input.kind === OfferingKind.Course && sessions.length < 1) throw AppError.badRequest('课程至少要有一次课');
    }
    for (const [i, s] of sessions.entries()) {
      const label = sessions.length > 1 ? `第${i + 1}次课` : '上课';
      if (s.endsAt <= s.startsAt) throw AppError.badRequest(`${label}的结束时间要晚于开始时间`);
      if (s.endsAt.getTime() - s.startsAt.getTime() > 12 * 3600_000) throw AppError.badRequest(`${label}不能超过12小时`);
      if (s.startsAt.getTime() <= now) throw AppError.badRequest(`${label}的时间已经过去了`);
      if (s.minutes * 60_000 > s.endsAt.getTime() - s.startsAt.getTime()) throw AppError.badRequest(`${label}的学时不能超过上课时长`);
      if (i > 0 && s.startsAt < sessions[i - 1].endsAt) throw AppError.badRequest(`第${i}次课和第${i + 1}次课的时间重叠了`);
    }
    if (sessions.length && closes > sessions[sessions.length - 1].startsAt) throw AppError.badRequest('报名截止时间不能晚于最后一次课开始');
    if (input.restrictedToTargetGroups && !input.targetGroups.length) throw AppError.badRequest('选了“只允许这些人报名”，就要选面向人群');
    if (input.coTeacherIds?.length) await this.teachers.assertColleagues(input.coTeacherIds, schoolId);
    if (input.geofencePolicy && input.geofencePolicy !== GeofencePolicy.Off && input.venueId === null) {
      throw AppError.badRequest('线上课程不能设置签到范围');
    }

    const school = await this.schools.findById(schoolId);
    if (!school) throw AppError.forbidden('找不到您所在的学校');
    let areaId = school.areaId;
    if (input.venueId !== null) {
      const venue = await this.venues.findById(input.venueId);
      if (!venue) throw AppError.badRequest('没有这个上课地点，请从场地列表里选');
      areaId = venue.areaId;
    }
    return {
      offering: {
        kind: input.kind,
        title: input.title,
        description: input.description,
        coverUrl: input.coverUrl ?? null,
        category: input.category,
        targetGroups: input.targetGroups,
        restrictedToTargetGroups: input.restrictedToTargetGroups,
        highlight: input.highlight ?? null,
        areaId,
        venueId: input.venueId,
        capacity: input.capacity,
        enrollOpensAt: opens,
        enrollClosesAt: closes,
        startsAt: sessions.length ? sessions[0].startsAt : opens,
        endsAt: sessions.length ? sessions[sessions.length - 1].endsAt : FAR_FUTURE,
        sessionCount: sessions.length,
        allowWalkIn: input.allowWalkIn ?? false,
        requiresCheckOut: input.requiresCheckOut ?? false,
        geofencePolicy: input.geofencePolicy ?? GeofencePolicy.Off,
        geofenceRadiusMeters: input.geofenceRadiusMeters ?? OFFERING_LIMITS.geofenceRadiusDefault,
        checkInOpensMinutes: input.checkInOpensMinutes ?? OFFERING_LIMITS.checkInOpensMinutesDefault,
      },
      schedule: {
        sessions: sessions.map((s, i) => ({ seq: i + 1, ...s })),
        lessons: input.lessons.map((l, i) => ({ seq: i + 1, ...l })),
      },
    };
  }
}

export function toSummary(r: OfferingRow): OfferingSummary {
  const ended = r.endsAt !== null && new Date(r.endsAt).getTime() <= Date.now();
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    category: r.category,
    coverUrl: r.coverUrl,
    highlight: r.highlight,
    targetGroups: r.targetGroups,
    area: { id: r.areaId, name: r.areaName, level: r.areaLevel },
    schoolName: r.schoolName,
    venue: r.venueId === null ? null : { id: r.venueId, name: r.venueName!, latitude: Number(r.latitude), longitude: Number(r.longitude) },
    online: r.venueId === null,
    nextSessionAt: r.nextSessionAt ? new Date(r.nextSessionAt).toISOString() : null,
    firstSessionAt: r.sessionCount > 0 && r.startsAt ? new Date(r.startsAt).toISOString() : null,
    sessionCount: r.sessionCount,
    capacity: r.capacity,
    enrolledCount: r.enrolledCount,
    placesLeft: Math.max(0, r.capacity - r.enrolledCount),
    status: r.status === OfferingStatus.Published && ended ? OfferingStatus.Finished : r.status,
    ...(r.distance !== undefined && r.distance !== null ? { distanceMeters: Math.round(Number(r.distance)) } : {}),
  };
}

function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify(c.startsAt ? [c.key, c.id, c.startsAt] : [c.key, c.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined, byDistance: boolean): ListCursor | null {
  if (!cursor) return null;
  try {
    const [key, id, startsAt] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
    if (byDistance && typeof key === 'number' && Number.isFinite(key) && isInstant(startsAt) && Number.isInteger(id)) {
      return { key, startsAt, id: id as number };
    }
    if (!byDistance && isInstant(key) && Number.isInteger(id)) return { key, id: id as number };
  } catch {
    // refused below
  }
  throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
}
