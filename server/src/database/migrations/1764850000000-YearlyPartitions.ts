import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables that grow with the years are partitioned by year (declarative RANGE partitioning):
 *
 * | table             | partition key                                   | partitions                  |
 * | ----------------- | ----------------------------------------------- | --------------------------- |
 * | `learning_record` | `occurred_at` (Asia/Shanghai years)             | `learning_record_y2026` …   |
 * | `ledger_transfer` | `created_at` (Asia/Shanghai years)              | `ledger_transfer_y2026` …   |
 * | `ledger_entry`    | `created_at`, always its transfer's `created_at`| `ledger_entry_y2026` …      |
 * | `attendance`      | `session_year`, the year its session starts in  | `attendance_y2026` …        |
 *
 * Each table has one partition per year from five years back to next year, and a `<table>_history`
 * partition for everything older (certificates issued long ago are learning records of their year). There is no DEFAULT partition: a row beyond the last
 * partition is refused by PostgreSQL ("no partition of relation … found for row", SQLSTATE 23514,
 * mapped like any CHECK refusal), and the `year-partitions` periodic job creates this year's and
 * next year's partitions every day, so that refusal means the job has not run for a year. A DEFAULT
 * partition would instead take such rows silently, and every later CREATE … PARTITION OF would
 * have to scan it and fail as soon as it held a row of the new year.
 *
 * PostgreSQL wants the partition key in every unique constraint and primary key. How each rule the
 * ledger and the statistics rely on is still enforced:
 *
 * - **One attendance per resident and session** (`attendance_once`): the partition key is derived
 *   from the unique key. `offering_session.year` is a stored generated column (the Shanghai year of
 *   `starts_at`), and `attendance (session_id, session_year)` references `offering_session (id, year)`
 *   (ON UPDATE CASCADE moves the row should a session move to another year). A session therefore
 *   has exactly one year, so `UNIQUE (session_id, resident_id, session_year)` is global, and the
 *   check-in's `ON CONFLICT ON CONSTRAINT attendance_once DO NOTHING` keeps working.
 * - **One learning record per source** (`learning_record_source_once`) and **a record voided once**
 *   (`learning_record_voided_once`): a small unpartitioned key table, `learning_record_key (id,
 *   source, source_ref, voids_id, occurred_at)`, holds the global unique constraints under their old
 *   names. An AFTER INSERT trigger on `learning_record` writes the key row in the same statement
 *   (ENABLE ALWAYS, so bulk loads under session_replication_role = replica fill it too), and the key
 *   row references its record `(id, occurred_at)` (deferred): no record without its key, no key
 *   without its record. A second record for a source in another year is refused by the key's
 *   unique constraint; the service's insert skips sources already keyed, under the per-resident
 *   lock every writer of records takes.
 * - **Foreign keys to records**: `ledger_transfer.learning_record_id`, `credit_certification`,
 *   `lesson_progress` and `learning_record.voids_id` reference `learning_record_key (id)`, which
 *   exists exactly when the record does (above; both are append-only).
 * - **One transfer per idempotency key** (`ledger_transfer_idempotency_key`), **a transfer reversed
 *   once** (`ledger_transfer_reversed_once`) and **one grant per record** (`ledger_transfer_grant_once`):
 *   the same pattern, `ledger_transfer_key (id, idempotency_key, kind, learning_record_id,
 *   reverses_transfer_id, created_at)`, filled by trigger; reversals reference `ledger_transfer_key (id)`.
 * - **Entries of a transfer** (`ledger_entry_once`): an entry's `created_at` is its transfer's (they
 *   are written in one transaction, and `ledger_entry (transfer_id, created_at)` references
 *   `ledger_transfer (id, created_at)`), so the partition key is derived from `transfer_id` and
 *   `UNIQUE (transfer_id, account_id, created_at)` is global. The deferred balance check reads the
 *   transfer's entries in its own partition.
 * - **The per-account balance chain** (`ledger_entry_version_once`): versions 1, 2, 3 … of an account
 *   span the years, so `(account_id, version)` is kept unique in the key table `ledger_entry_version`
 *   (filled by trigger); the arithmetic CHECK (`balance_after = balance_before + amount`) stays on
 *   every partition, accounts are still locked in id order by the posting, and `ledger:reconcile`
 *   checks that each entry's `balance_before` is its predecessor's `balance_after`.
 * - **Append-only**: the `refuse_change` BEFORE UPDATE OR DELETE triggers are defined on the
 *   partitioned tables (PostgreSQL clones them onto every partition, present and future) and on the
 *   key tables; the message names the partitioned table.
 *
 * The old unique indexes stay as plain indexes on the partitioned tables where queries look rows up
 * by those columns (idempotency key, reversal, grant, account version), so every plan keeps its index.
 *
 * Existing rows are moved by INSERT … SELECT into the new tables inside this migration's transaction,
 * the views that read them are dropped and recreated from their own definitions, and ids keep their
 * sequences. `down()` moves the rows back into plain tables with the old constraints.
 */
