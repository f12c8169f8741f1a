import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  dependentViews,
  ENSURE_YEAR_PARTITIONS,
  ensureYearPartitionsFunction,
  holdBackNotValidChecks,
  quoteIdent,
  recreateView,
} from './1764850000000-YearlyPartitions';

/**
 * The logs that grow with the years are partitioned by Shanghai year too, like the ledger's tables
 * (YearlyPartitions):
 *
 * | table                  | partition key | what a row is                                          |
 * | ---------------------- | ------------- | ------------------------------------------------------ |
 * | `audit_event`          | `created_at`  | who changed what, written with the change              |
 * | `personal_data_access` | `at`          | a member of staff was shown a resident's personal data |
 * | `partner_api_call`     | `called_at`   | one call to the partner API, allowed or refused        |
 *
 * Each is written once and never updated (the access log is deleted by age by `access-log-purge`).
 * Tables whose rows change (notification's read_at, reminder_delivery's status, refresh tokens) stay
 * as they are. As before: one partition per year from five years back to next year, a `<table>_history`
 * partition for everything older, no DEFAULT partition, and `ensure_year_partitions` (called daily by
 * the `year-partitions` job) now makes these tables' partitions as well.
 *
 * Their rules are kept: the primary key becomes `(id, <key>)`, as PostgreSQL wants the partition key
 * in it; ids still come from one sequence per table and no table refers to these rows, so no key
 * table is needed. Every other index (the access-log pages read by resident, by area and by time,
 * the purge by time; audit by area, target and subject), every CHECK and foreign key is recreated
 * from its own definition, under its own name. The access-log read model `access_log_entry` is
 * dropped and recreated around the move.
 *
 * The rows are copied by INSERT … SELECT under an exclusive lock, in this migration's transaction
 * (README: the downtime this means on a district's data). `down()` copies them back into plain tables
 * and gives `ensure_year_partitions` back its shorter list.
 */
export class YearlyLogPartitions1764852000000 implements MigrationInterface {
  name = 'YearlyLogPartitions1764852000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE ${LOGS.map((l) => l.table).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    const views = await dependentViews(q, LOGS.map((l) => l.table));
    if (views.length) await q.query(`DROP VIEW ${views.map((v) => quoteIdent(v.name)).join(', ')}`);
    const [{ first, last }] = (await q.query(
      `SELECT (y - 5)::int AS first, (y + 1)::int AS last FROM date_part('year', now() AT TIME ZONE 'Asia/Shanghai') y`,
    )) as { first: number; last: number }[];

    const moves: { log: Log; rules: Rules; heldBack: Awaited<ReturnType<typeof holdBackNotValidChecks>> }[] = [];
    for (const log of LOGS) {
      const rules = await rulesOf(q, log.table);
      await q.query(`ALTER TABLE ${log.table} RENAME TO ${log.table}_unpartitioned`);
      await q.query(`ALTER SEQUENCE ${log.table}_id_seq OWNED BY NONE`);
      const heldBack = await holdBackNotValidChecks(q, [`${log.table}_unpartitioned`]);
      await q.query(`CREATE TABLE ${log.table} (LIKE ${log.table}_unpartitioned ${LIKE}) PARTITION BY RANGE (${log.at})`);
      await heldBack.dropFromCopies(() => log.table);
      await q.query(`CREATE TABLE ${log.table}_history PARTITION OF ${log.table} FOR VALUES FROM (MINVALUE) TO ('${first}-01-01 00:00:00+08')`);
      moves.push({ log, rules, heldBack });
    }
    await q.query(ensureYearPartitionsFunction([...LEDGER_TABLES, ...LOGS.map((l) => l.table)]));
    await q.query(`SELECT ensure_year_partitions($1, $2)`, [first, last]);

    for (const { log, rules, heldBack } of moves) {
      await q.query(`INSERT INTO ${log.table} SELECT * FROM ${log.table}_unpartitioned`);
      await heldBack.restoreOnCopies();
      await q.query(`DROP TABLE ${log.table}_unpartitioned`);
      await q.query(`ALTER SEQUENCE ${log.table}_id_seq OWNED BY ${log.table}.id`);
      await q.query(`ALTER TABLE ${log.table} ADD CONSTRAINT ${log.table}_pkey PRIMARY KEY (id, ${log.at})`);
      await rules.restore();
    }
    for (const v of views) await recreateView(q, v);
    await q.query(`ANALYZE ${LOGS.map((l) => l.table).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE ${LOGS.map((l) => l.table).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    const views = await dependentViews(q, LOGS.map((l) => l.table));
    if (views.length) await q.query(`DROP VIEW ${views.map((v) => quoteIdent(v.name)).join(', ')}`);
    await q.query(ENSURE_YEAR_PARTITIONS);
    for (const log of LOGS) {
      const rules = await rulesOf(q, log.table);
      await q.query(`ALTER TABLE ${log.table} RENAME TO ${log.table}_partitioned`);
      await q.query(`ALTER SEQUENCE ${log.table}_id_seq OWNED BY NONE`);
      const heldBack = await holdBackNotValidChecks(q, [`${log.table}_partitioned`]);
      await q.query(`CREATE TABLE ${log.table} (LIKE ${log.table}_partitioned ${LIKE})`);
      await heldBack.dropFromCopies(() => log.table);
      await q.query(`INSERT INTO ${log.table} SELECT * FROM ${log.table}_partitioned ORDER BY id`);
      await heldBack.restoreOnCopies();
      // its partitions go with it
      await q.query(`DROP TABLE ${log.table}_partitioned`);
      await q.query(`ALTER SEQUENCE ${log.table}_id_seq OWNED BY ${log.table}.id`);
      await q.query(`ALTER TABLE ${log.table} ADD CONSTRAINT ${log.table}_pkey PRIMARY KEY (id)`);
      await rules.restore();
    }
    for (const v of views) await recreateView(q, v);
  }
}

interface Log {
  table: string;
  /** The timestamptz the rows are partitioned by: when the row was written. */
  at: string;
}
const LOGS: readonly Log[] = [
  { table: 'audit_event', at: 'created_at' },
  { table: 'personal_data_access', at: 'at' },
  { table: 'partner_api_call', at: 'called_at' },
];
/** The tables YearlyPartitions partitioned by a timestamptz. */
const LEDGER_TABLES = ['learning_record', 'ledger_transfer', 'ledger_entry'];
const LIKE = 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS';

interface Rules {
  /** Recreates the indexes and foreign keys on the table of the same name, after the old one is dropped. */
  restore(): Promise<void>;
}

/**
 * A table's indexes (all but the primary key) and foreign keys, as their definitions; LIKE copies
 * neither. A partitioned table's index is defined `ON ONLY` the table: on the copy it is built whole.
 */
async function rulesOf(q: QueryRunner, table: string): Promise<Rules> {
  const indexes = (await q.query(
    `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = $1::regclass AND NOT indisprimary ORDER BY indexrelid`,
    [table],
  )) as { definition: string }[];
  const foreignKeys = (await q.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
    [table],
  )) as { name: string; definition: string }[];
  return {
    async restore(): Promise<void> {
      for (const i of indexes) await q.query(i.definition.replace(/ ON ONLY /, ' ON '));
      for (const fk of foreignKeys) await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
    },
  };
}
