import {
  GeofencePolicy,
  OFFERING_LIMITS,
  OfferingDetail,
  OfferingError,
  OfferingInput,
  OfferingKind,
  OfferingStatus,
  TeacherOffering,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { shanghaiLabel } from '../common/time';
import { NotificationsService } from '../notifications/notifications.service';
import { SchoolsService } from '../schools/schools.service';
import { TeachersService } from '../teachers/teachers.service';
import { VenuesService } from '../venues/venues.service';
import { OfferingCatalogueService } from './offering-catalogue.service';
import { toSummary } from './offering-summary';
import { OfferingsRepository } from './offerings.repository';
import { OfferingsService, teacherSchool } from './offerings.service';

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/**
 * 学习资源 as their school's teachers write them: drafts written and submitted for review, and
 * published ones cancelled whole or a session at a time, with everyone enrolled told why.
 */
@Injectable()
export class OfferingAuthoringService {
  constructor(
    private readonly offerings: OfferingsRepository,
    private readonly ownership: OfferingsService,
    private readonly catalogue: OfferingCatalogueService,
    private readonly schools: SchoolsService,
    private readonly venues: VenuesService,
    private readonly teachers: TeachersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async create(actor: Actor, input: OfferingInput): Promise<OfferingDetail> {
    const schoolId = teacherSchool(actor);
    const values = await this.validated(schoolId, input);
    const id = await this.dataSource.transaction(async (m) => {
      const newId = await this.offerings.save(
        m,
        { ...values.offering, schoolId, authorId: actor.userId, status: OfferingStatus.Draft },
        values.schedule,
        [actor.userId, ...(input.coTeacherIds ?? [])],
      );
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.create', targetType: 'offering', targetId: String(newId), areaId: values.offering.areaId });
      return newId;
    });
    return this.catalogue.detail(actor, id);
  }

  async update(actor: Actor, id: number, input: OfferingInput): Promise<OfferingDetail> {
    const existing = await this.ownership.ownOffering(actor, id);
    if (existing.status !== OfferingStatus.Draft) {
      throw AppError.conflict('只有草稿可以修改；已提交的请等审核结果，已发布的可以取消某次课或整个活动', OfferingError.NotEditable);
    }
    const values = await this.validated(existing.schoolId, input);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.save(m, { ...values.offering, id }, values.schedule, [existing.authorId, ...(input.coTeacherIds ?? [])]);
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.update', targetType: 'offering', targetId: String(id), areaId: values.offering.areaId });
    });
    return this.catalogue.detail(actor, id);
  }

  async submit(actor: Actor, id: number): Promise<OfferingDetail> {
    const o = await this.ownership.ownOffering(actor, id);
    if (o.status !== OfferingStatus.Draft) throw AppError.conflict('只有草稿可以提交审核', OfferingError.NotEditable);
    const sessions = await this.offerings.sessions(id);
    if (o.kind !== OfferingKind.MicroCourse && sessions.some((s) => s.startsAt.getTime() <= Date.now())) {
      throw AppError.badRequest('有上课时间已经过去了，请先修改上课时间再提交');
    }
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.PendingReview, submittedAt: new Date(), reviewNote: null });
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.submit', targetType: 'offering', targetId: String(id), areaId: o.areaId });
    });
    return this.catalogue.detail(actor, id);
  }

  async listForTeacher(actor: Actor): Promise<TeacherOffering[]> {
    const rows = await this.offerings.listForSchool(teacherSchool(actor));
    return rows.map((r) => ({ ...toSummary(r), reviewNote: r.reviewNote, waitlistCount: r.waitlistCount }));
  }

  /** Cancels a whole published offering; everyone enrolled or waiting is told why. */
  async cancel(actor: Actor, id: number, reason: string): Promise<OfferingDetail> {
    const o = await this.ownership.ownOffering(actor, id);
    if (o.status === OfferingStatus.Cancelled) throw AppError.conflict('已经取消了', OfferingError.NotOpen);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.Cancelled, cancelReason: reason });
      await this.notifications.notify(m, await this.offerings.audience(m, id), {
        title: '课程活动取消了',
        body: `您报名的「${o.title}」取消了。原因：${reason}`,
        offeringId: id,
      });
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.cancel', targetType: 'offering', targetId: String(id), areaId: o.areaId, details: { reason } });
    });
    return this.catalogue.detail(actor, id);
  }

  /** Cancels one session that has not started; enrolled and waiting residents are told. */
  async cancelSession(actor: Actor, id: number, sessionId: number, reason: string): Promise<OfferingDetail> {
    const o = await this.ownership.ownOffering(actor, id);
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
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.cancel_session', targetType: 'offering', targetId: String(id), areaId: o.areaId, details: { sessionId, reason } });
    });
    return this.catalogue.detail(actor, id);
  }

  /** Checks an offering's input against the rules the database cannot see, and derives its columns. */
  private async validated(schoolId: number, input: OfferingInput) {
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
    if (!school.active) throw AppError.forbidden('您所在的学校已停用，不能再发布课程和活动');
    let areaId = school.areaId;
    if (input.venueId !== null) {
      const venue = await this.venues.findById(input.venueId);
      if (!venue) throw AppError.badRequest('没有这个上课地点，请从场地列表里选');
      if (!venue.active) throw AppError.badRequest('这个场地已停用，请从场地列表里另选一个');
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
