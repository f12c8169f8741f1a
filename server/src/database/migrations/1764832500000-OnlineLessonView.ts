import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * online_lesson_offering: a lesson with the facts of its activity that a heartbeat needs (kind,
 * status, category), so online learning reads them with the resident's progress in one query
 * without naming the offerings feature's tables (a read model, see table-owners.ts).
 */
export class OnlineLessonView1764832500000 implements MigrationInterface {
  name = 'OnlineLessonView1764832500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW online_lesson_offering AS
      SELECT l.id AS lesson_id, l.seq, l.title, l.video_url, l.duration_seconds, l.minutes,
             o.id AS offering_id, o.title AS offering_title, o.kind AS offering_kind, o.status AS offering_status, o.category
        FROM offering_lesson l JOIN offering o ON o.id = l.offering_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW online_lesson_offering`);
  }
}