export class YearlyPartitions1764850000000 implements MigrationInterface {
  name = 'YearlyPartitions1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE offering_session, attendance, learning_record, ledger_transfer, ledger_entry, credit_certification, lesson_progress IN ACCESS EXCLUSIVE MODE`);
    const views = await dependentViews(q);
    if (views.length) await q.query(`DROP VIEW ${views.map((v) => quoteIdent(v.name)).join(', ')}`);

    // the foreign keys into the tables that are rebuilt
    await q.query(`ALTER TABLE credit_certification DROP CONSTRAINT credit_certification_learning_record_id_fkey`);
    await q.query(`ALTER TABLE lesson_progress DROP CONSTRAINT lesson_progress_learning_record_id_fkey`);
    for (const t of TABLES) {
      await q.query(`ALTER TABLE ${t} RENAME TO ${t}_unpartitioned`);
      await q.query(`ALTER SEQUENCE ${t}_id_seq OWNED BY NONE`);
    }
    await q.query(`ALTER TABLE ledger_entry_unpartitioned DROP CONSTRAINT ledger_entry_transfer_id_fkey`);
    await q.query(`ALTER TABLE ledger_transfer_unpartitioned DROP CONSTRAINT ledger_transfer_learning_record_id_fkey, DROP CONSTRAINT ledger_transfer_reverses_transfer_id_fkey`);
    await q.query(`ALTER TABLE learning_record_unpartitioned DROP CONSTRAINT learning_record_voids_id_fkey`);

    // a session has one year; attendance carries it as its partition key
    await q.query(
      `ALTER TABLE offering_session ADD COLUMN year smallint GENERATED ALWAYS AS (date_part('year', starts_at AT TIME ZONE 'Asia/Shanghai')) STORED`,
    );
    await q.query(`ALTER TABLE offering_session ADD CONSTRAINT offering_session_year_key UNIQUE (id, year)`);
    await q.query(`
      CREATE OR REPLACE VIEW attendance_session AS
      SELECT id, offering_id, starts_at, ends_at, minutes, cancelled_at, closed_at, checkin_secret, year FROM offering_session`);

    const like = 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS';
    const heldBack = await holdBackNotValidChecks(q, TABLES.map((t) => `${t}_unpartitioned`));
    await q.query(`CREATE TABLE learning_record (LIKE learning_record_unpartitioned ${like}) PARTITION BY RANGE (occurred_at)`);
    await q.query(`CREATE TABLE ledger_transfer (LIKE ledger_transfer_unpartitioned ${like}) PARTITION BY RANGE (created_at)`);
    await q.query(`CREATE TABLE ledger_entry (LIKE ledger_entry_unpartitioned ${like}) PARTITION BY RANGE (created_at)`);
    await q.query(`CREATE TABLE attendance (LIKE attendance_unpartitioned ${like}, session_year smallint NOT NULL) PARTITION BY RANGE (session_year)`);
    await heldBack.dropFromCopies((t) => t.replace(/_unpartitioned$/, ''));

