import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The way (`r1` AES-GCM, `r2` SM4-GCM) every value sealed under a resident's data key was last found
 * sealed: the re-encryption reads the large places that hold such values (every check-in with a place)
 * only while this differs from the current CRYPTO_SUITE's way, i.e. once after a switch until it has
 * moved them all. Null until a run has found them all moved: the first run looks.
 */
export class ResidentsSealedAs1764851000000 implements MigrationInterface {
  name = 'ResidentsSealedAs1764851000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crypto_setting ADD COLUMN residents_sealed_as varchar(2) CHECK (residents_sealed_as IN ('r1', 'r2'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crypto_setting DROP COLUMN residents_sealed_as`);
  }
}
