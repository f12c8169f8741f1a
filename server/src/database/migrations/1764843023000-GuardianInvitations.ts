import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child's second guardian (both parents): a guardian of the child makes a one-time invitation
 * code, the other guardian enters it and gives their own consent. Only the code's hash is kept; a
 * code is used once (used_by, used_at) and is good until expires_at.
 */
export class GuardianInvitations1764843023000 implements MigrationInterface {
  name = 'GuardianInvitations1764843023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guardian_invitation (
        id          bigserial   PRIMARY KEY,
        child_id    uuid        NOT NULL REFERENCES app_user (id),
        invited_by  uuid        NOT NULL REFERENCES app_user (id),
        code_hash   char(64)    NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_by     uuid        REFERENCES app_user (id),
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT guardian_invitation_code_once UNIQUE (code_hash),
        CONSTRAINT guardian_invitation_used_pair CHECK ((used_by IS NULL) = (used_at IS NULL)),
        CONSTRAINT guardian_invitation_not_self CHECK (used_by <> invited_by AND used_by <> child_id),
        CONSTRAINT guardian_invitation_from_guardian FOREIGN KEY (child_id, invited_by) REFERENCES guardian_binding (child_id, guardian_id)
      )`);
    await q.query(`CREATE INDEX guardian_invitation_child_idx ON guardian_invitation (child_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guardian_invitation`);
  }
}
