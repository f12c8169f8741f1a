import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 学习型组织创建: the organisations of a node that should create a 学习型组织 (机关、企事业单位、
 * 学校、社区、社团…) and how many have, entered per year beside the population figures. Rows
 * entered before this start at 0 of 0, which the indicator reads as "not entered yet".
 */
export class LearningOrganisations1764400000000 implements MigrationInterface {
  name = 'LearningOrganisations1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE area_population
        ADD COLUMN organisations integer NOT NULL DEFAULT 0 CHECK (organisations >= 0),
        ADD COLUMN learning_organisations integer NOT NULL DEFAULT 0 CHECK (learning_organisations >= 0),
        ADD CONSTRAINT area_population_learning_within_organisations CHECK (learning_organisations <= organisations)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE area_population
        DROP CONSTRAINT area_population_learning_within_organisations,
        DROP COLUMN learning_organisations,
        DROP COLUMN organisations`);
  }
}
