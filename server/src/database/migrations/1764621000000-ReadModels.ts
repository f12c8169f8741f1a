import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of features that read other features' tables: each view belongs to the feature that
 * reads it and is the only way it reaches those tables, so the columns it depends on are stated in
 * the schema (PostgreSQL refuses to drop or retype them) and listed in
 * server/src/database/table-owners.ts. Plain views: the planner inlines them, queries keep their indexes.
 */
export class ReadModels1764621000000 implements MigrationInterface {
  name = 'ReadModels1764621000000';

  async up(q: QueryRunner): Promise<void> {
    // reminders: enrolled residents of published offerings, one row per session not cancelled,
    // with what the message needs (the WeChat link from users, the venue's name from venues).
    await q.query(`
      CREATE VIEW reminder_session_attendee AS
      SELECT s.id AS session_id, e.resident_id AS user_id, u.wechat_openid AS openid, u.disabled_at IS NOT NULL AS disabled,
             o.id AS offering_id, o.title, s.starts_at, v.name AS venue_name
      FROM offering_session s
      JOIN offering o ON o.id = s.offering_id
      JOIN enrollment e ON e.offering_id = o.id AND e.status = 'enrolled'
      JOIN app_user u ON u.id = e.resident_id
      LEFT JOIN venue v ON v.id = o.venue_id
      WHERE s.cancelled_at IS NULL AND o.status = 'published'`);
    // enrollments: when each offering starts, the order a resident's enrollments are listed in.
    await q.query(`CREATE VIEW enrollment_offering_start AS SELECT id AS offering_id, starts_at FROM offering`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW enrollment_offering_start`);
    await q.query(`DROP VIEW reminder_session_attendee`);
  }
}
