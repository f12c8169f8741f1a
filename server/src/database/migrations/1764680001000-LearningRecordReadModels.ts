import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of learning records: what writing a record and replaying the credit ledger read
 * from residents, offerings, areas, certifications and the ledger, each through a view the
 * learning-records feature owns (server/src/database/table-owners.ts). Plain views, inlined by the
 * planner: the record inserts and the replay stay single statements on the same indexes.
 */
export class LearningRecordReadModels1764680001000 implements MigrationInterface {
  name = 'LearningRecordReadModels1764680001000';

  async up(q: QueryRunner): Promise<void> {
    // who the resident is when they learn: their community now, birth date and groups.
    await q.query(`CREATE VIEW learning_resident AS SELECT user_id, community_id, birth_date, groups FROM resident_profile`);
    // the offering's title, for a record that brings none.
    await q.query(`CREATE VIEW learning_offering AS SELECT id, title FROM offering`);
    // each node's level and the district it lies in (the first step of its path).
    await q.query(`CREATE VIEW learning_area AS SELECT id, level, split_part(path, '/', 2)::int AS district_id FROM area`);
    // certified achievements: the credits fixed for a record by the rule set it was approved under.
    await q.query(`
      CREATE VIEW learning_certified_credit AS
      SELECT c.learning_record_id, c.rule_set_id, a.credits_milli
      FROM credit_certification c
      JOIN credit_achievement a ON a.rule_set_id = c.rule_set_id AND a.code = c.achievement_code`);
    // the ledger's grants and reversals, for the replay to compare with.
    await q.query(`
      CREATE VIEW learning_ledger_transfer AS
      SELECT id, kind, learning_record_id, reverses_transfer_id, amount_milli, rule_set_id, cap_year FROM ledger_transfer`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['learning_ledger_transfer', 'learning_certified_credit', 'learning_area', 'learning_offering', 'learning_resident']) {
      await q.query(`DROP VIEW ${view}`);
    }
  }
}
