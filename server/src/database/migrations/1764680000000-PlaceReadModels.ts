import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models for the features that list their rows under a node of the area tree (schools,
 * venues, residents, teachers, staff): each reads the area's name, level and path through a view
 * of its own instead of joining the areas feature's table, so the columns they depend on are
 * stated in the schema and listed in server/src/database/table-owners.ts. Plain views: the planner
 * inlines them and the path-prefix filters keep the area indexes.
 */
export class PlaceReadModels1764680000000 implements MigrationInterface {
  name = 'PlaceReadModels1764680000000';

  async up(q: QueryRunner): Promise<void> {
    // schools and venues: the node each is kept in, for the subtree filter, the order and the row's area.
    await q.query(`CREATE VIEW school_area AS SELECT id, name, level, code, path, retired_at FROM area`);
    await q.query(`CREATE VIEW venue_area AS SELECT id, name, level, code, path, retired_at FROM area`);
    // schools: how many venues (active or not) each school has, for the admin table.
    await q.query(`
      CREATE VIEW school_venue_count AS
      SELECT school_id, count(*)::int AS venues FROM venue WHERE school_id IS NOT NULL GROUP BY school_id`);
    // residents: the community a resident lives in, for the admin list under a node.
    await q.query(`CREATE VIEW resident_area AS SELECT id, name, path FROM area`);
    // teachers: each teacher account with its school, the school's node and the teacher's profile.
    await q.query(`
      CREATE VIEW teacher_listing AS
      SELECT u.id, u.display_name AS name, u.disabled_at, s.id AS school_id, s.name AS school_name,
             a.id AS area_id, a.name AS area_name, a.level AS area_level, a.path AS area_path,
             p.specialties, p.bio
      FROM app_user u
      JOIN school s ON s.id = u.school_id
      JOIN area a ON a.id = s.area_id
      LEFT JOIN teacher_profile p ON p.user_id = u.id
      WHERE u.role = 'teacher'`);
    // users: each staff account with its school and the node it works in (the school's, else its own).
    await q.query(`
      CREATE VIEW staff_place AS
      SELECT u.id, u.username, u.display_name, u.role, u.password_change_required, u.disabled_at, u.last_login_at,
             u.created_at, s.id AS school_id, s.name AS school_name, a.id AS area_id, a.name AS area_name,
             a.level AS area_level, a.path AS area_path
      FROM app_user u
      LEFT JOIN school s ON s.id = u.school_id
      JOIN area a ON a.id = COALESCE(s.area_id, u.area_id)
      WHERE u.role <> 'resident'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['staff_place', 'teacher_listing', 'resident_area', 'school_venue_count', 'venue_area', 'school_area']) {
      await q.query(`DROP VIEW ${view}`);
    }
  }
}
