import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * credit-rules' read model of where a resident lives: the community, and the district whose rules
 * apply to their learning. With it the credit rules need nothing of the residents feature (whose
 * module decrypts personal data and so needs the server's keys), and `ledger:reconcile`, which
 * boots the rules, runs on a database address alone.
 */
export class CreditRuleResidentHome1764690000000 implements MigrationInterface {
  name = 'CreditRuleResidentHome1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW credit_rule_resident_home AS
      SELECT p.user_id AS resident_id, p.community_id, split_part(a.path, '/', 2)::int AS district_id
      FROM resident_profile p JOIN area a ON a.id = p.community_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW credit_rule_resident_home`);
  }
}
