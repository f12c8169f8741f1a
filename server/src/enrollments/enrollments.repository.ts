import { EnrollmentStatus } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Not, Repository } from 'typeorm';
import { Enrollment } from './enrollment.entity';

/** A place or waitlist entry just inserted, with its position in the queue when it is one. */
export interface Placed {
  enrollment: Enrollment;
  position: number | null;
}

interface EnrollmentRow {
  id: string;
  offering_id: number;
  resident_id: string;
  status: EnrollmentStatus;
  waitlist_seq: string | null;
  created_at: Date;
  promoted_at: Date | null;
  cancelled_at: Date | null;
}

const toEnrollment = (r: EnrollmentRow): Enrollment =>
  Object.assign(new Enrollment(), {
    id: r.id,
    offeringId: r.offering_id,
    residentId: r.resident_id,
    status: r.status,
    waitlistSeq: r.waitlist_seq,
    createdAt: r.created_at,
    promotedAt: r.promoted_at,
    cancelledAt: r.cancelled_at,
  });

@Injectable()
export class EnrollmentsRepository {
  constructor(@InjectRepository(Enrollment) private readonly enrollments: Repository<Enrollment>) {}

  findActive(manager: EntityManager, offeringId: number, residentId: string): Promise<Enrollment | null> {
    return manager.findOneBy(Enrollment, { offeringId, residentId, status: Not(EnrollmentStatus.Cancelled) });
  }

  async insert(manager: EntityManager, offeringId: number, residentId: string, waitlisted: boolean): Promise<Enrollment> {
    const rows = (await manager.query(
      `INSERT INTO enrollment (offering_id, resident_id, status, waitlist_seq)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN nextval('enrollment_waitlist_seq') END)
       RETURNING id`,
      [offeringId, residentId, waitlisted ? EnrollmentStatus.Waitlisted : EnrollmentStatus.Enrolled, waitlisted],
    )) as { id: string }[];
    return manager.findOneByOrFail(Enrollment, { id: rows[0].id });
  }

  async insertEnrolledAt(manager: EntityManager, offeringId: number, residentId: string, createdAt: Date): Promise<void> {
    await manager.query(`INSERT INTO enrollment (offering_id, resident_id, status, created_at) VALUES ($1, $2, 'enrolled', $3)`, [
      offeringId,
      residentId,
      createdAt,
    ]);
  }

  /** The live enrollments of these residents in one offering, by resident. */
  async findActiveMany(manager: EntityManager, offeringId: number, residentIds: string[]): Promise<Map<string, Enrollment>> {
    const rows = await manager.findBy(Enrollment, { offeringId, residentId: In(residentIds), status: Not(EnrollmentStatus.Cancelled) });
    return new Map(rows.map((e) => [e.residentId, e]));
  }

  /**
   * Inserts places and waitlist entries in the order given (the queue takes that order); returns
   * them in it, each waitlist entry with its position (1 = next to be promoted). The caller holds
   * the offering's lock, so everyone already waiting is ahead of them.
   */
  async insertMany(manager: EntityManager, offeringId: number, places: { residentId: string; waitlisted: boolean }[]): Promise<Placed[]> {
    if (!places.length) return [];
    const rows = (await manager.query(
      `WITH ahead AS (SELECT count(*)::int AS n FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted'),
            made AS (
              INSERT INTO enrollment (offering_id, resident_id, status, waitlist_seq)
              SELECT $1, p.resident_id, CASE WHEN p.waitlisted THEN 'waitlisted' ELSE 'enrolled' END::enrollment_status,
                     CASE WHEN p.waitlisted THEN nextval('enrollment_waitlist_seq') END
              FROM unnest($2::uuid[], $3::boolean[]) WITH ORDINALITY AS p(resident_id, waitlisted, n)
              ORDER BY p.n
              RETURNING id, offering_id, resident_id, status, waitlist_seq, created_at, promoted_at, cancelled_at)
       SELECT made.*, CASE WHEN made.status = 'waitlisted'
                THEN ahead.n + (count(*) FILTER (WHERE made.status = 'waitlisted') OVER (ORDER BY made.waitlist_seq))::int END AS position
       FROM made, ahead`,
      [offeringId, places.map((p) => p.residentId), places.map((p) => p.waitlisted)],
    )) as (EnrollmentRow & { position: number | null })[];
    const made = new Map(rows.map((r) => [r.resident_id, { enrollment: toEnrollment(r), position: r.position }]));
    return places.map((p) => made.get(p.residentId)!);
  }

