import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each indicator's target per area and year, as the district sets it. Only what someone set is
 * stored: an area and year without a row inherits (its own earlier year, else the nearest area
 * above), and where nobody set one the default is the seeds' value, which lives in code
 * (INDICATORS in @lp/shared), so this migration inserts no rows.
 *
 * target_basis is the target in ten-thousandths: 6000 is 60% for a rate, 10000 is 1 per 10,000
 * 常住人口 for a per-10,000 indicator. Integers, so "met" is decided without floating point.
 */
export class IndicatorTargets1764830000000 implements MigrationInterface {
  name = 'IndicatorTargets1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_target (
        area_id       integer      NOT NULL REFERENCES area (id),
        year          smallint     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        indicator     varchar(40)  NOT NULL CHECK (indicator ~ '^[a-z0-9_]+$'),
        target_basis  integer      NOT NULL CHECK (target_basis BETWEEN 0 AND 10000000),
        updated_by    uuid         NOT NULL REFERENCES app_user (id),
        updated_at    timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT indicator_target_pkey PRIMARY KEY (area_id, indicator, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE indicator_target`);
  }
}
