import { Category, Highlight, OfferingKind, OfferingQuery, OfferingStatus, TargetGroup } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Reader, ReadReplica } from '../database/read-replica';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { shanghaiDayStart } from '../common/time';
import type { Venue } from '../venues/venue.entity';
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
  /** Distance order only: the row's start, the second sort key. */
  startsAt?: string;
  id: number;
}

/** The columns of an OfferingRow, over offering o, area a, school s and venue v. */
const ROW_COLUMNS = [
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
].join(', ');

/** A lesson and the micro-course it belongs to: what watching and crediting need. */
export interface LessonFacts {
  lessonId: number;
  seq: number;
  title: string;
  videoUrl: string;
  durationSeconds: number;
  minutes: number;
  offeringId: number;
  offeringTitle: string;
  offeringKind: OfferingKind;
  offeringStatus: OfferingStatus;
  category: Category;
}

/** A lesson with its offering, for `offering_lesson l JOIN offering o`. */
const LESSON_COLUMNS = `l.id AS "lessonId", l.seq, l.title, l.video_url AS "videoUrl", l.duration_seconds AS "durationSeconds",
  l.minutes, o.id AS "offeringId", o.title AS "offeringTitle", o.kind AS "offeringKind", o.status AS "offeringStatus", o.category`;

/** Published and not over: what residents may still join. */
const OPEN = `o.status = 'published' AND o.ends_at > now()`;

/** An offering's terms of enrollment, as enrollment decides on them (see enrollmentTerms). */
export type EnrollmentTerms = Pick<
  Offering,
  'id' | 'status' | 'startsAt' | 'endsAt' | 'enrollOpensAt' | 'enrollClosesAt' | 'restrictedToTargetGroups' | 'targetGroups'
> & { terms: string };

@Injectable()
export class OfferingsRepository {
  constructor(
    @InjectRepository(Offering) private readonly offerings: Repository<Offering>,
    private readonly reads: ReadReplica,
  ) {}

  private rows(): SelectQueryBuilder<Offering> {
    return this.offerings
      .createQueryBuilder('o')
      .innerJoin('offering_area', 'a', 'a.id = o.area_id')
      .innerJoin('offering_school', 's', 's.id = o.school_id')
      .leftJoin('offering_venue', 'v', 'v.id = o.venue_id')
      .select(ROW_COLUMNS);
  }

