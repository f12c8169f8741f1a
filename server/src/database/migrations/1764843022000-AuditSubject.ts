import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit row names who acted and, when that was for someone else, for whom: a guardian acting for
 * a child (X-Acting-For) is the actor, the child the subject. Rows written before name the child as
 * the actor (what was known then) and no subject.
 */
export class AuditSubject1764843022000 implements MigrationInterface {
  name = 'AuditSubject1764843022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_event
        ADD COLUMN subject_id uuid REFERENCES app_user (id),
        ADD CONSTRAINT audit_event_subject_not_actor CHECK (subject_id <> actor_id)`);
    await q.query(`CREATE INDEX audit_event_subject_idx ON audit_event (subject_id, created_at) WHERE subject_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_event_subject_idx`);
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_subject_not_actor, DROP COLUMN subject_id`);
  }
}
