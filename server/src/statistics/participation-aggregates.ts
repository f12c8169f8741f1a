import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The records an apply() works on: each written row as the contribution it makes. A new record adds
 * its own figures (+1); a voiding record takes away those of the record it voids (−1), by the voided
 * record's community, age, groups, category and time, so every figure returns to what it was.
 */
const CONTRIBUTIONS = `
  contrib AS MATERIALIZED (
    SELECT CASE WHEN w.voids_id IS NULL THEN 1 ELSE -1 END AS sign,
           x.resident_id, x.area_id, x.category, x.minutes, x.age_years, x.resident_groups, x.offering_id, x.source,
           date_part('year', x.occurred_at AT TIME ZONE 'Asia/Shanghai')::smallint AS year,
           date_part('month', x.occurred_at AT TIME ZONE 'Asia/Shanghai')::smallint AS month
      FROM stats_record w
      JOIN stats_record x ON x.id = COALESCE(w.voids_id, w.id)
     WHERE w.id = ANY ($1::bigint[])
  )`;

/** The node ids of an area path '/1/4/17/', root first: a resident counts in the community and every ancestor. */
const NODES = (pathExpr: string) => `unnest(string_to_array(btrim(${pathExpr}, '/'), '/')::int[])`;

/**
 * The segments a record puts its resident in (see LearnerSegment in @lp/shared): everyone; 60 and
 * over at the record's time; under 18; and the four groups whose 职业技能 learning counts as training.
 */
const SEGMENTS = (t: string) => `unnest(array_remove(ARRAY[
    0,
    CASE WHEN ${t}.age_years >= 60 THEN 1 END,
    CASE WHEN ${t}.age_years < 18 THEN 2 END,
    CASE WHEN ${t}.category = 'vocational_skills' AND 'employed' = ANY (${t}.resident_groups) THEN 3 END,
    CASE WHEN ${t}.category = 'vocational_skills' AND 'unemployed' = ANY (${t}.resident_groups) THEN 4 END,
    CASE WHEN ${t}.category = 'vocational_skills' AND 'migrant_worker' = ANY (${t}.resident_groups) THEN 5 END,
    CASE WHEN ${t}.category = 'vocational_skills' AND 'farmer' = ANY (${t}.resident_groups) THEN 6 END
  ]::smallint[], NULL))`;

export interface AggregateDifference {
  table: string;
  /** Rows whose maintained figures differ from the recomputed ones (missing rows count as zero). */
  differing: number;
  /** A few of them: the key, then what was maintained and what the records say. */
  samples: { key: string; maintained: string; recomputed: string }[];
}

export interface RebuildReport {
  /** Valid records read (neither voiding nor voided). */
  records: number;
  differences: AggregateDifference[];
  /** Whether the maintained aggregates were replaced by the recomputed ones. */
  replaced: boolean;
}

interface TableSpec {
  table: string;
  key: string[];
  values: string[];
  /** The append-only table of changes not yet folded into `table` (see fold()), if it has one. */
  delta?: string;
}

const TABLES: TableSpec[] = [
  { table: 'stats_member', key: ['area_id', 'year', 'segment', 'resident_id'], values: ['records', 'minutes'] },
  { table: 'stats_learners', key: ['area_id', 'year', 'segment'], values: ['learners'], delta: 'stats_learners_delta' },
  { table: 'stats_volume', key: ['area_id', 'year', 'month', 'category'], values: ['records', 'minutes'], delta: 'stats_volume_delta' },
  { table: 'stats_attended', key: ['area_id', 'year'], values: ['attended'], delta: 'stats_attended_delta' },
];

/** Every table apply() writes, in the order it writes them: what rebuild() locks. */
const ALL_TABLES = TABLES.flatMap((t) => (t.delta ? [t.table, t.delta] : [t.table])).join(', ');

/** Serialises fold() runs, should two ever overlap (each would be right alone: see fold()). */
const FOLD_LOCK = 0x5354_4653; // 'STFS'

/** A table's maintained figures as they stand: its rows plus the deltas not yet folded, per key. */
function maintained(spec: TableSpec): string {
  if (!spec.delta) return spec.table;
  const cols = [...spec.key, ...spec.values].join(', ');
  const sums = spec.values.map((v) => `sum(${v}) AS ${v}`).join(', ');
  return `(SELECT ${spec.key.join(', ')}, ${sums} FROM (SELECT ${cols} FROM ${spec.table} UNION ALL SELECT ${cols} FROM ${spec.delta}) u
            GROUP BY ${spec.key.join(', ')})`;
}