  /**
   * The public listing: filters, keyword, keyset pagination; by start time, or near a point by
   * venue distance. Near a point, venues come nearest first and each venue's offerings soonest
   * first, so PostgreSQL reads only the nearest venues' rows (an incremental sort) and stops.
   */
  async list(q: OfferingQuery & { areaPath?: string }, after: ListCursor | null, limit: number): Promise<OfferingRow[]> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = [OPEN];
    if (q.q) {
      // one Chinese character: any indexed pair starting with it; otherwise every pair must match
      where.push(/^[\u3400-\u9fff]$/.test(q.q) ? `o.search @@ to_tsquery('simple', ${p(q.q)} || ':*')` : `o.search @@ plainto_tsquery('simple', lp_bigrams(${p(q.q)}))`);
    }
    if (q.category) where.push(`o.category = ${p(q.category)}`);
    if (q.kind) where.push(`o.kind = ${p(q.kind)}`);
    if (q.areaPath) where.push(`a.path LIKE ${p(`${q.areaPath}%`)}`);
    if (q.targetGroup) where.push(`${p(q.targetGroup)} = ANY (o.target_groups)`);
    if (q.mode === 'online') where.push('o.venue_id IS NULL');
    if (q.mode === 'offline') where.push('o.venue_id IS NOT NULL');
    if (q.hasPlaces) where.push('o.enrolled_count < o.capacity');
    if (q.highlight) where.push(`o.highlight = ${p(q.highlight)}`);
    if (q.from || q.to) {
      const from = q.from ? shanghaiDayStart(q.from) : new Date(0);
      const to = q.to ? new Date(shanghaiDayStart(q.to).getTime() + 86400_000) : new Date('9999-12-31T00:00:00Z');
      where.push(`EXISTS (SELECT 1 FROM offering_session x WHERE x.offering_id = o.id AND x.cancelled_at IS NULL
                          AND x.starts_at >= ${p(from)} AND x.starts_at < ${p(to)})`);
    }
    const joins = `JOIN offering_area a ON a.id = o.area_id JOIN offering_school s ON s.id = o.school_id LEFT JOIN offering_venue v ON v.id = o.venue_id`;
    let sql: string;
    if (q.lat !== undefined && q.lng !== undefined) {
      const within = q.withinMeters ? `WHERE lp_distance_m(${p(q.lat)}, ${p(q.lng)}, latitude, longitude) <= ${p(q.withinMeters)}` : '';
      if (after) {
        where.push(`(vd.distance, o.starts_at, o.id) > (${p(after.key)}::float8, ${p(after.startsAt)}::timestamptz, ${p(after.id)}::int)`);
      }
      sql = `SELECT ${ROW_COLUMNS}, vd.distance
             FROM (SELECT id, lp_distance_m(${p(q.lat)}, ${p(q.lng)}, latitude, longitude) AS distance
                   FROM offering_venue ${within} ORDER BY distance, id OFFSET 0) vd
             CROSS JOIN LATERAL (SELECT * FROM offering o WHERE o.venue_id = vd.id ORDER BY o.starts_at, o.id) o
             ${joins}
             WHERE ${where.join(' AND ')}
             ORDER BY vd.distance, o.starts_at, o.id
             LIMIT ${p(limit)}`;
    } else {
      if (after) where.push(`(o.starts_at, o.id) > (${p(after.key)}::timestamptz, ${p(after.id)}::int)`);
      sql = `SELECT ${ROW_COLUMNS} FROM offering o ${joins} WHERE ${where.join(' AND ')} ORDER BY o.starts_at, o.id LIMIT ${p(limit)}`;
    }
    // the catalogue is everyone's: from the read replica while it is near enough (database/read-replica.ts)
    const db = await this.reads.shared();
    return this.withNextSessions(await db.query<OfferingRow[]>(sql, params), db);
  }

  /** Fills `nextSessionAt` for a page of rows with one query. */
  private async withNextSessions(rows: OfferingRow[], db: Reader = this.offerings): Promise<OfferingRow[]> {
    if (!rows.length) return rows;
    const next = (await db.query(
      `SELECT offering_id AS id, min(starts_at) AS at FROM offering_session
       WHERE offering_id = ANY ($1) AND ends_at > now() AND cancelled_at IS NULL GROUP BY offering_id`,
      [rows.map((r) => r.id)],
    )) as { id: number; at: Date }[];
    const byId = new Map(next.map((n) => [n.id, n.at]));
    return rows.map((r) => ({ ...r, nextSessionAt: byId.get(r.id) ?? null }));
  }

  /** Venues within `meters` of a point, nearest first, with their distance. */
  async venuesWithin(lat: number, lng: number, meters: number): Promise<(Venue & { distance: number })[]> {
    return this.offerings.manager
      .createQueryBuilder()
      .from('offering_venue', 'v')
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
      .then((rows) => this.withNextSessions(rows.filter((r) => Number(r.rank) <= perVenue)));
  }

  async findRow(id: number): Promise<OfferingRow | null> {
    const row = await this.rows().where('o.id = :id', { id }).getRawOne<OfferingRow>();
    return row ? (await this.withNextSessions([row]))[0] : null;
  }

  /** Several offerings as list rows, in two queries whatever their number. */
  async findRows(ids: number[]): Promise<OfferingRow[]> {
    if (!ids.length) return [];
    return this.withNextSessions(await this.rows().where('o.id IN (:...ids)', { ids }).getRawMany<OfferingRow>());
  }

  findById(id: number): Promise<Offering | null> {
    return this.offerings.findOneBy({ id });
  }

  /**
   * What an enrollment decision rests on (status, dates, who may come), read from the primary, with
   * `terms`: the fingerprint enroll_in_order compares under the offering's lock.
   */
  async enrollmentTerms(id: number): Promise<EnrollmentTerms | null> {
    const rows = (await this.offerings.query(
      `SELECT o.id, o.status, o.starts_at AS "startsAt", o.ends_at AS "endsAt", o.enroll_opens_at AS "enrollOpensAt",
              o.enroll_closes_at AS "enrollClosesAt", o.restricted_to_target_groups AS "restrictedToTargetGroups",
              o.target_groups AS "targetGroups", offering_enrollment_terms(o) AS terms
         FROM offering o WHERE o.id = $1`,
      [id],
    )) as EnrollmentTerms[];
    return rows[0] ?? null;
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
    const rows = await this.rows()
      .addSelect('o.review_note', 'reviewNote')
      .where('o.school_id = :schoolId', { schoolId })
      .orderBy('o.updated_at', 'DESC')
      .limit(200)
      .getRawMany<OfferingRow & { reviewNote: string | null }>();
    return (await this.withNextSessions(rows)) as (OfferingRow & { reviewNote: string | null })[];
  }

  /** Offerings waiting for review in an area subtree, oldest submission first. */
  async pendingUnder(areaPath: string): Promise<(OfferingRow & { submittedAt: Date; authorName: string })[]> {
    const rows = await this.rows()
      .addSelect('o.submitted_at', 'submittedAt')
      .addSelect('(SELECT u.display_name FROM offering_author u WHERE u.id = o.author_id)', 'authorName')
      .where(`o.status = 'pending_review' AND a.path LIKE :prefix`, { prefix: `${areaPath}%` })
      .orderBy('o.submitted_at', 'ASC')
      .limit(200)
      .getRawMany<OfferingRow & { submittedAt: Date; authorName: string }>();
    return (await this.withNextSessions(rows)) as (OfferingRow & { submittedAt: Date; authorName: string })[];
  }

  /** Writes an offering with its schedule, replacing sessions, lessons and co-teachers. */
  async save(
    manager: EntityManager,
    values: Partial<Offering> & { id?: number },
    schedule: { sessions: Pick<OfferingSession, 'seq' | 'startsAt' | 'endsAt' | 'minutes'>[]; lessons: Omit<OfferingLesson, 'id' | 'offeringId' | 'offering'>[] },
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
      `SELECT resident_id AS "residentId" FROM offering_enrollment WHERE offering_id = $1 AND status <> 'cancelled'`,
      [offeringId],
    )) as { residentId: string }[];
    return rows.map((r) => r.residentId);
  }

  /** The caller's live place in an offering, with its position if waiting. */
  async placeOf(offeringId: number, residentId: string): Promise<{ status: string; position: number | null; createdAt: Date } | null> {
    const rows = (await this.offerings.manager.query(
      `SELECT e.status, e.created_at AS "createdAt",
              CASE WHEN e.status = 'waitlisted' THEN
                (SELECT count(*)::int FROM offering_enrollment w
                 WHERE w.offering_id = e.offering_id AND w.status = 'waitlisted' AND w.waitlist_seq <= e.waitlist_seq)
              END AS position
       FROM offering_enrollment e WHERE e.offering_id = $1 AND e.resident_id = $2 AND e.status <> 'cancelled'`,
      [offeringId, residentId],
    )) as { status: string; position: number | null; createdAt: Date }[];
    return rows[0] ?? null;
  }

  /** Stores a session's check-in signing secret unless it has one already; returns the one that stands. */
  async ensureCheckInSecret(sessionId: number, candidate: Buffer): Promise<Buffer> {
    const rows = (await this.offerings.query(
      `WITH set AS (UPDATE offering_session SET checkin_secret = $2 WHERE id = $1 AND checkin_secret IS NULL RETURNING checkin_secret)
       SELECT checkin_secret AS secret FROM set UNION ALL SELECT checkin_secret FROM offering_session WHERE id = $1 LIMIT 1`,
      [sessionId, candidate],
    )) as { secret: Buffer }[];
    return rows[0].secret;
  }

  /** Locks the session for closing; false when it is already closed or does not exist. */
  async lockUnclosedSession(m: EntityManager, sessionId: number): Promise<boolean> {
    const rows = (await m.query(`SELECT id FROM offering_session WHERE id = $1 AND closed_at IS NULL FOR UPDATE`, [sessionId])) as unknown[];
    return rows.length === 1;
  }

  /** Whether the session is closed, read in the caller's transaction. */
  async isSessionClosed(m: EntityManager, sessionId: number): Promise<boolean> {
    const rows = (await m.query(`SELECT closed_at IS NOT NULL AS closed FROM offering_session WHERE id = $1`, [sessionId])) as { closed: boolean }[];
    return rows[0]?.closed === true;
  }

  async markSessionClosed(m: EntityManager, sessionId: number, by: string | null, at: Date): Promise<void> {
    await m.query(`UPDATE offering_session SET closed_at = $2, closed_by = $3 WHERE id = $1`, [sessionId, at, by]);
  }

  /** Sessions over before `endedBefore` that nobody closed or cancelled, the earliest first. */
  async sessionsDueForClosing(endedBefore: Date, limit: number): Promise<number[]> {
    const rows = (await this.offerings.query(
      `SELECT id FROM offering_session WHERE closed_at IS NULL AND cancelled_at IS NULL AND ends_at < $1 ORDER BY ends_at LIMIT $2`,
      [endedBefore, limit],
    )) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** A lesson with its micro-course, for watching and crediting it. */
  async lessonFacts(lessonId: number): Promise<LessonFacts | null> {
    const rows = (await this.offerings.query(
      `SELECT ${LESSON_COLUMNS} FROM offering_lesson l JOIN offering o ON o.id = l.offering_id WHERE l.id = $1`,
      [lessonId],
    )) as LessonFacts[];
    return rows[0] ?? null;
  }

  /** The lessons of an offering in their order. */
  async lessonsFacts(offeringId: number): Promise<LessonFacts[]> {
    return (await this.offerings.query(
      `SELECT ${LESSON_COLUMNS} FROM offering_lesson l JOIN offering o ON o.id = l.offering_id
       WHERE l.offering_id = $1 ORDER BY l.seq`,
      [offeringId],
    )) as LessonFacts[];
  }

  async kindAndStatus(offeringId: number): Promise<{ kind: OfferingKind; status: OfferingStatus } | null> {
    const rows = (await this.offerings.query(`SELECT kind, status FROM offering WHERE id = $1`, [offeringId])) as {
      kind: OfferingKind;
      status: OfferingStatus;
    }[];
    return rows[0] ?? null;
  }
}
