import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resident's phone may be verified through WeChat's 手机号快速验证 (`phone_verified_at`), and a
 * number verified by one account is taken from the account that only typed it, which is then
 * left without a phone until it binds another: the phone columns may be empty, both together.
 */
export class ResidentPhoneVerified1764710000000 implements MigrationInterface {
  name = 'ResidentPhoneVerified1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE resident_profile
        ALTER COLUMN phone_enc DROP NOT NULL,
        ALTER COLUMN phone_hash DROP NOT NULL,
        ADD COLUMN phone_verified_at timestamptz,
        ADD CONSTRAINT resident_profile_phone_pair CHECK ((phone_enc IS NULL) = (phone_hash IS NULL)),
        ADD CONSTRAINT resident_profile_verified_has_phone CHECK (phone_verified_at IS NULL OR phone_hash IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM resident_profile WHERE phone_hash IS NULL`)) as { n: number }[];
    if (n > 0) throw new Error(`${n} residents have no phone since a verified number was moved away: they must bind one before this migration can be undone`);
    await q.query(`
      ALTER TABLE resident_profile
        DROP CONSTRAINT resident_profile_verified_has_phone,
        DROP CONSTRAINT resident_profile_phone_pair,
        DROP COLUMN phone_verified_at,
        ALTER COLUMN phone_enc SET NOT NULL,
        ALTER COLUMN phone_hash SET NOT NULL`);
  }
}
