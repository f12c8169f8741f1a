import { MigrationInterface, QueryRunner } from 'typeorm';

/** The read models that show a resident's name: they are dropped and made again around the change of its type. */
const NAME_VIEWS = [
  'learning_account_record',
  'transcript_holder',
  'certification_detail',
  'attendance_proxy_audit',
  'stats_resident',
  'selection_resident',
  'access_log_entry',
] as const;

/** The account as the app sees it (user_current, migration UserCurrentHomeStreet), with `extra` columns at the end. */
const userCurrent = (extra: string) => `
  SELECT u.id, u.role, u.display_name, u.disabled_at, u.wechat_openid IS NOT NULL AS wechat_linked,
         p.user_id IS NOT NULL AS profile_bound, s.id AS school_id, s.name AS school_name,
         a.id AS area_id, a.name AS area_name, a.level AS area_level, u.password_change_required, u.elder_mode,
         to_char(p.birth_date::timestamptz, 'YYYY-MM-DD') AS birth_date, home.parent_id AS home_street_id${extra}
  FROM app_user u
  LEFT JOIN school s ON s.id = u.school_id
  LEFT JOIN area a ON a.id = u.area_id
  LEFT JOIN resident_profile p ON p.user_id = u.id
  LEFT JOIN area home ON home.id = p.community_id`;

/**
 * Closing an account (《个人信息保护法》 Art. 47): a resident's name, phone and ID number are sealed under
 * a data key of their own, kept in a separate key store (DATA_KEY_STORE_URL); destroying that key makes
 * them unreadable for good, backups of this database included.
 * - resident_profile.real_name becomes text: it holds `r1.…` (sealed) once the server has moved it.
 * - app_user.display_name no longer copies a resident's name; user_current gives the sealed name instead.
 * - app_user.closed_at: a closed account keeps its id (records, ledger, statistics stay pseudonymous)
 *   but no WeChat identity, so it can log in no more.
 * - upload.erased_at: a closed account's evidence files are emptied, their rows kept for the records.
 */
export class ResidentDataKeys1764843019000 implements MigrationInterface {
  name = 'ResidentDataKeys1764843019000';

  async up(q: QueryRunner): Promise<void> {
    await this.retypeName(q, 'text');
    // 代签 audit: whose name it is, so the sealed name can be opened
    await q.query(`
      CREATE OR REPLACE VIEW attendance_proxy_audit AS
      SELECT a.id AS attendance_id, a.received_at, t.display_name AS teacher_name, p.real_name AS resident_name,
             o.title AS offering_title, s.starts_at AS session_starts_at, a.proxy_lookup,
             ar.id AS area_id, ar.name AS area_name, ar.path AS area_path, a.resident_id
      FROM attendance a
      JOIN offering o ON o.id = a.offering_id
      JOIN area ar ON ar.id = o.area_id
      JOIN offering_session s ON s.id = a.session_id
      JOIN app_user t ON t.id = a.proxy_by
      LEFT JOIN resident_profile p ON p.user_id = a.resident_id
      WHERE a.proxy_by IS NOT NULL`);
    await q.query(`UPDATE app_user SET display_name = '居民' WHERE role = 'resident' AND display_name <> '微信用户'`);
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN closed_at timestamptz,
        DROP CONSTRAINT app_user_can_log_in,
        ADD CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo OR closed_at IS NOT NULL),
        ADD CONSTRAINT app_user_closed_resident CHECK (closed_at IS NULL OR (role = 'resident' AND wechat_openid IS NULL AND wechat_unionid IS NULL))`);
    await q.query(`CREATE OR REPLACE VIEW user_current AS ${userCurrent(', p.real_name AS resident_name')}`);
    await q.query(`
      ALTER TABLE upload
        ADD COLUMN erased_at timestamptz,
        DROP CONSTRAINT upload_size_matches,
        ADD CONSTRAINT upload_size_matches CHECK (octet_length(data) = size_bytes OR (erased_at IS NOT NULL AND octet_length(data) = 0))`);
    // an admin closing an account on the resident's request is written to the access log
    await q.query(`ALTER TABLE personal_data_access DROP CONSTRAINT personal_data_access_kind_check,
      ADD CONSTRAINT personal_data_access_kind_check CHECK (kind IN ('proxy-lookup', 'certification-evidence', 'evidence-file', 'resident-lookup', 'nominee-lookup', 'register-entry', 'transcript', 'account-closure'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM personal_data_access WHERE kind = 'account-closure'`);
    await q.query(`ALTER TABLE personal_data_access DROP CONSTRAINT personal_data_access_kind_check,
      ADD CONSTRAINT personal_data_access_kind_check CHECK (kind IN ('proxy-lookup', 'certification-evidence', 'evidence-file', 'resident-lookup', 'nominee-lookup', 'register-entry', 'transcript'))`);
    await q.query(`
      ALTER TABLE upload
        DROP CONSTRAINT upload_size_matches,
        ADD CONSTRAINT upload_size_matches CHECK (octet_length(data) = size_bytes),
        DROP COLUMN erased_at`);
    await q.query(`DROP VIEW user_current`);
    await q.query(`CREATE VIEW user_current AS ${userCurrent('')}`);
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_closed_resident,
        DROP CONSTRAINT app_user_can_log_in,
        ADD CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo),
        DROP COLUMN closed_at`);
    // sealed names do not fit back; the server must have opened them first (a down is for development)
    await this.retypeName(q, 'varchar(32)');
  }

  /** PostgreSQL refuses to change the type of a column a view shows: the views go and come back as they were. */
  private async retypeName(q: QueryRunner, type: string): Promise<void> {
    const defs: { name: string; def: string }[] = [];
    for (const name of NAME_VIEWS) {
      const [{ def }] = (await q.query(`SELECT pg_get_viewdef($1::regclass) AS def`, [name])) as { def: string }[];
      defs.push({ name, def });
    }
    for (const { name } of [...defs].reverse()) await q.query(`DROP VIEW ${name}`);
    await q.query(`ALTER TABLE resident_profile ALTER COLUMN real_name TYPE ${type}`);
    for (const { name, def } of defs) await q.query(`CREATE VIEW ${name} AS ${def}`);
  }
}
