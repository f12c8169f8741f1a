import { EnrollmentStatus } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { Enrollment } from './enrollment.entity';

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

  /** 1 = next to be promoted. */
  async waitlistPosition(manager: EntityManager, e: Enrollment): Promise<number | null> {
    if (e.status !== EnrollmentStatus.Waitlisted || e.waitlistSeq === null) return null;
    const [{ n }] = (await manager.query(
      `SELECT count(*)::int AS n FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted' AND waitlist_seq <= $2`,
      [e.offeringId, e.waitlistSeq],
    )) as { n: number }[];
    return n;
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
       FROM enrollment e JOIN offering o ON o.id = e.offering_id
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