export interface FoldReport {
  /** Delta rows folded into each counter table. */
  learners: number;
  volume: number;
  attended: number;
}

/**
 * The participation aggregates behind every indicator, kept in the transaction that writes the
 * learning records (apply), and recomputed from the records on demand (rebuild).
 *
 * Hot rows: stats_member has one row per resident, so only the resident's own transactions meet
 * there. The counters per node (stats_learners, stats_volume, stats_attended) are shared by every
 * record of a district, so apply() does not update them: it appends its changes to their delta
 * tables, which fold() (a periodic job, StatisticsFolder) adds into them. A counter's value is its
 * row plus its unfolded deltas, at any moment: every reader adds them in the same statement
 * (StatisticsRepository), and rebuild() compares that sum.
 *
 * Concurrency: apply() upserts stats_member in one statement sorted by the primary key, so two
 * transactions take their row locks in the same global order and never wait in a cycle; the
 * delta inserts take no row locks.
 */
@Injectable()
export class ParticipationAggregates {
  /**
   * Folds freshly inserted learning_record rows (new records and voiding records alike) into the
   * aggregates. Call it inside the transaction that inserted them, right after the insert.
   */
  async apply(manager: EntityManager, recordIds: string[]): Promise<void> {
    if (!recordIds.length) return;
    const ids = [...new Set(recordIds)];

    // One statement: the records are read once (contrib, materialised) and feed the four writes.
    // 1. membership per (node, year, segment, resident) and, for each 0 ↔ >0 change, the distinct counters;
    // 2. records and minutes per (node, year, month, category); 3. attendances per node of the offering.
    await manager.query(
      `WITH ${CONTRIBUTIONS},
       delta AS (
         SELECT node AS area_id, c.year, seg AS segment, c.resident_id,
                sum(c.sign)::int AS records, sum(c.sign * c.minutes)::bigint AS minutes
           FROM contrib c
           JOIN stats_area a ON a.id = c.area_id
          CROSS JOIN LATERAL ${NODES('a.path')} AS node
          CROSS JOIN LATERAL ${SEGMENTS('c')} AS seg
          GROUP BY 1, 2, 3, 4
         HAVING sum(c.sign) <> 0 OR sum(c.sign * c.minutes) <> 0
       ),
       changed AS (
         INSERT INTO stats_member AS m (area_id, year, segment, resident_id, records, minutes)
         SELECT area_id, year, segment, resident_id, records, minutes FROM delta
          ORDER BY area_id, year, segment, resident_id
         ON CONFLICT ON CONSTRAINT stats_member_pkey
         DO UPDATE SET records = m.records + EXCLUDED.records, minutes = m.minutes + EXCLUDED.minutes
         RETURNING m.area_id, m.year, m.segment, m.resident_id, m.records
       ),
       moved AS (
         SELECT ch.area_id, ch.year, ch.segment,
                sum(CASE WHEN ch.records > 0 AND ch.records - d.records <= 0 THEN 1
                         WHEN ch.records <= 0 AND ch.records - d.records > 0 THEN -1
                         ELSE 0 END)::int AS learners
           FROM changed ch
           JOIN delta d USING (area_id, year, segment, resident_id)
          GROUP BY 1, 2, 3
       ),
       learners AS (
         INSERT INTO stats_learners_delta (area_id, year, segment, learners)
         SELECT area_id, year, segment, learners FROM moved WHERE learners <> 0
       ),
       volume AS (
         INSERT INTO stats_volume_delta (area_id, year, month, category, records, minutes)
         SELECT node, c.year, c.month, c.category, sum(c.sign)::int, sum(c.sign * c.minutes)::bigint
           FROM contrib c
           JOIN stats_area a ON a.id = c.area_id
          CROSS JOIN LATERAL ${NODES('a.path')} AS node
          GROUP BY 1, 2, 3, 4
         HAVING sum(c.sign) <> 0 OR sum(c.sign * c.minutes) <> 0
       )
       INSERT INTO stats_attended_delta (area_id, year, attended)
       SELECT node, c.year, sum(c.sign)::int
         FROM contrib c
         JOIN stats_offering o ON o.id = c.offering_id
         JOIN stats_area a ON a.id = o.area_id
        CROSS JOIN LATERAL ${NODES('a.path')} AS node
        WHERE c.source = 'attendance'
        GROUP BY 1, 2
       HAVING sum(c.sign) <> 0`,
      [ids],
    );
  }

