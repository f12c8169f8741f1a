import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resident's evidence files are kept sealed under their data key (ResidentCrypto.sealBytes):
 * `sealed` says so, and the stored bytes are then longer than the file (size_bytes stays the file's).
 */
export class SealedUploads1764843020000 implements MigrationInterface {
  name = 'SealedUploads1764843020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE upload
        ADD COLUMN sealed boolean NOT NULL DEFAULT false,
        DROP CONSTRAINT upload_size_matches,
        ADD CONSTRAINT upload_size_matches CHECK (sealed OR octet_length(data) = size_bytes OR (erased_at IS NOT NULL AND octet_length(data) = 0))`);
    await q.query(`CREATE INDEX upload_not_sealed ON upload (id) WHERE NOT sealed AND erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a sealed file cannot be put back in clear here: its rows are emptied, as a closed account's
    await q.query(`UPDATE upload SET data = ''::bytea, erased_at = coalesce(erased_at, now()) WHERE sealed`);
    await q.query(`DROP INDEX upload_not_sealed`);
    await q.query(`
      ALTER TABLE upload
        DROP CONSTRAINT upload_size_matches,
        DROP COLUMN sealed,
        ADD CONSTRAINT upload_size_matches CHECK (octet_length(data) = size_bytes OR (erased_at IS NOT NULL AND octet_length(data) = 0))`);
  }
}
