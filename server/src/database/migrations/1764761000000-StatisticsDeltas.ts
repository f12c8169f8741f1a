import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The district-wide counters (stats_learners, stats_volume, stats_attended) had one row per node
 * and year that every learning record of the district updated in its own transaction: sessions
 * closing together queued on the district's rows. A record's transaction now appends its changes
 * to these delta tables instead (no row is updated, so nothing is waited for), and a periodic job
 * folds them into the counters (StatisticsFolder). A counter's exact value at any moment is its row
 * plus its deltas not yet folded; every read adds them, and stats:rebuild compares that sum.
 * Append-only until folded; a fold moves rows from here to the counter in one statement.
 */
export class StatisticsDeltas1764761000000 implements MigrationInterface {
  name = 'StatisticsDeltas1764761000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_learners_delta (
        area_id   integer  NOT NULL REFERENCES area (id),
        year      smallint NOT NULL,
        segment   smallint NOT NULL CHECK (segment BETWEEN 0 AND 6),
        learners  integer  NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stats_volume_delta (
        area_id   integer           NOT NULL REFERENCES area (id),
        year      smallint          NOT NULL,
        month     smallint          NOT NULL CHECK (month BETWEEN 1 AND 12),
        category  offering_category NOT NULL,
        records   integer           NOT NULL,
        minutes   bigint            NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stats_attended_delta (
        area_id   integer  NOT NULL REFERENCES area (id),
        year      smallint NOT NULL,
        attended  integer  NOT NULL
      )`);
    // reads add a node's and year's deltas: found by index while the job is behind
    await q.query(`CREATE INDEX stats_learners_delta_idx ON stats_learners_delta (area_id, year)`);
    await q.query(`CREATE INDEX stats_volume_delta_idx ON stats_volume_delta (area_id, year)`);
    await q.query(`CREATE INDEX stats_attended_delta_idx ON stats_attended_delta (area_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // fold what is pending before the tables go
    await q.query(`
      WITH gone AS (DELETE FROM stats_learners_delta RETURNING *)
      INSERT INTO stats_learners AS l (area_id, year, segment, learners)
      SELECT area_id, year, segment, sum(learners) FROM gone GROUP BY 1, 2, 3
      ON CONFLICT ON CONSTRAINT stats_learners_pkey DO UPDATE SET learners = l.learners + EXCLUDED.learners`);
    await q.query(`
      WITH gone AS (DELETE FROM stats_volume_delta RETURNING *)
      INSERT INTO stats_volume AS v (area_id, year, month, category, records, minutes)
      SELECT area_id, year, month, category, sum(records), sum(minutes) FROM gone GROUP BY 1, 2, 3, 4
      ON CONFLICT ON CONSTRAINT stats_volume_pkey DO UPDATE SET records = v.records + EXCLUDED.records, minutes = v.minutes + EXCLUDED.minutes`);
    await q.query(`
      WITH gone AS (DELETE FROM stats_attended_delta RETURNING *)
      INSERT INTO stats_attended AS t (area_id, year, attended)
      SELECT area_id, year, sum(attended) FROM gone GROUP BY 1, 2
      ON CONFLICT ON CONSTRAINT stats_attended_pkey DO UPDATE SET attended = t.attended + EXCLUDED.attended`);
    await q.query(`DROP TABLE stats_attended_delta`);
    await q.query(`DROP TABLE stats_volume_delta`);
    await q.query(`DROP TABLE stats_learners_delta`);
  }
}
