import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators' resident table: search by full name through a keyed hash, and pages that stay
 * fast with 100,000 residents.
 *
 * name_hash is an HMAC under LOOKUP_HASH_KEY, which lives in the server's configuration, not in the
 * database, so SQL alone cannot fill it: the column starts empty and the server fills the missing
 * hashes when it starts (NameHashBackfill), before it answers requests. Migrations stay free of
 * secrets, and a row written without a hash by any path is repaired at the next start.
 */
export class ResidentSearch1764610000000 implements MigrationInterface {
  name = 'ResidentSearch1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE resident_profile ADD COLUMN name_hash char(64)`);
    await q.query(`CREATE INDEX resident_profile_name_hash_idx ON resident_profile (name_hash)`);
    // The rows the start-up backfill still has to hash: empty once it has run.
    await q.query(`CREATE INDEX resident_profile_name_unhashed_idx ON resident_profile (user_id) WHERE name_hash IS NULL`);
    // The list's order, newest binding first: the whole district, and one community at a time.
    await q.query(`CREATE INDEX resident_profile_bound_idx ON resident_profile (bound_at DESC, user_id DESC)`);
    await q.query(`CREATE INDEX resident_profile_community_bound_idx ON resident_profile (community_id, bound_at DESC, user_id DESC)`);
    await q.query(`DROP INDEX resident_profile_community_idx`);
    // A group filter: a group few residents belong to is found through this index instead of a
    // walk through everyone in binding order; a common group is still read in order.
    await q.query(`CREATE INDEX resident_profile_groups_idx ON resident_profile USING gin (groups)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX resident_profile_groups_idx`);
    await q.query(`CREATE INDEX resident_profile_community_idx ON resident_profile (community_id)`);
    await q.query(`DROP INDEX resident_profile_community_bound_idx`);
    await q.query(`DROP INDEX resident_profile_bound_idx`);
    await q.query(`DROP INDEX resident_profile_name_unhashed_idx`);
    await q.query(`DROP INDEX resident_profile_name_hash_idx`);
    await q.query(`ALTER TABLE resident_profile DROP COLUMN name_hash`);
  }
}