  /** 1 = next to be promoted, for each of these waitlisted enrollments of one offering, by id. */
  async waitlistPositions(manager: EntityManager, offeringId: number, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = (await manager.query(
      `SELECT id, position FROM (
         SELECT id, row_number() OVER (ORDER BY waitlist_seq)::int AS position
         FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted') w
       WHERE id = ANY($2::bigint[])`,
      [offeringId, ids],
    )) as { id: string; position: number }[];
    return new Map(rows.map((r) => [r.id, r.position]));
  }

  /** Whether the resident holds a place (not a waitlist one) in the offering. */
  async isEnrolled(offeringId: number, residentId: string): Promise<boolean> {
    const rows = (await this.enrollments.query(
      `SELECT 1 FROM enrollment WHERE offering_id = $1 AND resident_id = $2 AND status = 'enrolled'`,
      [offeringId, residentId],
    )) as unknown[];
    return rows.length > 0;
  }

  async cancel(manager: EntityManager, id: string): Promise<void> {
    await manager.update(Enrollment, { id }, { status: EnrollmentStatus.Cancelled, waitlistSeq: null, cancelledAt: new Date() });
  }

  /** Moves the longest-waiting resident into a freed place; returns who, or null when nobody waits. */
  async promoteNext(manager: EntityManager, offeringId: number): Promise<string | null> {
    const rows = (await manager.query(
      `UPDATE enrollment SET status = 'enrolled', waitlist_seq = NULL, promoted_at = now()
       WHERE id = (SELECT id FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted'
                   ORDER BY waitlist_seq LIMIT 1)
       RETURNING resident_id AS "residentId"`,
      [offeringId],
    )) as [{ residentId: string }[], number];
    return rows[0][0]?.residentId ?? null;
  }

  /** A resident's live enrollments, soonest offering first, keyset-paginated. */
  async listForResident(residentId: string, after: { startsAt: string; id: string } | null, limit: number) {
    const params: unknown[] = [residentId, limit];
    let where = `e.resident_id = $1 AND e.status <> 'cancelled'`;
    if (after) {
      params.push(after.startsAt, after.id);
      where += ` AND (o.starts_at, e.id) > ($3::timestamptz, $4::bigint)`;
    }
    return (await this.enrollments.query(
      `SELECT e.id, e.offering_id AS "offeringId", e.status, e.created_at AS "createdAt", o.starts_at AS "startsAt",
              CASE WHEN e.status = 'waitlisted' THEN
                (SELECT count(*)::int FROM enrollment w WHERE w.offering_id = e.offering_id
                 AND w.status = 'waitlisted' AND w.waitlist_seq <= e.waitlist_seq) END AS position
       FROM enrollment e JOIN enrollment_offering_start o ON o.offering_id = e.offering_id
       WHERE ${where}
       ORDER BY o.starts_at, e.id
       LIMIT $2`,
      params,
    )) as { id: string; offeringId: number; status: EnrollmentStatus; createdAt: Date; startsAt: Date; position: number | null }[];
  }

  /** Everyone holding or waiting for a place: enrolled first in order of arrival, then the waitlist. */
  roster(offeringId: number): Promise<Enrollment[]> {
    return this.enrollments
      .createQueryBuilder('e')
      .where(`e.offering_id = :offeringId AND e.status <> 'cancelled'`, { offeringId })
      .orderBy(`e.status = 'waitlisted'`, 'ASC')
      .addOrderBy('e.waitlist_seq', 'ASC', 'NULLS FIRST')
      .addOrderBy('e.created_at', 'ASC')
      .getMany();
  }
}
