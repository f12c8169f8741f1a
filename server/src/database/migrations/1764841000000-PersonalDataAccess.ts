import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data access log (server/src/access-log): one row each time a member of staff was shown
 * one resident's personal data, written in the same request. The resident reads it as 谁看过我的信息
 * and the administrators of the staff member's area as 个人信息查看记录; rows older than
 * ACCESS_AUDIT_RETENTION_DAYS are purged by the `access-log-purge` periodic job.
 * `access_log_entry` is the read model both views use: names of the area, school and people involved.
 *
 * Consents record the version of the privacy text they were given under (those given before versions
 * were kept say 'unrecorded'), and the separate consent to use the phone's location at check-in
 * (server/src/attendance) is one row per resident.
 */
export class PersonalDataAccess1764841000000 implements MigrationInterface {
  name = 'PersonalDataAccess1764841000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_access (
        id           bigserial    PRIMARY KEY,
        staff_id     uuid         NOT NULL REFERENCES app_user (id),
        staff_role   user_role    NOT NULL CHECK (staff_role <> 'resident'),
        -- the staff member's area when they looked (a teacher: their school's area)
        area_id      integer      REFERENCES area (id),
        school_id    integer      REFERENCES school (id),
        resident_id  uuid         NOT NULL REFERENCES app_user (id),
        kind         varchar(32)  NOT NULL CHECK (kind IN (
                       'proxy-lookup', 'certification-evidence', 'evidence-file', 'resident-lookup',
                       'nominee-lookup', 'register-entry', 'transcript')),
        route        varchar(120) NOT NULL,
        at           timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT personal_data_access_not_self CHECK (staff_id <> resident_id)
      )`);
    await q.query(`CREATE INDEX personal_data_access_resident_idx ON personal_data_access (resident_id, at DESC)`);
    await q.query(`CREATE INDEX personal_data_access_area_idx ON personal_data_access (area_id, at DESC)`);
    await q.query(`CREATE INDEX personal_data_access_at_idx ON personal_data_access (at)`);
    await q.query(`
      CREATE VIEW access_log_entry AS
      SELECT a.id, a.at, a.kind, a.route, a.staff_id, a.staff_role, u.display_name AS staff_name,
             a.area_id, ar.name AS area_name, ar.path AS area_path, a.school_id, s.name AS school_name,
             a.resident_id, p.real_name AS resident_name
        FROM personal_data_access a
        JOIN app_user u ON u.id = a.staff_id
        LEFT JOIN area ar ON ar.id = a.area_id
        LEFT JOIN school s ON s.id = a.school_id
        LEFT JOIN resident_profile p ON p.user_id = a.resident_id`);
    await q.query(`ALTER TABLE partner_consent ADD COLUMN privacy_text_version varchar(16) NOT NULL DEFAULT 'unrecorded'`);
    await q.query(`ALTER TABLE partner_consent ALTER COLUMN privacy_text_version DROP DEFAULT`);
    await q.query(`
      CREATE TABLE location_consent (
        resident_id           uuid        PRIMARY KEY REFERENCES app_user (id),
        given                 boolean     NOT NULL,
        privacy_text_version  varchar(16) NOT NULL,
        decided_at            timestamptz NOT NULL DEFAULT now()
      )`);
    // A resident's copy of their data (server/src/data-export): one read per kind, all keyed by resident.
    await q.query(`
      CREATE VIEW data_copy_enrollment AS
      SELECT e.resident_id, e.offering_id, o.title, e.status::text AS status, e.created_at, e.cancelled_at
        FROM enrollment e JOIN offering o ON o.id = e.offering_id`);
    await q.query(`
      CREATE VIEW data_copy_attendance AS
      SELECT a.resident_id, a.session_id, o.title, v.name AS venue_name, v.address AS venue_address, s.starts_at,
             a.checked_in_at, a.checked_out_at, a.method, a.credited_minutes, a.latitude, a.longitude
        FROM attendance a
        JOIN offering_session s ON s.id = a.session_id
        JOIN offering o ON o.id = a.offering_id
        LEFT JOIN venue v ON v.id = o.venue_id`);
    await q.query(`
      CREATE VIEW data_copy_learning_record AS
      SELECT r.id, r.resident_id, r.source, r.category::text AS category, r.title, r.minutes, r.occurred_at,
             COALESCE(g.amount_milli, 0)::bigint AS credits_milli
        FROM learning_record r
        LEFT JOIN ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'`);
    await q.query(`
      CREATE VIEW data_copy_ledger_entry AS
      SELECT la.resident_id, e.id, e.transfer_id, t.kind::text AS kind, la.category::text AS category,
             e.amount_milli, e.balance_after, t.memo, e.created_at
        FROM ledger_entry e
        JOIN ledger_account la ON la.id = e.account_id AND la.kind = 'resident'
        JOIN ledger_transfer t ON t.id = e.transfer_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['data_copy_ledger_entry', 'data_copy_learning_record', 'data_copy_attendance', 'data_copy_enrollment', 'access_log_entry']) {
      await q.query(`DROP VIEW ${view}`);
    }
    await q.query(`DROP TABLE location_consent`);
    await q.query(`ALTER TABLE partner_consent DROP COLUMN privacy_text_version`);
    await q.query(`DROP TABLE personal_data_access`);
  }
}
