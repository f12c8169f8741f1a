import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of statistics: the learning records the aggregates fold in, the area tree they roll
 * up, the population, offerings, sessions, teachers, residents and credits the indicators read,
 * each through a view the statistics feature owns (server/src/database/table-owners.ts). Plain
 * views, inlined by the planner: apply(), rebuild() and each indicator stay the single statements
 * they were, on the same indexes.
 */
export class StatisticsReadModels1764680004000 implements MigrationInterface {
  name = 'StatisticsReadModels1764680004000';

  async up(q: QueryRunner): Promise<void> {
    // the records: what each one (or the record it voids) contributes.
    await q.query(`
      CREATE VIEW stats_record AS
      SELECT id, voids_id, resident_id, area_id, category, minutes, age_years, resident_groups, offering_id, source, occurred_at
      FROM learning_record`);
    // the tree: a figure counts in its node and every ancestor (the path), children for drill-down.
    await q.query(`CREATE VIEW stats_area AS SELECT id, parent_id, name, level, code, path, is_rural FROM area`);
    await q.query(`
      CREATE VIEW stats_population AS
      SELECT area_id, year, resident_total, aged_60_plus, under_18, employed, migrant_workers, unemployed, rural_labor,
             organisations, learning_organisations
      FROM area_population`);
    // offerings and their closed sessions: attendance rates and sessions held.
    await q.query(`CREATE VIEW stats_offering AS SELECT id, area_id, enrolled_count FROM offering`);
    await q.query(`CREATE VIEW stats_session AS SELECT offering_id, closed_at, cancelled_at FROM offering_session`);
    // 成人教育专职工作者: active teacher accounts, by the node of their school.
    await q.query(`
      CREATE VIEW stats_teacher AS
      SELECT u.id, a.path AS area_path
      FROM app_user u
      JOIN school s ON s.id = u.school_id
      JOIN area a ON a.id = s.area_id
      WHERE u.role = 'teacher' AND u.disabled_at IS NULL`);
    // 百姓学习之星: the resident's name, community and choice to stay off rankings; credits of the year.
    await q.query(`CREATE VIEW stats_resident AS SELECT user_id, real_name, community_id, ranking_opt_out FROM resident_profile`);
    await q.query(`CREATE VIEW stats_credit AS SELECT resident_id, year, granted_milli FROM credit_year_total`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['stats_credit', 'stats_resident', 'stats_teacher', 'stats_session', 'stats_offering', 'stats_population', 'stats_area', 'stats_record']) {
      await q.query(`DROP VIEW ${view}`);
    }
  }
}
