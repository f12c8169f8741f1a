import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 线上学习学时: what a credited lesson was worth (the daily cap may cut it below the lesson's
 * minutes), and an index to add up a resident's online minutes of one day under the cap.
 */
export class OnlineLearning1764300000000 implements MigrationInterface {
  name = 'OnlineLearning1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lesson_progress
        ADD COLUMN credited_minutes integer CHECK (credited_minutes BETWEEN 1 AND 240),
        ADD CONSTRAINT lesson_progress_credit_pair CHECK ((credited_at IS NULL) = (credited_minutes IS NULL)),
        -- a lesson is at most 4 hours long, and watching is counted up to its length
        ADD CONSTRAINT lesson_progress_watched_range CHECK (watched_seconds <= 14400)`);
    await q.query(`
      CREATE INDEX lesson_progress_credited_idx ON lesson_progress (resident_id, credited_at)
        WHERE credited_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX lesson_progress_credited_idx`);
    await q.query(`
      ALTER TABLE lesson_progress
        DROP CONSTRAINT lesson_progress_watched_range,
        DROP CONSTRAINT lesson_progress_credit_pair,
        DROP COLUMN credited_minutes`);
  }
}
