import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of attendance: the sessions, offerings, venues and enrollments check-in reads, and
 * the 代签 audit list, each through a view the attendance feature owns
 * (server/src/database/table-owners.ts). Plain views, inlined by the planner: a check-in stays one
 * INSERT … SELECT, and `FOR SHARE OF s` / `FOR UPDATE` on the session view lock the
 * offering_session rows as before (a locking clause on a view reaches the table under it).
 */
export class AttendanceReadModels1764680003000 implements MigrationInterface {
  name = 'AttendanceReadModels1764680003000';

  async up(q: QueryRunner): Promise<void> {
    // a session's times, its 学时, whether it is cancelled or closed, and its check-in signing secret.
    await q.query(`
      CREATE VIEW attendance_session AS
      SELECT id, offering_id, starts_at, ends_at, minutes, cancelled_at, closed_at, checkin_secret FROM offering_session`);
    // the offering's check-in rules and what a check-in's answer and credit name.
    await q.query(`
      CREATE VIEW attendance_offering AS
      SELECT id, title, status, school_id, area_id, venue_id, category, allow_walk_in, requires_check_out,
             geofence_policy, geofence_radius_m, check_in_opens_minutes
      FROM offering`);
    // where the venue is, for the geofence.
    await q.query(`CREATE VIEW attendance_venue AS SELECT id, latitude, longitude FROM venue`);
    // who holds a place: only they may scan in unless walk-ins are allowed; the roster lists them.
    await q.query(`CREATE VIEW attendance_enrollment AS SELECT offering_id, resident_id, status, created_at FROM enrollment`);
    // 代签: each check-in a teacher made for someone, with the names, the session and the offering's node.
    await q.query(`
      CREATE VIEW attendance_proxy_audit AS
      SELECT a.id AS attendance_id, a.received_at, t.display_name AS teacher_name, p.real_name AS resident_name,
             o.title AS offering_title, s.starts_at AS session_starts_at, a.proxy_lookup,
             ar.id AS area_id, ar.name AS area_name, ar.path AS area_path
      FROM attendance a
      JOIN offering o ON o.id = a.offering_id JOIN area ar ON ar.id = o.area_id
      JOIN offering_session s ON s.id = a.session_id
      JOIN app_user t ON t.id = a.proxy_by
      LEFT JOIN resident_profile p ON p.user_id = a.resident_id
      WHERE a.proxy_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['attendance_proxy_audit', 'attendance_enrollment', 'attendance_venue', 'attendance_offering', 'attendance_session']) {
      await q.query(`DROP VIEW ${view}`);
    }
  }
}
