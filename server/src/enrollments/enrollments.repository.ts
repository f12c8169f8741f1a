import { EnrollmentStatus } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { Enrollment } from './enrollment.entity';

/** One resident's answer from enroll_in_order: the live enrollment they hold, or none (id null: refused). */
export interface InOrder {
  residentId: string;
  id: string | null;
  status: EnrollmentStatus | null;
  createdAt: Date | null;
  /** Made now, not held before. */
  created: boolean;
  /** 1 = next to be promoted; null unless waitlisted. */
  position: number | null;
}

/** SQLSTATE enroll_in_order raises when the offering's terms are not the ones passed (see the EnrollInOrder migration). */
const TERMS_CHANGED = 'LP409';

/** Where a page of 我的报名 ended: in the courses not over (by start) or the finished ones (by end). */
export interface MyEnrollmentsCursor {
  over: boolean;
  at: string;
  id: string;
}

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



  /**
   * Enrolls in one statement, under the offering's lock, the residents asked in this order: those
   * who hold a live enrollment keep it, those with `mayTake` get a place while any is free and a
   * waitlist number after, the others get none. `terms` is the offering's fingerprint the caller
   * decided on (enrollmentTerms); null when the offering's terms are no longer those, and nothing
   * was written. `asked` holds each resident once.
   */
  async enrollInOrder(offeringId: number, terms: string, asked: { residentId: string; mayTake: boolean }[]): Promise<InOrder[] | null> {
    try {
      return (await this.enrollments.query(
        `SELECT resident_id::text AS "residentId", id, status, created_at AS "createdAt", created, waitlist_position AS position
           FROM enroll_in_order($1, $2, $3::uuid[], $4::boolean[])`,
        [offeringId, terms, asked.map((a) => a.residentId), asked.map((a) => a.mayTake)],
      )) as InOrder[];
    } catch (err) {
      if ((err as { code?: string }).code === TERMS_CHANGED) return null;
      throw err;
    }
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

  /**
   * A resident's live enrollments, keyset-paginated: those in offerings not over at `now` first,
   * soonest start first; then the finished ones, latest end first.
   */
  async listForResident(residentId: string, now: Date, after: MyEnrollmentsCursor | null, limit: number) {
    const params: unknown[] = [residentId, limit, now];
    let where = `e.resident_id = $1 AND e.status <> 'cancelled'`;
    if (after) {
      params.push(after.at, after.id);
      where += after.over
        ? ` AND o.ends_at <= $3 AND (o.ends_at < $4::timestamptz OR (o.ends_at = $4::timestamptz AND e.id > $5::bigint))`
        : ` AND (o.ends_at <= $3 OR (o.starts_at, e.id) > ($4::timestamptz, $5::bigint))`;
    }
    return (await this.enrollments.query(
      `SELECT e.id, e.offering_id AS "offeringId", e.status, e.created_at AS "createdAt", o.starts_at AS "startsAt", o.ends_at AS "endsAt",
              CASE WHEN e.status = 'waitlisted' THEN
                (SELECT count(*)::int FROM enrollment w WHERE w.offering_id = e.offering_id
                 AND w.status = 'waitlisted' AND w.waitlist_seq <= e.waitlist_seq) END AS position
       FROM enrollment e JOIN enrollment_offering_start o ON o.offering_id = e.offering_id
       WHERE ${where}
       ORDER BY o.ends_at <= $3, CASE WHEN o.ends_at > $3 THEN o.starts_at END, CASE WHEN o.ends_at <= $3 THEN o.ends_at END DESC, e.id
       LIMIT $2`,
      params,
    )) as { id: string; offeringId: number; status: EnrollmentStatus; createdAt: Date; startsAt: Date; endsAt: Date; position: number | null }[];
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
