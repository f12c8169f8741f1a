import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * user_current also carries a bound resident's street (the parent of their community), so that the
 * app knows it from the session and 首页 asks for 就在附近 at once, not after the profile answered.
 * The column is appended, so the view is replaced in place; it reads no new table.
 */
export class UserCurrentHomeStreet1764740000000 implements MigrationInterface {
  name = 'UserCurrentHomeStreet1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW user_current AS
      SELECT u.id, u.role, u.display_name, u.disabled_at, u.wechat_openid IS NOT NULL AS wechat_linked,
             p.user_id IS NOT NULL AS profile_bound, s.id AS school_id, s.name AS school_name,
             a.id AS area_id, a.name AS area_name, a.level AS area_level,
             u.password_change_required,
             u.elder_mode, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
             home.parent_id AS home_street_id
      FROM app_user u
      LEFT JOIN school s ON s.id = u.school_id
      LEFT JOIN area a ON a.id = u.area_id
      LEFT JOIN resident_profile p ON p.user_id = u.id
      LEFT JOIN area home ON home.id = p.community_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a view cannot lose a column in place
    await q.query(`DROP VIEW user_current`);
    await q.query(`
      CREATE VIEW user_current AS
      SELECT u.id, u.role, u.display_name, u.disabled_at, u.wechat_openid IS NOT NULL AS wechat_linked,
             p.user_id IS NOT NULL AS profile_bound, s.id AS school_id, s.name AS school_name,
             a.id AS area_id, a.name AS area_name, a.level AS area_level,
             u.password_change_required,
             u.elder_mode, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date
      FROM app_user u
      LEFT JOIN school s ON s.id = u.school_id
      LEFT JOIN area a ON a.id = u.area_id
      LEFT JOIN resident_profile p ON p.user_id = u.id`);
  }
}
