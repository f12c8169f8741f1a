import { Highlight, OfferingKind, OfferingQuery, OfferingStatus, TargetGroup } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { Area } from '../areas/area.entity';
import { shanghaiDayStart } from '../common/time';
import { School } from '../schools/school.entity';
import { Venue } from '../venues/venue.entity';
import { OfferingLesson } from './offering-lesson.entity';
import { OfferingSession } from './offering-session.entity';
import { OfferingTeacher } from './offering-teacher.entity';
import { Offering } from './offering.entity';

/** One offering as lists show it, with its area, school and venue. */
export interface OfferingRow {
  id: number;
  kind: OfferingKind;
  title: string;
  category: Offering['category'];
  coverUrl: string | null;
  highlight: Highlight | null;
  targetGroups: TargetGroup[];
  areaId: number;
  areaName: string;
  areaLevel: Area['level'];
  schoolId: number;
  schoolName: string;
  venueId: number | null;
  venueName: string | null;
  venueAddress: string | null;
  latitude: number | null;
  longitude: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  nextSessionAt: Date | null;
  sessionCount: number;
  capacity: number;
  enrolledCount: number;
  waitlistCount: number;
  status: OfferingStatus;
  distance?: number;
}

export interface ListCursor {
  /** ISO instant (time order) or metres (distance order). */
  key: string | number;
  id: number;
}

/** Published and not over: what residents may still join. */
const OPEN = `o.status = 'published' AND o.ends_at > now()`;

@Injectable()
export class OfferingsRepository {
  constructor(@InjectRepository(Offering) private readonly offerings: Repository<Offering>) {}

  private rows(): SelectQueryBuilder<Offering> {
    return this.offerings
      .createQueryBuilder('o')
      .innerJoin(Area, 'a', 'a.id = o.area_id')
      .innerJoin(School, 's', 's.id = o.school_id')
      .leftJoin(Venue, 'v', 'v.id = o.venue_id')
      .select([
        'o.id AS id',
        'o.kind AS kind',
        'o.title AS title',
        'o.category AS category',
        'o.cover_url AS "coverUrl"',
        'o.highlight AS highlight',
        'o.target_groups AS "targetGroups"',
        'a.id AS "areaId"',
        'a.name AS "areaName"',
        'a.level AS "areaLevel"',
        's.id AS "schoolId"',
        's.name AS "schoolName"',
        'v.id AS "venueId"',
        'v.name AS "venueName"',
        'v.address AS "venueAddress"',
        'v.latitude AS latitude',
        'v.longitude AS longitude',
        'o.starts_at AS "startsAt"',
        'o.ends_at AS "endsAt"',
        'o.session_count AS "sessionCount"',
        'o.capacity AS capacity',
        'o.enrolled_count AS "enrolledCount"',
        'o.waitlist_count AS "waitlistCount"',
        'o.status AS status',
      ])
      .addSelect(
        `(SELECT min(x.starts_at) FROM offering_session x
          WHERE x.offering_id = o.id AND x.ends_at > now() AND x.cancelled_at IS NULL)`,
        'nextSessionAt',
      );
  }

