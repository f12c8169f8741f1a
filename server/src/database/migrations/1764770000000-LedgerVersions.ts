import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions and checkpoints for reconciling the ledger without reading all of it every time.
 *
 * Each account counts its entries (`ledger_account.version`), and each entry carries the version it
 * gave its account: 1, 2, 3 … without a gap, unique per account. An entry's predecessor is then
 * the row (account_id, version - 1), found by the unique index, so the chain check is a join on
 * version instead of a window sort over the whole table, and it can start anywhere. The unique
 * index replaces (account_id, id): entries of an account are written in version order, so it
 * serves the same reads, and a write still maintains the same number of indexes.
 *
 * Existing entries are numbered in id order (the order post() wrote them); the append-only trigger
 * is switched off for that one UPDATE, inside this migration's transaction.
 *
 * `ledger_checkpoint` is append-only: each clean reconciliation appends what it proved, up to which
 * ids (transfers, entries, accounts, learning records) and an order-free digest (bit_xor of a 64-bit
 * hash of every row) of each table up to there, so the next run can check only what is newer and
 * prove that the prefix is still exactly what was checked.
 */
export class LedgerVersions1764770000000 implements MigrationInterface {
  name = 'LedgerVersions1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE ledger_account, ledger_transfer, ledger_entry IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE ledger_account ADD COLUMN version bigint NOT NULL DEFAULT 0 CONSTRAINT ledger_account_version_check CHECK (version >= 0)`);
    await q.query(`ALTER TABLE ledger_entry ADD COLUMN version bigint`);
    await q.query(`ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only`);
    await q.query(`
      UPDATE ledger_entry e SET version = v.n
      FROM (SELECT id, row_number() OVER (PARTITION BY account_id ORDER BY id) AS n FROM ledger_entry) v
      WHERE v.id = e.id`);
    await q.query(`ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only`);
    await q.query(`
      UPDATE ledger_account a SET version = c.n
      FROM (SELECT account_id, count(*) AS n FROM ledger_entry GROUP BY account_id) c
      WHERE c.account_id = a.id`);
    await q.query(`
      ALTER TABLE ledger_entry
        ALTER COLUMN version SET NOT NULL,
        ADD CONSTRAINT ledger_entry_version_check CHECK (version > 0),
        ADD CONSTRAINT ledger_entry_version_once UNIQUE (account_id, version)`);
    await q.query(`DROP INDEX ledger_entry_account_idx`);
    await q.query(`CREATE TYPE ledger_checkpoint_mode AS ENUM ('full', 'incremental')`);
    await q.query(`
      CREATE TABLE ledger_checkpoint (
        id               bigserial   PRIMARY KEY,
        mode             ledger_checkpoint_mode NOT NULL,
        -- the checkpoint this run started from (NULL for a full run)
        based_on         bigint      REFERENCES ledger_checkpoint (id),
        -- everything up to these ids was proved; the counts and digests are of exactly those rows
        transfer_upto    bigint      NOT NULL,
        entry_upto       bigint      NOT NULL,
        account_upto     bigint      NOT NULL,
        record_upto      bigint      NOT NULL,
        transfers        bigint      NOT NULL,
        entries          bigint      NOT NULL,
        accounts         bigint      NOT NULL,
        records          bigint      NOT NULL,
        transfer_digest  bigint      NOT NULL,
        entry_digest     bigint      NOT NULL,
        -- accounts as they stood: (id, balance, version)
        account_digest   bigint      NOT NULL,
        record_digest    bigint      NOT NULL,
        -- what the run checked (counts, id ranges, seconds), as it printed it
        checked          jsonb       NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoint FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_checkpoint`);
    await q.query(`DROP TYPE ledger_checkpoint_mode`);
    await q.query(`CREATE INDEX ledger_entry_account_idx ON ledger_entry (account_id, id)`);
    await q.query(`ALTER TABLE ledger_entry DROP COLUMN version`);
    await q.query(`ALTER TABLE ledger_account DROP COLUMN version`);
  }
}
