import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 长辈模式 follows the account, not the phone: app_user keeps the resident's own choice (null until
 * they make one), and user_current also carries the bound birth date, from which the server
 * turns the mode on by default at 60. Both columns are appended, so the view is replaced in place.
 */
export class ElderModeChoice1764720000000 implements MigrationInterface {
  name = 'ElderModeChoice1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN elder_mode boolean`);
    await q.query(`
      CREATE OR REPLACE VIEW user_current AS
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

  async down(q: QueryRunner): Promise<void> {
    // a view cannot lose a column in place
    await q.query(`DROP VIEW user_current`);
    await q.query(`
      CREATE VIEW user_current AS
      SELECT u.id, u.role, u.display_name, u.disabled_at, u.wechat_openid IS NOT NULL AS wechat_linked,
             p.user_id IS NOT NULL AS profile_bound, s.id AS school_id, s.name AS school_name,
             a.id AS area_id, a.name AS area_name, a.level AS area_level,
             u.password_change_required
      FROM app_user u
      LEFT JOIN school s ON s.id = u.school_id
      LEFT JOIN area a ON a.id = u.area_id
      LEFT JOIN resident_profile p ON p.user_id = u.id`);
    await q.query(`ALTER TABLE app_user DROP COLUMN elder_mode`);
  }
}
