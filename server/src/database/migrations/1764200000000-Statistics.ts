import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participation statistics, kept up to date in the transaction that writes learning records so
 * that no indicator ever scans the records:
 *
 * - stats_member: one row per (node, year, segment, resident) with how many valid records put the
 *   resident in that segment there (a resident counts in their community and each ancestor), and
 *   their minutes (for 百姓学习之星). A row at 0 records means "no longer counted".
 * - stats_learners: per (node, year, segment) how many stats_member rows have records > 0, i.e. the
 *   distinct learners, the numerators of the indicators.
 * - stats_volume: per (node, year, month, category) valid records and minutes.
 * - stats_attended: per (node of the offering, year) valid attendance records, for the attendance rate.
 *
 * Year and month are those of occurred_at in Asia/Shanghai. A voiding record takes away exactly what
 * the record it voids added. The up() fills the tables from the records already there.
 *
 * The counters carry no CHECK (>= 0): PostgreSQL checks the row an upsert proposes before it finds
 * the conflict, and that row is a delta, negative for a voiding record. `npm run stats:rebuild`
 * is what proves the counters right.
 */
export class Statistics1764200000000 implements MigrationInterface {
  name = 'Statistics1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_member (
        area_id      integer  NOT NULL REFERENCES area (id),
        year         smallint NOT NULL,
        segment      smallint NOT NULL CHECK (segment BETWEEN 0 AND 6),
        resident_id  uuid     NOT NULL,
        records      integer  NOT NULL,
        minutes      bigint   NOT NULL,
        CONSTRAINT stats_member_pkey PRIMARY KEY (area_id, year, segment, resident_id)
      )`);
    // 百姓学习之星: the residents with the most minutes of a node and year, read from the top
    await q.query(`CREATE INDEX stats_member_ranking_idx ON stats_member (area_id, year, minutes DESC, resident_id) WHERE segment = 0`);
    await q.query(`
      CREATE TABLE stats_learners (
        area_id   integer  NOT NULL REFERENCES area (id),
        year      smallint NOT NULL,
        segment   smallint NOT NULL CHECK (segment BETWEEN 0 AND 6),
        learners  integer  NOT NULL,
        CONSTRAINT stats_learners_pkey PRIMARY KEY (area_id, year, segment)
      )`);
    await q.query(`
      CREATE TABLE stats_volume (
        area_id   integer           NOT NULL REFERENCES area (id),
        year      smallint          NOT NULL,
        month     smallint          NOT NULL CHECK (month BETWEEN 1 AND 12),
        category  offering_category NOT NULL,
        records   integer           NOT NULL,
        minutes   bigint            NOT NULL,
        CONSTRAINT stats_volume_pkey PRIMARY KEY (area_id, year, month, category)
      )`);
    await q.query(`
      CREATE TABLE stats_attended (
        area_id   integer  NOT NULL REFERENCES area (id),
        year      smallint NOT NULL,
        attended  integer  NOT NULL,
        CONSTRAINT stats_attended_pkey PRIMARY KEY (area_id, year)
      )`);
    // sessions closed in a year, for activities held and the attendance rate
    await q.query(`CREATE INDEX offering_session_closed_idx ON offering_session (closed_at) WHERE closed_at IS NOT NULL`);
    // 成人教育专职工作者: the teachers of a node's schools, without reading every account
    await q.query(`CREATE INDEX app_user_teacher_school_idx ON app_user (school_id) WHERE role = 'teacher'`);

    // --- fill from the records already written: valid records are those neither voiding nor voided
    await q.query(`
      CREATE TEMP TABLE stats_seed ON COMMIT DROP AS
      SELECT a.path, r.resident_id, r.category, r.minutes, r.age_years, r.resident_groups, r.offering_id, r.source,
             date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::smallint AS year,
             date_part('month', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::smallint AS month
        FROM learning_record r
        JOIN area a ON a.id = r.area_id
       WHERE r.voids_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id)`);
    await q.query(`
      INSERT INTO stats_member (area_id, year, segment, resident_id, records, minutes)
      SELECT node::int, s.year, seg.segment, s.resident_id, count(*), sum(s.minutes)
        FROM stats_seed s
        CROSS JOIN LATERAL unnest(string_to_array(btrim(s.path, '/'), '/')) AS node
        CROSS JOIN LATERAL unnest(array_remove(ARRAY[
          0,
          CASE WHEN s.age_years >= 60 THEN 1 END,
          CASE WHEN s.age_years < 18 THEN 2 END,
          CASE WHEN s.category = 'vocational_skills' AND 'employed' = ANY (s.resident_groups) THEN 3 END,
          CASE WHEN s.category = 'vocational_skills' AND 'unemployed' = ANY (s.resident_groups) THEN 4 END,
          CASE WHEN s.category = 'vocational_skills' AND 'migrant_worker' = ANY (s.resident_groups) THEN 5 END,
          CASE WHEN s.category = 'vocational_skills' AND 'farmer' = ANY (s.resident_groups) THEN 6 END
        ]::smallint[], NULL)) AS seg(segment)
       GROUP BY 1, 2, 3, 4`);
    await q.query(`
      INSERT INTO stats_learners (area_id, year, segment, learners)
      SELECT area_id, year, segment, count(*) FROM stats_member GROUP BY 1, 2, 3`);
    await q.query(`
      INSERT INTO stats_volume (area_id, year, month, category, records, minutes)
      SELECT node::int, s.year, s.month, s.category, count(*), sum(s.minutes)
        FROM stats_seed s
        CROSS JOIN LATERAL unnest(string_to_array(btrim(s.path, '/'), '/')) AS node
       GROUP BY 1, 2, 3, 4`);
    await q.query(`
      INSERT INTO stats_attended (area_id, year, attended)
      SELECT node::int, s.year, count(*)
        FROM stats_seed s
        JOIN offering o ON o.id = s.offering_id
        JOIN area oa ON oa.id = o.area_id
        CROSS JOIN LATERAL unnest(string_to_array(btrim(oa.path, '/'), '/')) AS node
       WHERE s.source = 'attendance'
       GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_teacher_school_idx`);
    await q.query(`DROP INDEX offering_session_closed_idx`);
    await q.query(`DROP TABLE stats_attended`);
    await q.query(`DROP TABLE stats_volume`);
    await q.query(`DROP TABLE stats_learners`);
    await q.query(`DROP TABLE stats_member`);
  }
}
