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
    // transcripts: each learning record with the credits it earned (its grant less that grant's
    // reversal), its title (the offering's when it has none) and whether another record voids it.
    await q.query(`
      CREATE VIEW transcript_record AS
      SELECT r.id, r.resident_id, r.source, r.category, r.minutes, r.occurred_at,
             to_char(r.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
             COALESCE(r.title, o.title) AS title, r.offering_id, r.voids_id,
             (COALESCE(g.amount_milli, 0) - COALESCE(rv.amount_milli, 0))::float8 AS credits_milli,
             EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id) AS voided
      FROM learning_record r
      LEFT JOIN offering o ON o.id = r.offering_id
      LEFT JOIN ledger_transfer g ON g.kind = 'grant' AND g.learning_record_id = r.id
      LEFT JOIN ledger_transfer rv ON rv.kind = 'reversal' AND rv.reverses_transfer_id = g.id`);
    // transcripts: the holder's name and where they live (community, street, district).
    await q.query(`
      CREATE VIEW transcript_holder AS
      SELECT p.user_id AS resident_id, p.real_name AS resident_name, c.id AS community_id, c.name AS community,
             s.name AS street, d.name AS district
      FROM resident_profile p
      JOIN area c ON c.id = p.community_id
      JOIN area s ON s.id = c.parent_id
      JOIN area d ON d.path = '/' || split_part(c.path, '/', 2) || '/'`);
    // partners: each credit conversion with the resident's community (whose admins may undo it)
    // and whether the ledger has reversed it.
    await q.query(`
      CREATE VIEW partner_conversion AS
      SELECT c.id, c.receipt_no, c.offer_id, c.credits_milli, c.created_at, c.resident_id, rp.community_id,
             EXISTS (SELECT 1 FROM ledger_transfer t JOIN ledger_transfer r ON r.reverses_transfer_id = t.id WHERE t.conversion_id = c.id) AS reversed
      FROM credit_conversion c
      JOIN resident_profile rp ON rp.user_id = c.resident_id`);
    // certifications: a request with its achievement (credit rules), the resident's name, its area
    // and what its grant gave (the ledger).
    await q.query(`
      CREATE VIEW certification_detail AS
      SELECT c.id, c.resident_id, c.area_id, c.rule_set_id, c.achievement_code, a.kind, a.name, a.level, a.category, a.credits_milli,
             c.certificate_no, c.issuer, to_char(c.issued_on, 'YYYY-MM-DD') AS issued_on, c.status, c.reject_reason,
             c.created_at, c.reviewed_at, c.evidence_upload_id, g.amount_milli AS granted, p.real_name AS resident_name,
             ar.name AS area_name, ar.path AS area_path
      FROM credit_certification c
      JOIN credit_achievement a ON a.rule_set_id = c.rule_set_id AND a.code = c.achievement_code
      JOIN resident_profile p ON p.user_id = c.resident_id
      JOIN area ar ON ar.id = c.area_id
      LEFT JOIN ledger_transfer g ON g.learning_record_id = c.learning_record_id AND g.kind = 'grant'`);
    // certifications: the community a resident submits from and the district whose rules apply.
    await q.query(`
      CREATE VIEW certification_resident_home AS
      SELECT p.user_id AS resident_id, p.community_id, split_part(a.path, '/', 2)::int AS district_id
      FROM resident_profile p JOIN area a ON a.id = p.community_id`);
    // users: the signed-in user with their school and area by name, and whether a resident has bound a profile.
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW user_current`);
    await q.query(`DROP VIEW certification_resident_home`);
    await q.query(`DROP VIEW certification_detail`);
    await q.query(`DROP VIEW partner_conversion`);
    await q.query(`DROP VIEW transcript_holder`);
    await q.query(`DROP VIEW transcript_record`);
    await q.query(`DROP VIEW enrollment_offering_start`);
    await q.query(`DROP VIEW reminder_session_attendee`);
  }
}