  /**
   * Adds the deltas apply() appended into the counters and removes them, each table in one
   * statement (DELETE … RETURNING feeding the upsert): a reader's snapshot sees a delta either in
   * the delta table or in the counter, never in both or neither. A delta row is deleted by exactly
   * one transaction, so two folds at the same moment could not count one twice even without the
   * advisory lock that serialises them. Run it in its own transaction (StatisticsFolder does).
   */
  async fold(manager: EntityManager): Promise<FoldReport> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [FOLD_LOCK]);
    const count = async (sql: string) => Number(((await manager.query(sql)) as { n: string }[])[0].n);
    const learners = await count(
      `WITH gone AS (DELETE FROM stats_learners_delta RETURNING area_id, year, segment, learners),
       folded AS (
         INSERT INTO stats_learners AS l (area_id, year, segment, learners)
         SELECT area_id, year, segment, sum(learners)::int FROM gone GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT ON CONSTRAINT stats_learners_pkey DO UPDATE SET learners = l.learners + EXCLUDED.learners
         RETURNING 1)
       SELECT (SELECT count(*) FROM gone) AS n, (SELECT count(*) FROM folded) AS rows`,
    );
    const volume = await count(
      `WITH gone AS (DELETE FROM stats_volume_delta RETURNING area_id, year, month, category, records, minutes),
       folded AS (
         INSERT INTO stats_volume AS v (area_id, year, month, category, records, minutes)
         SELECT area_id, year, month, category, sum(records)::int, sum(minutes)::bigint FROM gone GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
         ON CONFLICT ON CONSTRAINT stats_volume_pkey DO UPDATE SET records = v.records + EXCLUDED.records, minutes = v.minutes + EXCLUDED.minutes
         RETURNING 1)
       SELECT (SELECT count(*) FROM gone) AS n, (SELECT count(*) FROM folded) AS rows`,
    );
    const attended = await count(
      `WITH gone AS (DELETE FROM stats_attended_delta RETURNING area_id, year, attended),
       folded AS (
         INSERT INTO stats_attended AS t (area_id, year, attended)
         SELECT area_id, year, sum(attended)::int FROM gone GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT ON CONSTRAINT stats_attended_pkey DO UPDATE SET attended = t.attended + EXCLUDED.attended
         RETURNING 1)
       SELECT (SELECT count(*) FROM gone) AS n, (SELECT count(*) FROM folded) AS rows`,
    );
    return { learners, volume, attended };
  }

  /**
   * Recomputes every aggregate from learning_record and compares it with what apply() maintained
   * (a counter's row plus its deltas not yet folded).
   * With `replace`, the maintained aggregates are then replaced by the recomputed ones. Runs in the
   * given transaction, which it locks against concurrent apply() calls while it reads.
   */
  async rebuild(manager: EntityManager, options: { replace: boolean; samples?: number }): Promise<RebuildReport> {
    const samples = options.samples ?? 5;
    const lockMode = options.replace ? 'ACCESS EXCLUSIVE' : 'SHARE';
    await manager.query(`LOCK TABLE ${ALL_TABLES} IN ${lockMode} MODE`);
    await manager.query(`SET LOCAL work_mem = '256MB'`);

    await manager.query(`
      CREATE TEMP TABLE rebuild_voided ON COMMIT DROP AS
      SELECT voids_id AS id FROM stats_record WHERE voids_id IS NOT NULL`);
    await manager.query(`CREATE INDEX ON rebuild_voided (id)`);
    await manager.query(`ANALYZE rebuild_voided`);
    await manager.query(`
      CREATE TEMP TABLE rebuild_valid ON COMMIT DROP AS
      SELECT r.resident_id, r.area_id, r.category, r.minutes, r.age_years, r.resident_groups, r.offering_id, r.source,
             date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::smallint AS year,
             date_part('month', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::smallint AS month
        FROM stats_record r
       WHERE r.voids_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM rebuild_voided v WHERE v.id = r.id)`);
    const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM rebuild_valid`)) as { n: number }[];

    // each resident's year in each community first (far fewer rows than records), then up the tree
    await manager.query(`
      CREATE TEMP TABLE rebuild_member_base ON COMMIT DROP AS
      SELECT v.area_id, v.year, seg AS segment, v.resident_id, count(*)::int AS records, sum(v.minutes)::bigint AS minutes
        FROM rebuild_valid v
       CROSS JOIN LATERAL ${SEGMENTS('v')} AS seg
       GROUP BY 1, 2, 3, 4`);
    await manager.query(`
      CREATE TEMP TABLE rebuild_stats_member ON COMMIT DROP AS
      SELECT node AS area_id, b.year, b.segment, b.resident_id, sum(b.records)::int AS records, sum(b.minutes)::bigint AS minutes
        FROM rebuild_member_base b
        JOIN stats_area a ON a.id = b.area_id
       CROSS JOIN LATERAL ${NODES('a.path')} AS node
       GROUP BY 1, 2, 3, 4`);
    await manager.query(`
      CREATE TEMP TABLE rebuild_stats_learners ON COMMIT DROP AS
      SELECT area_id, year, segment, count(*)::int AS learners FROM rebuild_stats_member GROUP BY 1, 2, 3`);
    await manager.query(`
      CREATE TEMP TABLE rebuild_stats_volume ON COMMIT DROP AS
      WITH base AS (
        SELECT area_id, year, month, category, count(*)::int AS records, sum(minutes)::bigint AS minutes
          FROM rebuild_valid GROUP BY 1, 2, 3, 4
      )
      SELECT node AS area_id, b.year, b.month, b.category, sum(b.records)::int AS records, sum(b.minutes)::bigint AS minutes
        FROM base b
        JOIN stats_area a ON a.id = b.area_id
       CROSS JOIN LATERAL ${NODES('a.path')} AS node
       GROUP BY 1, 2, 3, 4`);
    await manager.query(`
      CREATE TEMP TABLE rebuild_stats_attended ON COMMIT DROP AS
      WITH base AS (
        SELECT offering_id, year, count(*)::int AS attended
          FROM rebuild_valid WHERE source = 'attendance' AND offering_id IS NOT NULL GROUP BY 1, 2
      )
      SELECT node AS area_id, b.year, sum(b.attended)::int AS attended
        FROM base b
        JOIN stats_offering o ON o.id = b.offering_id
        JOIN stats_area a ON a.id = o.area_id
       CROSS JOIN LATERAL ${NODES('a.path')} AS node
       GROUP BY 1, 2`);

    const differences: AggregateDifference[] = [];
    for (const spec of TABLES) differences.push(await this.compare(manager, spec, samples));

    if (options.replace) {
      for (const spec of TABLES) {
        const cols = [...spec.key, ...spec.values].join(', ');
        await manager.query(`TRUNCATE ${spec.delta ? `${spec.table}, ${spec.delta}` : spec.table}`);
        await manager.query(`INSERT INTO ${spec.table} (${cols}) SELECT ${cols} FROM rebuild_${spec.table} ORDER BY ${spec.key.join(', ')}`);
      }
      await manager.query(`ANALYZE ${ALL_TABLES}`);
    }
    return { records: n, differences, replaced: options.replace };
  }

  private async compare(manager: EntityManager, spec: TableSpec, samples: number): Promise<AggregateDifference> {
    const using = spec.key.join(', ');
    const differs = spec.values.map((v) => `COALESCE(m.${v}, 0) <> COALESCE(e.${v}, 0)`).join(' OR ');
    const keyText = spec.key.map((k) => `${k}::text`).join(` || '/' || `);
    const show = (alias: string) => spec.values.map((v) => `COALESCE(${alias}.${v}, 0)::text`).join(` || '/' || `);
    const rows = (await manager.query(
      `WITH diff AS (
         SELECT ${keyText} AS key, ${show('m')} AS maintained, ${show('e')} AS recomputed
           FROM ${maintained(spec)} m
           FULL JOIN rebuild_${spec.table} e USING (${using})
          WHERE ${differs}
       )
       SELECT (SELECT count(*)::int FROM diff) AS differing, key, maintained, recomputed
         FROM (SELECT * FROM diff ORDER BY key LIMIT ${Number(samples)}) s
        RIGHT JOIN (SELECT 1) one ON true`,
    )) as { differing: number; key: string | null; maintained: string | null; recomputed: string | null }[];
    return {
      table: spec.table,
      differing: rows[0]?.differing ?? 0,
      samples: rows.filter((r) => r.key !== null).map((r) => ({ key: r.key!, maintained: r.maintained!, recomputed: r.recomputed! })),
    };
  }
}
