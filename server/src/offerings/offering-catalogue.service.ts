import {
  ADMIN_ROLES,
  EnrollmentStatus,
  LearningCircle,
  LEARNING_CIRCLE_MINUTES,
  MyEnrollmentState,
  OfferingDetail,
  OfferingQuery,
  OfferingStatus,
  OfferingSummary,
  Page,
  RIDE_METERS_PER_MINUTE,
  Role,
  WALK_METERS_PER_MINUTE,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { TeachersService } from '../teachers/teachers.service';
import { toSummary } from './offering-summary';
import { ListCursor, OfferingRow, OfferingsRepository } from './offerings.repository';

/**
 * 学习资源 as residents and the public find them: the list with its filters and cursor, the
 * 30分钟学习圈, and an offering's page (drafts only for their school's teachers and the area's admins).
 */
@Injectable()
export class OfferingCatalogueService {
  constructor(
    private readonly offerings: OfferingsRepository,
    private readonly areas: AreasService,
    private readonly teachers: TeachersService,
  ) {}

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