  /** The public listing: filters, keyword, optional distance order, keyset pagination. */
  async list(q: OfferingQuery & { areaPath?: string }, after: ListCursor | null, limit: number): Promise<OfferingRow[]> {
    const qb = this.rows().where(OPEN);
    if (q.q) {
      const single = /^[\u3400-\u9fff]$/.test(q.q);
      // one Chinese character: any indexed pair that starts with it; otherwise every pair must match
      qb.andWhere(single ? `o.search @@ to_tsquery('simple', :q || ':*')` : `o.search @@ plainto_tsquery('simple', lp_bigrams(:q))`, { q: q.q });
    }
    if (q.category) qb.andWhere('o.category = :category', { category: q.category });
    if (q.kind) qb.andWhere('o.kind = :kind', { kind: q.kind });
    if (q.areaPath) qb.andWhere('a.path LIKE :prefix', { prefix: `${q.areaPath}%` });
    if (q.targetGroup) qb.andWhere(':tg = ANY (o.target_groups)', { tg: q.targetGroup });
    if (q.mode === 'online') qb.andWhere('o.venue_id IS NULL');
    if (q.mode === 'offline') qb.andWhere('o.venue_id IS NOT NULL');
    if (q.hasPlaces) qb.andWhere('o.enrolled_count < o.capacity');
    if (q.highlight) qb.andWhere('o.highlight = :highlight', { highlight: q.highlight });
    if (q.from || q.to) {
      const from = q.from ? shanghaiDayStart(q.from) : new Date(0);
      const to = q.to ? new Date(shanghaiDayStart(q.to).getTime() + 86400_000) : new Date('9999-12-31T00:00:00Z');
      qb.andWhere(
        `EXISTS (SELECT 1 FROM offering_session x WHERE x.offering_id = o.id AND x.cancelled_at IS NULL
                 AND x.starts_at >= :from AND x.starts_at < :to)`,
        { from, to },
      );
    }
    if (q.lat !== undefined && q.lng !== undefined) {
      const distance = 'lp_distance_m(:lat, :lng, v.latitude, v.longitude)';
      qb.addSelect(distance, 'distance').andWhere('o.venue_id IS NOT NULL').setParameters({ lat: q.lat, lng: q.lng });
      if (q.withinMeters) qb.andWhere(`${distance} <= :within`, { within: q.withinMeters });
      if (after) qb.andWhere(`(${distance}, o.id) > (:key::float8, :id)`, { key: after.key, id: after.id });
      qb.orderBy(distance, 'ASC').addOrderBy('o.id', 'ASC');
    } else {
      if (after) qb.andWhere('(o.starts_at, o.id) > (:key::timestamptz, :id)', { key: after.key, id: after.id });
      qb.orderBy('o.starts_at', 'ASC').addOrderBy('o.id', 'ASC');
    }
    return qb.limit(limit).getRawMany<OfferingRow>();
  }

  /** Venues within `meters` of a point, nearest first, with their distance. */
  async venuesWithin(lat: number, lng: number, meters: number): Promise<(Venue & { distance: number })[]> {
    return this.offerings.manager
      .createQueryBuilder(Venue, 'v')
      .select(['v.id AS id', 'v.name AS name', 'v.address AS address', 'v.latitude AS latitude', 'v.longitude AS longitude'])
      .addSelect('lp_distance_m(:lat, :lng, v.latitude, v.longitude)', 'distance')
      .where('lp_distance_m(:lat, :lng, v.latitude, v.longitude) <= :meters', { lat, lng, meters })
      .orderBy('distance', 'ASC')
      .limit(50)
      .getRawMany();
  }

  /** The next few open offerings at each of these venues. */
  upcomingAt(venueIds: number[], perVenue: number): Promise<OfferingRow[]> {
    if (!venueIds.length) return Promise.resolve([]);
    return this.rows()
      .addSelect('row_number() OVER (PARTITION BY o.venue_id ORDER BY o.starts_at, o.id)', 'rank')
      .where(OPEN)
      .andWhere('o.venue_id IN (:...venueIds)', { venueIds })
      .getRawMany<OfferingRow & { rank: string }>()
      .then((rows) => rows.filter((r) => Number(r.rank) <= perVenue));
  }

  async findRow(id: number): Promise<OfferingRow | null> {
    return (await this.rows().where('o.id = :id', { id }).getRawOne<OfferingRow>()) ?? null;
  }

  findById(id: number): Promise<Offering | null> {
    return this.offerings.findOneBy({ id });
  }

