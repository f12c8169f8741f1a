import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 国密: a transcript issued while CRYPTO_SUITE=guomi keeps its SM2 proof value and the SM2 key that
 * made it, beside the Ed25519 signature every transcript has. Transcripts issued before have none.
 */
export class TranscriptSm21764842500000 implements MigrationInterface {
  name = 'TranscriptSm21764842500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transcript
        ADD COLUMN sm2_signature text,
        ADD COLUMN sm2_key_id    varchar(16),
        ADD CONSTRAINT transcript_sm2_pair CHECK ((sm2_signature IS NULL) = (sm2_key_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transcript DROP CONSTRAINT transcript_sm2_pair, DROP COLUMN sm2_key_id, DROP COLUMN sm2_signature`);
  }
}