    // partitions: the last five years (what accounts and statistics are read over) … next year, and history before them
    const [{ first, last }] = (await q.query(
      `SELECT (y - 5)::int AS first, (y + 1)::int AS last FROM date_part('year', now() AT TIME ZONE 'Asia/Shanghai') y`,
    )) as { first: number; last: number }[];
    await q.query(ENSURE_YEAR_PARTITIONS);
    for (const t of TABLES) {
      const bound = t === 'attendance' ? `${first}` : `'${first}-01-01 00:00:00+08'`;
      await q.query(`CREATE TABLE ${t}_history PARTITION OF ${t} FOR VALUES FROM (MINVALUE) TO (${bound})`);
    }
    await q.query(`SELECT ensure_year_partitions($1, $2)`, [first, last]);

    // the rows, moved; an entry takes its transfer's time (both were written in one transaction)
    await q.query(`INSERT INTO learning_record SELECT * FROM learning_record_unpartitioned`);
    await q.query(`INSERT INTO ledger_transfer SELECT * FROM ledger_transfer_unpartitioned`);
    await q.query(`
      INSERT INTO ledger_entry (id, transfer_id, account_id, amount_milli, balance_before, balance_after, created_at, version)
      SELECT e.id, e.transfer_id, e.account_id, e.amount_milli, e.balance_before, e.balance_after, t.created_at, e.version
        FROM ledger_entry_unpartitioned e JOIN ledger_transfer_unpartitioned t ON t.id = e.transfer_id`);
    await q.query(`INSERT INTO attendance SELECT a.*, s.year FROM attendance_unpartitioned a JOIN offering_session s ON s.id = a.session_id`);
    await heldBack.restoreOnCopies();
    for (const t of TABLES) {
      await q.query(`DROP TABLE ${t}_unpartitioned`);
      await q.query(`ALTER SEQUENCE ${t}_id_seq OWNED BY ${t}.id`);
    }

