import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Guardians of residents under 14 (server/src/guardians, 个人信息保护法 第31条). A guardian (an adult
 * resident) adds a child and consents to the processing of the child's data; the row keeps the
 * relationship and the consent: when it was given or withdrawn and under which privacy text version.
 * The child is an account of its own (its records, ledger account and statistics are the child's);
 * while no guardian's consent stands, a child under 14 cannot act.
 */
export class GuardianBindings1764842519190 implements MigrationInterface {
  name = 'GuardianBindings1764842519190';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guardian_binding (
        child_id              uuid        NOT NULL REFERENCES app_user (id),
        guardian_id           uuid        NOT NULL REFERENCES app_user (id),
        relationship          varchar(16) NOT NULL CHECK (relationship IN ('parent', 'grandparent', 'other')),
        consent_given         boolean     NOT NULL,
        privacy_text_version  varchar(16) NOT NULL,
        -- when the consent was last given, or withdrawn
        decided_at            timestamptz NOT NULL DEFAULT now(),
        created_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (child_id, guardian_id),
        CONSTRAINT guardian_binding_not_self CHECK (child_id <> guardian_id)
      )`);
    await q.query(`CREATE INDEX guardian_binding_guardian_idx ON guardian_binding (guardian_id)`);
    // a child's account, added by a guardian, has no login of its own: the guardian acts for it
    await q.query(`ALTER TABLE app_user ADD COLUMN guardian_managed boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_can_log_in`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo OR guardian_managed)`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_guardian_managed_resident CHECK (NOT guardian_managed OR role = 'resident')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guardian_binding`);
    await q.query(`DELETE FROM app_user WHERE guardian_managed AND wechat_openid IS NULL`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_guardian_managed_resident, DROP CONSTRAINT app_user_can_log_in`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo)`);
    await q.query(`ALTER TABLE app_user DROP COLUMN guardian_managed`);
  }
}
