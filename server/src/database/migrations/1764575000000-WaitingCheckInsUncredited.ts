import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * attendance_unconfirmed_uncredited (MeasuredHours) meant "a flagged check-in earns minutes only once
 * confirmed", but for one still waiting, `review_outcome = 'confirmed'` is NULL, which makes the
 * whole CHECK NULL, and PostgreSQL lets a NULL check pass: a waiting check-in could hold minutes.
 * The same rule, written so that a waiting check-in is refused minutes too.
 */
export class WaitingCheckInsUncredited1764575000000 implements MigrationInterface {
  name = 'WaitingCheckInsUncredited1764575000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE attendance
        DROP CONSTRAINT attendance_unconfirmed_uncredited,
        ADD CONSTRAINT attendance_unconfirmed_uncredited CHECK (
          flag_reason IS NULL OR review_outcome IS NOT DISTINCT FROM 'confirmed' OR coalesce(credited_minutes, 0) = 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE attendance
        DROP CONSTRAINT attendance_unconfirmed_uncredited,
        ADD CONSTRAINT attendance_unconfirmed_uncredited CHECK (
          flag_reason IS NULL OR review_outcome = 'confirmed' OR coalesce(credited_minutes, 0) = 0)`);
  }
}
