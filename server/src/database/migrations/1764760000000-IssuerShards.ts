import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A district issues credits from several issuer accounts (shards) instead of one, so that sessions
 * closing at the same moment do not all queue on one row: each grant batch takes the shard its
 * records hash to. The existing issuer account of a district becomes its shard 0; the others are
 * created on first use. What a district issued is the sum over its shards; each shard is an
 * ordinary ledger account with its own chain of entries.
 */
export class IssuerShards1764760000000 implements MigrationInterface {
  name = 'IssuerShards1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_account ADD COLUMN issuer_shard smallint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_issuer_shard CHECK (issuer_shard >= 0 AND (kind = 'issuer' OR issuer_shard = 0))`);
    await q.query(`ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_issuer_key`);
    await q.query(`ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_issuer_key UNIQUE (district_id, issuer_shard)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // only possible while every district has a single issuer account
    await q.query(`ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_issuer_key`);
    await q.query(`ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_issuer_key UNIQUE (district_id)`);
    await q.query(`ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_issuer_shard`);
    await q.query(`ALTER TABLE ledger_account DROP COLUMN issuer_shard`);
  }
}
