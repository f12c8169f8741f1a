import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The activities held in a year are counted by the year their session started, the year its
 * attendance records count in (a record's time is its session's start), not the year it was
 * closed: a session on the evening of 31 December closed after midnight counted its learners in
 * one year and itself in the next. stats_session gains starts_at at its end, so it is replaced in place.
 */
export class SessionsHeldByStart1764831000000 implements MigrationInterface {
  name = 'SessionsHeldByStart1764831000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW stats_session AS SELECT offering_id, closed_at, cancelled_at, starts_at FROM offering_session`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a view cannot lose a column in place
    await q.query(`DROP VIEW stats_session`);
    await q.query(`CREATE VIEW stats_session AS SELECT offering_id, closed_at, cancelled_at FROM offering_session`);
  }
}
