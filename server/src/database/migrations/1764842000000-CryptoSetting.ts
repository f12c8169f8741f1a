import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The look-up hash algorithm the database's hashes were made with (one row). Every database so far
 * was hashed with HMAC-SHA256; a server configured for 国密 (HMAC-SM3) refuses to start on it until
 * `crypto:rehash` has recomputed the hashes (see database/field-keys.ts). Encrypted values need no
 * record here: each one names its own cipher and key.
 */
export class CryptoSetting1764842000000 implements MigrationInterface {
  name = 'CryptoSetting1764842000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crypto_setting (
        one                    boolean      PRIMARY KEY DEFAULT true CHECK (one),
        lookup_hash_algorithm  varchar(16)  NOT NULL CHECK (lookup_hash_algorithm IN ('hmac-sha256', 'hmac-sm3')),
        changed_at             timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO crypto_setting (lookup_hash_algorithm) VALUES ('hmac-sha256')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crypto_setting`);
  }
}
