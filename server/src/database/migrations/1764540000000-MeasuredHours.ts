import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hours bounded by what the server measured.
 *
 * 待核对: a flagged check-in (no location, a poor fix, far from the venue) now waits for the
 * teacher's decision before it earns anything. Pending is "flagged and not yet decided"; the
 * decision, who made it (null: the district's deadline rule) and when are kept on the row.
 * Flagged check-ins of sessions closed before this were credited as they came: they are marked
 * confirmed at their session's close, so the rows keep telling the truth about the ledger.
 *
 * Online lessons: a credited lesson never carries more minutes than the seconds the server counted
 * (NOT VALID: rows credited before the rule existed are left as history, new ones are checked).
 */
export class MeasuredHours1764540000000 implements MigrationInterface {
  name = 'MeasuredHours1764540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE attendance
        ADD COLUMN review_outcome varchar(10) CHECK (review_outcome IN ('confirmed', 'rejected')),
        ADD COLUMN reviewed_at    timestamptz,
        ADD COLUMN reviewed_by    uuid REFERENCES app_user (id),
        ADD COLUMN review_note    varchar(100)`);
    await q.query(`
      UPDATE attendance a SET review_outcome = 'confirmed', reviewed_at = s.closed_at
      FROM offering_session s
      WHERE s.id = a.session_id AND a.flag_reason IS NOT NULL AND s.closed_at IS NOT NULL`);
    await q.query(`
      ALTER TABLE attendance
        ADD CONSTRAINT attendance_review_of_flagged CHECK (review_outcome IS NULL OR flag_reason IS NOT NULL),
        ADD CONSTRAINT attendance_review_pair CHECK ((review_outcome IS NULL) = (reviewed_at IS NULL)),
        ADD CONSTRAINT attendance_reject_says_why CHECK (review_outcome IS DISTINCT FROM 'rejected' OR review_note IS NOT NULL),
        -- what waits for a decision, or was refused, earns nothing
        ADD CONSTRAINT attendance_unconfirmed_uncredited CHECK (
          flag_reason IS NULL OR review_outcome = 'confirmed' OR coalesce(credited_minutes, 0) = 0)`);
    // the deadline sweep and the teacher's list read only what still waits
    await q.query(`CREATE INDEX attendance_review_pending_idx ON attendance (session_id) WHERE flag_reason IS NOT NULL AND review_outcome IS NULL`);

    await q.query(`
      ALTER TABLE lesson_progress
        ADD CONSTRAINT lesson_progress_credit_measured CHECK (credited_minutes IS NULL OR credited_minutes * 60 <= watched_seconds) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lesson_progress DROP CONSTRAINT lesson_progress_credit_measured`);
    await q.query(`DROP INDEX attendance_review_pending_idx`);
    await q.query(`
      ALTER TABLE attendance
        DROP CONSTRAINT attendance_unconfirmed_uncredited,
        DROP CONSTRAINT attendance_reject_says_why,
        DROP CONSTRAINT attendance_review_pair,
        DROP CONSTRAINT attendance_review_of_flagged,
        DROP COLUMN review_note,
        DROP COLUMN reviewed_by,
        DROP COLUMN reviewed_at,
        DROP COLUMN review_outcome`);
  }
}
