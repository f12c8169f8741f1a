import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child of 14 or older takes over their account with their own WeChat: a guardian issues a
 * one-time handover code (only its hash kept), the child logs in with their WeChat and enters it.
 * The account then logs in with the child's WeChat and is no longer guardian-managed; the
 * guardians' bindings end (handed_over_at) and none of them acts for it any more. Records, ledger
 * and statistics stay on the same account.
 */
export class ChildHandover1764843024000 implements MigrationInterface {
  name = 'ChildHandover1764843024000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE guardian_binding ADD COLUMN handed_over_at timestamptz`);
    await q.query(`
      CREATE TABLE account_handover (
        id          bigserial   PRIMARY KEY,
        child_id    uuid        NOT NULL REFERENCES app_user (id),
        issued_by   uuid        NOT NULL REFERENCES app_user (id),
        code_hash   char(64)    NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT account_handover_code_once UNIQUE (code_hash),
        CONSTRAINT account_handover_from_guardian FOREIGN KEY (child_id, issued_by) REFERENCES guardian_binding (child_id, guardian_id)
      )`);
    await q.query(`CREATE INDEX account_handover_child_idx ON account_handover (child_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_handover`);
    await q.query(`ALTER TABLE guardian_binding DROP COLUMN handed_over_at`);
  }
}
