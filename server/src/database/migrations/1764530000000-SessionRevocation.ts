import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that end when they must.
 *
 * - refresh_token_family: one row per login. Rotation and revocation both take this row's lock, so
 *   a refresh token presented twice at once cannot leave the winner holding a token the loser's
 *   revocation missed: a revoked family refuses every token in it, including one issued a moment ago.
 * - app_user.token_version: raised by the database itself whenever what a token vouches for changes
 *   (role, area, school, disabled, password), however the row is written: the API, a later admin page
 *   or an operator's UPDATE. Tokens carry the version they were issued at; older ones are refused.
 *   token_version_at says when, so every server process can fetch the recent changes in one query.
 */
export class SessionRevocation1764530000000 implements MigrationInterface {
  name = 'SessionRevocation1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refresh_token_family (
        id            uuid        PRIMARY KEY,
        user_id       uuid        NOT NULL REFERENCES app_user (id),
        -- the account's token_version at login: after it changes, the family refreshes nothing
        user_version  integer     NOT NULL CHECK (user_version >= 0),
        revoked_at    timestamptz,
        revoked_why   varchar(16) CHECK (revoked_why IN ('logout', 'reuse', 'account')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_token_family_revoked_why CHECK ((revoked_at IS NULL) = (revoked_why IS NULL))
      )`);
    await q.query(`CREATE INDEX refresh_token_family_user_idx ON refresh_token_family (user_id)`);
    await q.query(`CREATE INDEX refresh_token_family_revoked_idx ON refresh_token_family (revoked_at) WHERE revoked_at IS NOT NULL`);
    // a family with any revoked token was revoked as a whole, even where a racing rotation slipped a new token past it
    await q.query(`
      INSERT INTO refresh_token_family (id, user_id, user_version, revoked_at, revoked_why, created_at)
      SELECT family_id, (array_agg(user_id))[1], 0, max(revoked_at), CASE WHEN max(revoked_at) IS NULL THEN NULL ELSE 'logout' END, min(created_at)
        FROM refresh_token GROUP BY family_id`);
    await q.query(`ALTER TABLE refresh_token ADD CONSTRAINT refresh_token_family_fkey FOREIGN KEY (family_id) REFERENCES refresh_token_family (id)`);
    await q.query(`ALTER TABLE refresh_token DROP COLUMN revoked_at`);

    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0),
        ADD COLUMN token_version_at timestamptz`);
    await q.query(`CREATE INDEX app_user_token_version_at_idx ON app_user (token_version_at) WHERE token_version_at IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION app_user_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- never lowered by a write: a token refused once stays refused
        NEW.token_version := GREATEST(NEW.token_version, OLD.token_version);
        IF NEW.role IS DISTINCT FROM OLD.role
           OR NEW.area_id IS DISTINCT FROM OLD.area_id
           OR NEW.school_id IS DISTINCT FROM OLD.school_id
           OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at
           OR NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
          NEW.token_version := GREATEST(NEW.token_version, OLD.token_version + 1);
        END IF;
        IF NEW.token_version <> OLD.token_version THEN
          NEW.token_version_at := clock_timestamp();
        ELSE
          NEW.token_version_at := OLD.token_version_at;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER app_user_token_version BEFORE UPDATE ON app_user FOR EACH ROW EXECUTE FUNCTION app_user_token_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER app_user_token_version ON app_user`);
    await q.query(`DROP FUNCTION app_user_token_version()`);
    await q.query(`ALTER TABLE app_user DROP COLUMN token_version_at, DROP COLUMN token_version`);
    await q.query(`ALTER TABLE refresh_token ADD COLUMN revoked_at timestamptz`);
    await q.query(`UPDATE refresh_token t SET revoked_at = f.revoked_at FROM refresh_token_family f WHERE f.id = t.family_id AND f.revoked_at IS NOT NULL`);
    await q.query(`ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_family_fkey`);
    await q.query(`DROP TABLE refresh_token_family`);
  }
}