  /** Locks the offering row: every change to its places goes through here, one at a time. */
  lock(manager: EntityManager, id: number): Promise<Offering | null> {
    return manager.createQueryBuilder(Offering, 'o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  async adjustCounts(manager: EntityManager, id: number, enrolled: number, waitlisted: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Offering)
      .set({ enrolledCount: () => `enrolled_count + ${Math.trunc(enrolled)}`, waitlistCount: () => `waitlist_count + ${Math.trunc(waitlisted)}` })
      .where('id = :id', { id })
      .execute();
  }

  sessions(offeringId: number): Promise<OfferingSession[]> {
    return this.offerings.manager.find(OfferingSession, { where: { offeringId }, order: { seq: 'ASC' } });
  }

  lessons(offeringId: number): Promise<OfferingLesson[]> {
    return this.offerings.manager.find(OfferingLesson, { where: { offeringId }, order: { seq: 'ASC' } });
  }

  async teacherIds(offeringId: number): Promise<string[]> {
    const rows = await this.offerings.manager.find(OfferingTeacher, { where: { offeringId } });
    return rows.map((r) => r.teacherId);
  }

  /** All of a school's offerings, newest change first, for its teachers. */
  async listForSchool(schoolId: number): Promise<(OfferingRow & { reviewNote: string | null })[]> {
    return this.rows()
      .addSelect('o.review_note', 'reviewNote')
      .where('o.school_id = :schoolId', { schoolId })
      .orderBy('o.updated_at', 'DESC')
      .limit(200)
      .getRawMany();
  }

  /** Offerings waiting for review in an area subtree, oldest submission first. */
  async pendingUnder(areaPath: string): Promise<(OfferingRow & { submittedAt: Date; authorName: string })[]> {
    return this.rows()
      .addSelect('o.submitted_at', 'submittedAt')
      .addSelect('(SELECT u.display_name FROM app_user u WHERE u.id = o.author_id)', 'authorName')
      .where(`o.status = 'pending_review' AND a.path LIKE :prefix`, { prefix: `${areaPath}%` })
      .orderBy('o.submitted_at', 'ASC')
      .limit(200)
      .getRawMany();
  }

  /** Writes an offering with its schedule, replacing sessions, lessons and co-teachers. */
  async save(
    manager: EntityManager,
    values: Partial<Offering> & { id?: number },
    schedule: { sessions: Omit<OfferingSession, 'id' | 'offeringId' | 'offering' | 'cancelledAt' | 'cancelReason'>[]; lessons: Omit<OfferingLesson, 'id' | 'offeringId' | 'offering'>[] },
    teacherIds: string[],
  ): Promise<number> {
    let id = values.id;
    if (id === undefined) {
      const result = await manager.insert(Offering, values);
      id = (result.identifiers[0] as { id: number }).id;
    } else {
      await manager.update(Offering, { id }, { ...values, updatedAt: new Date() });
      await manager.delete(OfferingSession, { offeringId: id });
      await manager.delete(OfferingLesson, { offeringId: id });
      await manager.delete(OfferingTeacher, { offeringId: id });
    }
    if (schedule.sessions.length) await manager.insert(OfferingSession, schedule.sessions.map((s) => ({ ...s, offeringId: id })));
    if (schedule.lessons.length) await manager.insert(OfferingLesson, schedule.lessons.map((l) => ({ ...l, offeringId: id })));
    await manager.insert(OfferingTeacher, [...new Set(teacherIds)].map((teacherId) => ({ offeringId: id!, teacherId })));
    return id;
  }

  async setStatus(manager: EntityManager, id: number, values: Partial<Offering>): Promise<void> {
    await manager.update(Offering, { id }, { ...values, updatedAt: new Date() });
  }

  async cancelSession(manager: EntityManager, sessionId: number, reason: string): Promise<void> {
    await manager.update(OfferingSession, { id: sessionId }, { cancelledAt: new Date(), cancelReason: reason });
  }

  /** Residents holding a place or waiting for one: the people to tell about a change. */
  async audience(manager: EntityManager, offeringId: number): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT resident_id AS "residentId" FROM enrollment WHERE offering_id = $1 AND status <> 'cancelled'`,
      [offeringId],
    )) as { residentId: string }[];
    return rows.map((r) => r.residentId);
  }

  /** The caller's live place in an offering, with its position if waiting. */
  async placeOf(offeringId: number, residentId: string): Promise<{ status: string; position: number | null; createdAt: Date } | null> {
    const rows = (await this.offerings.manager.query(
      `SELECT e.status, e.created_at AS "createdAt",
              CASE WHEN e.status = 'waitlisted' THEN
                (SELECT count(*)::int FROM enrollment w
                 WHERE w.offering_id = e.offering_id AND w.status = 'waitlisted' AND w.waitlist_seq <= e.waitlist_seq)
              END AS position
       FROM enrollment e WHERE e.offering_id = $1 AND e.resident_id = $2 AND e.status <> 'cancelled'`,
      [offeringId, residentId],
    )) as { status: string; position: number | null; createdAt: Date }[];
    return rows[0] ?? null;
  }
}
