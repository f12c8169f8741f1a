import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The user_current read model (users' own view of an account with its school, area and binding)
 * also says whether a handed-out password still has to be changed: the app sends such staff to
 * 修改密码 before anything else. The column is appended, so the view is replaced in place.
 */
export class UserCurrentPasswordChange1764670000000 implements MigrationInterface {
  name = 'UserCurrentPasswordChange1764670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW user_current AS
      SELECT u.id, u.role, u.display_name, u.disabled_at, u.wechat_openid IS NOT NULL AS wechat_linked,
             p.user_id IS NOT NULL AS profile_bound, s.id AS school_id, s.name AS school_name,
             a.id AS area_id, a.name AS area_name, a.level AS area_level,
             u.password_change_required
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
             a.id AS area_id, a.name AS area_name, a.level AS area_level
      FROM app_user u
      LEFT JOIN school s ON s.id = u.school_id
      LEFT JOIN area a ON a.id = u.area_id
      LEFT JOIN resident_profile p ON p.user_id = u.id`);
  }
}
