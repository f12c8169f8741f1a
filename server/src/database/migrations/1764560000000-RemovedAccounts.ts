import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens of an account that was removed stop working like those of a disabled one. An operator may
 * delete an app_user row (with its logins); the token it held stays genuinely signed until it
 * expires. The database notes each removal in removed_account, however the row was deleted, and every
 * server process refuses those accounts' tokens from its next reload of revoked sessions.
 */
export class RemovedAccounts1764560000000 implements MigrationInterface {
  name = 'RemovedAccounts1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE removed_account (
        user_id    uuid        PRIMARY KEY,
        removed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX removed_account_removed_at_idx ON removed_account (removed_at)`);
    await q.query(`
      CREATE FUNCTION app_user_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO removed_account (user_id) VALUES (OLD.id)
          ON CONFLICT (user_id) DO UPDATE SET removed_at = EXCLUDED.removed_at;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER app_user_removed AFTER DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION app_user_removed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER app_user_removed ON app_user`);
    await q.query(`DROP FUNCTION app_user_removed()`);
    await q.query(`DROP TABLE removed_account`);
  }
}