    // --- learning_record and its key
    await q.query(`ALTER TABLE learning_record ADD CONSTRAINT learning_record_pkey PRIMARY KEY (id, occurred_at)`);
    await q.query(`CREATE INDEX learning_record_account_idx ON learning_record (resident_id, occurred_at DESC, id DESC) INCLUDE (category, minutes)`);
    await q.query(`CREATE INDEX learning_record_area_time_idx ON learning_record (area_id, occurred_at)`);
    await q.query(`CREATE INDEX learning_record_voids_idx ON learning_record (voids_id) WHERE voids_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE learning_record_key (
        id          bigint           PRIMARY KEY,
        source      learning_source  NOT NULL,
        source_ref  varchar(64)      NOT NULL,
        voids_id    bigint           REFERENCES learning_record_key (id),
        occurred_at timestamptz      NOT NULL,
        CONSTRAINT learning_record_source_once UNIQUE (source, source_ref),
        CONSTRAINT learning_record_voided_once UNIQUE (voids_id),
        CONSTRAINT learning_record_key_record FOREIGN KEY (id, occurred_at) REFERENCES learning_record (id, occurred_at)
          DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`INSERT INTO learning_record_key SELECT id, source, source_ref, voids_id, occurred_at FROM learning_record ORDER BY id`);
    await q.query(`
      ALTER TABLE learning_record
        ADD CONSTRAINT learning_record_voids_id_fkey FOREIGN KEY (voids_id) REFERENCES learning_record_key (id),
        ADD CONSTRAINT learning_record_area_id_fkey FOREIGN KEY (area_id) REFERENCES area (id),
        ADD CONSTRAINT learning_record_offering_id_fkey FOREIGN KEY (offering_id) REFERENCES offering (id),
        ADD CONSTRAINT learning_record_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user (id),
        ADD CONSTRAINT learning_record_resident_id_fkey FOREIGN KEY (resident_id) REFERENCES app_user (id)`);
    await q.query(`ALTER TABLE credit_certification ADD CONSTRAINT credit_certification_learning_record_id_fkey FOREIGN KEY (learning_record_id) REFERENCES learning_record_key (id)`);
    await q.query(`ALTER TABLE lesson_progress ADD CONSTRAINT lesson_progress_learning_record_id_fkey FOREIGN KEY (learning_record_id) REFERENCES learning_record_key (id)`);
    await keyTrigger(q, 'learning_record', 'learning_record_key', `NEW.id, NEW.source, NEW.source_ref, NEW.voids_id, NEW.occurred_at`);

    // --- ledger_transfer and its key
    await q.query(`ALTER TABLE ledger_transfer ADD CONSTRAINT ledger_transfer_pkey PRIMARY KEY (id, created_at)`);
    await q.query(`CREATE INDEX ledger_transfer_idempotency_idx ON ledger_transfer (idempotency_key)`);
    await q.query(`CREATE INDEX ledger_transfer_reverses_idx ON ledger_transfer (reverses_transfer_id) WHERE reverses_transfer_id IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_transfer_grant_idx ON ledger_transfer (learning_record_id) WHERE kind = 'grant'`);
    await q.query(`CREATE INDEX ledger_transfer_conversion_idx ON ledger_transfer (conversion_id) WHERE conversion_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE ledger_transfer_key (
        id                   bigint               PRIMARY KEY,
        idempotency_key      varchar(100)         NOT NULL,
        kind                 ledger_transfer_kind NOT NULL,
        learning_record_id   bigint,
        reverses_transfer_id bigint               REFERENCES ledger_transfer_key (id),
        created_at           timestamptz          NOT NULL,
        CONSTRAINT ledger_transfer_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT ledger_transfer_reversed_once UNIQUE (reverses_transfer_id),
        CONSTRAINT ledger_transfer_key_transfer FOREIGN KEY (id, created_at) REFERENCES ledger_transfer (id, created_at)
          DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`CREATE UNIQUE INDEX ledger_transfer_grant_once ON ledger_transfer_key (learning_record_id) WHERE kind = 'grant'`);
    await q.query(`
      INSERT INTO ledger_transfer_key SELECT id, idempotency_key, kind, learning_record_id, reverses_transfer_id, created_at
        FROM ledger_transfer ORDER BY id`);
    await q.query(`
      ALTER TABLE ledger_transfer
        ADD CONSTRAINT ledger_transfer_learning_record_id_fkey FOREIGN KEY (learning_record_id) REFERENCES learning_record_key (id),
        ADD CONSTRAINT ledger_transfer_reverses_transfer_id_fkey FOREIGN KEY (reverses_transfer_id) REFERENCES ledger_transfer_key (id),
        ADD CONSTRAINT ledger_transfer_conversion_id_fkey FOREIGN KEY (conversion_id) REFERENCES credit_conversion (id),
        ADD CONSTRAINT ledger_transfer_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user (id),
        ADD CONSTRAINT ledger_transfer_from_account_id_fkey FOREIGN KEY (from_account_id) REFERENCES ledger_account (id),
        ADD CONSTRAINT ledger_transfer_to_account_id_fkey FOREIGN KEY (to_account_id) REFERENCES ledger_account (id),
        ADD CONSTRAINT ledger_transfer_rule_set_id_fkey FOREIGN KEY (rule_set_id) REFERENCES credit_rule_set (id)`);
    await keyTrigger(q, 'ledger_transfer', 'ledger_transfer_key', `NEW.id, NEW.idempotency_key, NEW.kind, NEW.learning_record_id, NEW.reverses_transfer_id, NEW.created_at`);

    // --- ledger_entry and its version key
    await q.query(`ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_pkey PRIMARY KEY (id, created_at)`);
    await q.query(`ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_once UNIQUE (transfer_id, account_id, created_at)`);
    await q.query(`CREATE INDEX ledger_entry_account_version_idx ON ledger_entry (account_id, version)`);
    await q.query(`
      CREATE TABLE ledger_entry_version (
        account_id bigint      NOT NULL,
        version    bigint      NOT NULL,
        entry_id   bigint      NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT ledger_entry_version_once PRIMARY KEY (account_id, version),
        CONSTRAINT ledger_entry_version_entry FOREIGN KEY (entry_id, created_at) REFERENCES ledger_entry (id, created_at)
          DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`INSERT INTO ledger_entry_version SELECT account_id, version, id, created_at FROM ledger_entry ORDER BY account_id, version`);
    await q.query(`
      ALTER TABLE ledger_entry
        ADD CONSTRAINT ledger_entry_transfer_id_fkey FOREIGN KEY (transfer_id, created_at) REFERENCES ledger_transfer (id, created_at),
        ADD CONSTRAINT ledger_entry_account_id_fkey FOREIGN KEY (account_id) REFERENCES ledger_account (id)`);
    await keyTrigger(q, 'ledger_entry', 'ledger_entry_version', `NEW.account_id, NEW.version, NEW.id, NEW.created_at`);

    // --- attendance
    await q.query(`ALTER TABLE attendance ADD CONSTRAINT attendance_pkey PRIMARY KEY (id, session_year)`);
    await q.query(`ALTER TABLE attendance ADD CONSTRAINT attendance_once UNIQUE (session_id, resident_id, session_year)`);
    await q.query(`CREATE INDEX attendance_proxy_idx ON attendance (received_at DESC) WHERE proxy_by IS NOT NULL`);
    await q.query(`CREATE INDEX attendance_resident_idx ON attendance (resident_id, checked_in_at DESC)`);
    await q.query(`CREATE INDEX attendance_review_pending_idx ON attendance (session_id) WHERE flag_reason IS NOT NULL AND review_outcome IS NULL`);
    await q.query(PLACE_IN_CLEAR_INDEX);
    await q.query(`
      ALTER TABLE attendance
        ADD CONSTRAINT attendance_session_id_fkey FOREIGN KEY (session_id, session_year) REFERENCES offering_session (id, year) ON UPDATE CASCADE,
        ADD CONSTRAINT attendance_offering_id_fkey FOREIGN KEY (offering_id) REFERENCES offering (id),
        ADD CONSTRAINT attendance_proxy_by_fkey FOREIGN KEY (proxy_by) REFERENCES app_user (id),
        ADD CONSTRAINT attendance_resident_id_fkey FOREIGN KEY (resident_id) REFERENCES app_user (id),
        ADD CONSTRAINT attendance_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES app_user (id)`);

    // --- append-only, on the partitioned tables (cloned onto each partition) and the key tables
    await q.query(`
      CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- a partition answers with the name of its partitioned table
        RAISE EXCEPTION '% is append-only: % refused',
          COALESCE((SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid = TG_RELID), TG_TABLE_NAME), TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const t of ['learning_record', 'ledger_transfer', 'ledger_entry', 'learning_record_key', 'ledger_transfer_key', 'ledger_entry_version']) {
      await q.query(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }
    // a transfer's entries are in its own year's partition (the foreign key on (transfer_id, created_at)
    // says so): the balance check reads that one
    await balanceCheck(q, `AND e.created_at = NEW.created_at`);

    for (const v of views) await recreateView(q, v);
    await q.query(`ANALYZE learning_record, learning_record_key, ledger_transfer, ledger_transfer_key, ledger_entry, ledger_entry_version, attendance`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE offering_session, attendance, learning_record, ledger_transfer, ledger_entry, credit_certification, lesson_progress IN ACCESS EXCLUSIVE MODE`);
    const views = await dependentViews(q);
    if (views.length) await q.query(`DROP VIEW ${views.map((v) => quoteIdent(v.name)).join(', ')}`);
    await q.query(`ALTER TABLE credit_certification DROP CONSTRAINT credit_certification_learning_record_id_fkey`);
    await q.query(`ALTER TABLE lesson_progress DROP CONSTRAINT lesson_progress_learning_record_id_fkey`);
    // the key tables go with the foreign keys that point at them; the rules return to the plain tables below
    await q.query(`DROP TABLE learning_record_key, ledger_transfer_key, ledger_entry_version CASCADE`);
    for (const t of TABLES) {
      await q.query(`ALTER TABLE ${t} RENAME TO ${t}_partitioned`);
      await q.query(`ALTER SEQUENCE ${t}_id_seq OWNED BY NONE`);
      // plain tables with the same columns, defaults and checks, the rows copied in id order
      const heldBack = await holdBackNotValidChecks(q, [`${t}_partitioned`]);
      await q.query(`CREATE TABLE ${t} (LIKE ${t}_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS)`);
      await heldBack.dropFromCopies(() => t);
      await q.query(`INSERT INTO ${t} SELECT * FROM ${t}_partitioned ORDER BY id`);
      await heldBack.restoreOnCopies();
    }
    await q.query(`DROP TABLE ${TABLES.map((t) => `${t}_partitioned`).join(', ')}`);
    for (const t of TABLES) await q.query(`ALTER SEQUENCE ${t}_id_seq OWNED BY ${t}.id`);
    await q.query(`DROP FUNCTION learning_record_key_fill(), ledger_transfer_key_fill(), ledger_entry_version_fill()`);
    await q.query(`DROP FUNCTION ensure_year_partitions(int, int)`);
    await q.query(`ALTER TABLE attendance DROP COLUMN session_year`);
    await q.query(`DROP VIEW attendance_session`);
    await q.query(`ALTER TABLE offering_session DROP COLUMN year`);
    await q.query(`
      CREATE VIEW attendance_session AS
      SELECT id, offering_id, starts_at, ends_at, minutes, cancelled_at, closed_at, checkin_secret FROM offering_session`);

    await q.query(`
      ALTER TABLE learning_record
        ADD CONSTRAINT learning_record_pkey PRIMARY KEY (id),
        ADD CONSTRAINT learning_record_source_once UNIQUE (source, source_ref),
        ADD CONSTRAINT learning_record_voided_once UNIQUE (voids_id),
        ADD CONSTRAINT learning_record_voids_id_fkey FOREIGN KEY (voids_id) REFERENCES learning_record (id),
        ADD CONSTRAINT learning_record_area_id_fkey FOREIGN KEY (area_id) REFERENCES area (id),
        ADD CONSTRAINT learning_record_offering_id_fkey FOREIGN KEY (offering_id) REFERENCES offering (id),
        ADD CONSTRAINT learning_record_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user (id),
        ADD CONSTRAINT learning_record_resident_id_fkey FOREIGN KEY (resident_id) REFERENCES app_user (id)`);
    await q.query(`CREATE INDEX learning_record_account_idx ON learning_record (resident_id, occurred_at DESC, id DESC) INCLUDE (category, minutes)`);
    await q.query(`CREATE INDEX learning_record_area_time_idx ON learning_record (area_id, occurred_at)`);
    await q.query(`ALTER TABLE credit_certification ADD CONSTRAINT credit_certification_learning_record_id_fkey FOREIGN KEY (learning_record_id) REFERENCES learning_record (id)`);
    await q.query(`ALTER TABLE lesson_progress ADD CONSTRAINT lesson_progress_learning_record_id_fkey FOREIGN KEY (learning_record_id) REFERENCES learning_record (id)`);

    await q.query(`
      ALTER TABLE ledger_transfer
        ADD CONSTRAINT ledger_transfer_pkey PRIMARY KEY (id),
        ADD CONSTRAINT ledger_transfer_idempotency_key UNIQUE (idempotency_key),
        ADD CONSTRAINT ledger_transfer_reversed_once UNIQUE (reverses_transfer_id),
        ADD CONSTRAINT ledger_transfer_learning_record_id_fkey FOREIGN KEY (learning_record_id) REFERENCES learning_record (id),
        ADD CONSTRAINT ledger_transfer_reverses_transfer_id_fkey FOREIGN KEY (reverses_transfer_id) REFERENCES ledger_transfer (id),
        ADD CONSTRAINT ledger_transfer_conversion_id_fkey FOREIGN KEY (conversion_id) REFERENCES credit_conversion (id),
        ADD CONSTRAINT ledger_transfer_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user (id),
        ADD CONSTRAINT ledger_transfer_from_account_id_fkey FOREIGN KEY (from_account_id) REFERENCES ledger_account (id),
        ADD CONSTRAINT ledger_transfer_to_account_id_fkey FOREIGN KEY (to_account_id) REFERENCES ledger_account (id),
        ADD CONSTRAINT ledger_transfer_rule_set_id_fkey FOREIGN KEY (rule_set_id) REFERENCES credit_rule_set (id)`);
    await q.query(`CREATE UNIQUE INDEX ledger_transfer_grant_once ON ledger_transfer (learning_record_id) WHERE kind = 'grant'`);
    await q.query(`CREATE INDEX ledger_transfer_conversion_idx ON ledger_transfer (conversion_id) WHERE conversion_id IS NOT NULL`);

    await q.query(`
      ALTER TABLE ledger_entry
        ADD CONSTRAINT ledger_entry_pkey PRIMARY KEY (id),
        ADD CONSTRAINT ledger_entry_once UNIQUE (transfer_id, account_id),
        ADD CONSTRAINT ledger_entry_version_once UNIQUE (account_id, version),
        ADD CONSTRAINT ledger_entry_transfer_id_fkey FOREIGN KEY (transfer_id) REFERENCES ledger_transfer (id),
        ADD CONSTRAINT ledger_entry_account_id_fkey FOREIGN KEY (account_id) REFERENCES ledger_account (id)`);

    await q.query(`
      ALTER TABLE attendance
        ADD CONSTRAINT attendance_pkey PRIMARY KEY (id),
        ADD CONSTRAINT attendance_once UNIQUE (session_id, resident_id),
        ADD CONSTRAINT attendance_session_id_fkey FOREIGN KEY (session_id) REFERENCES offering_session (id),
        ADD CONSTRAINT attendance_offering_id_fkey FOREIGN KEY (offering_id) REFERENCES offering (id),
        ADD CONSTRAINT attendance_proxy_by_fkey FOREIGN KEY (proxy_by) REFERENCES app_user (id),
        ADD CONSTRAINT attendance_resident_id_fkey FOREIGN KEY (resident_id) REFERENCES app_user (id),
        ADD CONSTRAINT attendance_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES app_user (id)`);
    await q.query(`CREATE INDEX attendance_proxy_idx ON attendance (received_at DESC) WHERE proxy_by IS NOT NULL`);
    await q.query(`CREATE INDEX attendance_resident_idx ON attendance (resident_id, checked_in_at DESC)`);
    await q.query(`CREATE INDEX attendance_review_pending_idx ON attendance (session_id) WHERE flag_reason IS NOT NULL AND review_outcome IS NULL`);
    await q.query(PLACE_IN_CLEAR_INDEX);

    await q.query(`
      CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const t of ['learning_record', 'ledger_transfer', 'ledger_entry']) {
      await q.query(`CREATE TRIGGER ${t}_append_only BEFORE DELETE OR UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }
    await balanceCheck(q, '');
    for (const v of views) await recreateView(q, v);
  }
}

const TABLES = ['learning_record', 'ledger_transfer', 'ledger_entry', 'attendance'] as const;

/**
 * Creates the missing yearly partitions of every year-partitioned table for first … last (Shanghai
 * years); returns how many it made. Used by this migration and by the `year-partitions` job.
 * `timeTables` are partitioned by a timestamptz (`<table>_y2026` holds Shanghai 2026); attendance by
 * its session's year. Later migrations that partition more tables replace the function with a longer list.
 */
export function ensureYearPartitionsFunction(timeTables: readonly string[]): string {
  return `
  CREATE OR REPLACE FUNCTION ensure_year_partitions(first int, last int) RETURNS int LANGUAGE plpgsql AS $$
  DECLARE
    y int;
    t text;
    made int := 0;
  BEGIN
    FOR y IN first .. last LOOP
      FOREACH t IN ARRAY ARRAY[${timeTables.map(quoteLiteral).join(', ')}] LOOP
        IF to_regclass(format('%I', t || '_y' || y)) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', t || '_y' || y, t,
                         make_timestamptz(y, 1, 1, 0, 0, 0, 'Asia/Shanghai'), make_timestamptz(y + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'));
          made := made + 1;
        END IF;
      END LOOP;
      IF to_regclass(format('%I', 'attendance_y' || y)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF attendance FOR VALUES FROM (%s) TO (%s)', 'attendance_y' || y, y, y + 1);
        made := made + 1;
      END IF;
    END LOOP;
    RETURN made;
  END $$`;
}

/** The function as this migration made it: the ledger's and records' tables, and attendance. */
export const ENSURE_YEAR_PARTITIONS = ensureYearPartitionsFunction(['learning_record', 'ledger_transfer', 'ledger_entry']);

/** The deferred check that a transfer has exactly its two entries (CreditBank's), reading only `where` entries. */
async function balanceCheck(q: QueryRunner, where: string): Promise<void> {
  await q.query(`
    CREATE OR REPLACE FUNCTION ledger_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT count(*) FROM ledger_entry e
           WHERE e.transfer_id = NEW.id ${where}
             AND ((e.account_id = NEW.from_account_id AND e.amount_milli = -NEW.amount_milli)
               OR (e.account_id = NEW.to_account_id AND e.amount_milli = NEW.amount_milli))) <> 2
         OR (SELECT count(*) FROM ledger_entry e WHERE e.transfer_id = NEW.id ${where}) <> 2 THEN
        RAISE EXCEPTION 'ledger transfer % does not balance', NEW.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$`);
  await q.query(`
    CREATE CONSTRAINT TRIGGER ledger_transfer_balanced AFTER INSERT ON ledger_transfer
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transfer_balanced()`);
}

/** An AFTER INSERT trigger that writes each new row's global key into `keyTable`, even during bulk loads. */
async function keyTrigger(q: QueryRunner, table: string, keyTable: string, values: string): Promise<void> {
  await q.query(`
    CREATE FUNCTION ${keyTable}_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${keyTable} VALUES (${values});
      RETURN NULL;
    END $$`);
  await q.query(`CREATE TRIGGER ${table}_key AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${keyTable}_fill()`);
  await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_key`);
}

export interface SavedView {
  name: string;
  definition: string;
  comment: string | null;
}

/** Views that read the rebuilt `tables`, directly or through other views, in an order they can be created in. */
export async function dependentViews(q: QueryRunner, tables: readonly string[] = TABLES): Promise<SavedView[]> {
  return (await q.query(`
    WITH RECURSIVE dep(view, depth) AS (
      SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
       WHERE d.refobjid = ANY ($1::regclass[])
         AND r.ev_class <> d.refobjid
      UNION
      SELECT r.ev_class, dep.depth + 1 FROM dep JOIN pg_depend d ON d.refobjid = dep.view JOIN pg_rewrite r ON r.oid = d.objid
       WHERE r.ev_class <> dep.view)
    SELECT c.relname AS name, pg_get_viewdef(c.oid) AS definition, obj_description(c.oid, 'pg_class') AS comment
      FROM (SELECT view, max(depth) AS depth FROM dep GROUP BY view) v JOIN pg_class c ON c.oid = v.view
     WHERE c.relkind = 'v'
     ORDER BY v.depth, c.relname`,
    [tables],
  )) as SavedView[];
}

export async function recreateView(q: QueryRunner, v: SavedView): Promise<void> {
  await q.query(`CREATE VIEW ${quoteIdent(v.name)} AS ${v.definition}`);
  if (v.comment !== null) await q.query(`COMMENT ON VIEW ${quoteIdent(v.name)} IS ${quoteLiteral(v.comment)}`);
}

/** Finds check-in places still in clear for the sealing job (SealedCheckInPlaces), on whichever table holds them. */
const PLACE_IN_CLEAR_INDEX = `CREATE INDEX attendance_place_in_clear ON attendance (id) WHERE latitude IS NOT NULL OR longitude IS NOT NULL OR accuracy_m IS NOT NULL`;

/**
 * CHECK constraints a table holds NOT VALID (they refuse new rows, while older rows wait for a job, as
 * attendance's place in clear does). LIKE … INCLUDING CONSTRAINTS would copy them as valid, and the
 * copied old rows would then be refused: they are dropped from the copy before the rows move and
 * added back NOT VALID after.
 */
export async function holdBackNotValidChecks(q: QueryRunner, tables: string[]) {
  const held = (await q.query(
    `SELECT conrelid::regclass::text AS "table", conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = ANY ($1::regclass[]) AND contype = 'c' AND NOT convalidated`,
    [tables],
  )) as { table: string; name: string; definition: string }[];
  const copies: { table: string; name: string; definition: string }[] = [];
  return {
    async dropFromCopies(copyOf: (table: string) => string): Promise<void> {
      for (const c of held) {
        copies.push({ ...c, table: copyOf(c.table) });
        await q.query(`ALTER TABLE ${copyOf(c.table)} DROP CONSTRAINT ${quoteIdent(c.name)}`);
      }
    },
    async restoreOnCopies(): Promise<void> {
      for (const c of copies) await q.query(`ALTER TABLE ${c.table} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
    },
  };
}

export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
