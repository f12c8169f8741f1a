import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transcript credentials of format 2: an eddsa-rdfc-2022 proof (kept whole in `proofs`, with the
 * SM2 one beside it under 国密) and an entry in a W3C Bitstring Status List. Each transcript gets
 * its own (list, index): transcript_status_seq hands out numbers once (nextval is safe under any
 * concurrency, a rolled-back issue only leaves a gap) and the unique key makes sharing an entry
 * impossible. Transcripts issued before stay format 1, with no proofs and no entry.
 */
export class TranscriptStatusList1764842519000 implements MigrationInterface {
  name = 'TranscriptStatusList1764842519000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE transcript_status_seq AS bigint MINVALUE 0 START 0`);
    await q.query(`
      ALTER TABLE transcript
        ADD COLUMN format            smallint NOT NULL DEFAULT 1,
        ADD COLUMN proofs            text,
        ADD COLUMN status_list       integer,
        ADD COLUMN status_list_index integer,
        ADD CONSTRAINT transcript_format_known CHECK (format IN (1, 2)),
        ADD CONSTRAINT transcript_format_proofs CHECK ((format = 2) = (proofs IS NOT NULL)),
        ADD CONSTRAINT transcript_format_status CHECK ((format = 2) = (status_list IS NOT NULL)),
        ADD CONSTRAINT transcript_status_pair CHECK ((status_list IS NULL) = (status_list_index IS NULL)),
        ADD CONSTRAINT transcript_status_range CHECK (status_list >= 1 AND status_list_index BETWEEN 0 AND 131071),
        ADD CONSTRAINT transcript_status_entry_key UNIQUE (status_list, status_list_index)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transcript
        DROP CONSTRAINT transcript_status_entry_key,
        DROP CONSTRAINT transcript_status_range,
        DROP CONSTRAINT transcript_status_pair,
        DROP CONSTRAINT transcript_format_status,
        DROP CONSTRAINT transcript_format_proofs,
        DROP CONSTRAINT transcript_format_known,
        DROP COLUMN status_list_index,
        DROP COLUMN status_list,
        DROP COLUMN proofs,
        DROP COLUMN format`);
    await q.query(`DROP SEQUENCE transcript_status_seq`);
  }
}
