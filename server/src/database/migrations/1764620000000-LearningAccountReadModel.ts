import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 学习账户's read model. The account joins the tables of several features (learning records,
 * the ledger, the credit rules, certifications, statistics, residents, areas); instead of naming
 * them in the learning-account folder, it reads these views, which state in the schema which
 * columns it depends on. PostgreSQL refuses to drop or retype a column a view reads, so an owner
 * changing one of these tables meets the dependency here, and server/src/database/table-owners.ts
 * lists each view with the tables it reads. The views are plain (inlined by the planner): the
 * queries keep their indexes.
 */
export class LearningAccountReadModel1764620000000 implements MigrationInterface {
  name = 'LearningAccountReadModel1764620000000';

  async up(q: QueryRunner): Promise<void> {
    // The resident's credit balance across their ledger accounts.
    await q.query(`
      CREATE VIEW learning_account_balance AS
      SELECT resident_id, sum(balance_milli)::bigint AS balance_milli
      FROM ledger_account WHERE resident_id IS NOT NULL GROUP BY resident_id`);
    // Minutes by year (in Shanghai) and category; voiding records carry negated minutes, so sums are net.
    await q.query(`
      CREATE VIEW learning_account_minutes AS
      SELECT resident_id, date_part('year', occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year, category, sum(minutes)::int AS minutes
      FROM learning_record GROUP BY resident_id, 2, category`);
    // Credits by the year and category they count for: the capped yearly totals, plus certified
    // achievements (which the caps leave out) net of reversals.
    await q.query(`
      CREATE VIEW learning_account_credits AS
      SELECT resident_id, year::int AS year, category, granted_milli AS credits_milli FROM credit_year_total
      UNION ALL
      SELECT c.resident_id, t.cap_year::int, t.cap_category, t.amount_milli - COALESCE(r.amount_milli, 0)
      FROM credit_certification c
      JOIN ledger_transfer t ON t.learning_record_id = c.learning_record_id AND t.kind = 'grant'
      LEFT JOIN ledger_transfer r ON r.reverses_transfer_id = t.id
      WHERE c.status = 'approved'`);
    // A record with the credits its grant gave, the reason it was voided if it was, where it was
    // earned and by whom. Left joins on unique keys, so a query that does not read a column skips its join.
    await q.query(`
      CREATE VIEW learning_account_record AS
      SELECT r.id, r.resident_id, r.voids_id, r.source, r.category, r.title, r.minutes, r.occurred_at, v.void_reason,
             COALESCE(g.amount_milli, 0)::bigint AS credits_milli, s.version AS rule_set_version,
             r.area_id, a.name AS area_name, p.real_name AS resident_name
      FROM learning_record r
      LEFT JOIN learning_record v ON v.voids_id = r.id
      LEFT JOIN ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'
      LEFT JOIN credit_rule_set s ON s.id = g.rule_set_id
      LEFT JOIN area a ON a.id = r.area_id
      LEFT JOIN resident_profile p ON p.user_id = r.resident_id`);
    // The resident's community and ranking choice, and each learner's minutes in a community's
    // ranking (segment 0 of the statistics), with whether that learner opted out of it there.
    await q.query(`
      CREATE VIEW learning_account_resident AS
      SELECT user_id AS resident_id, community_id, ranking_opt_out FROM resident_profile`);
    await q.query(`
      CREATE VIEW learning_account_ranking AS
      SELECT s.area_id, s.year, s.resident_id, s.minutes, COALESCE(p.ranking_opt_out, false) AS opted_out
      FROM stats_member s
      LEFT JOIN resident_profile p ON p.user_id = s.resident_id AND p.community_id = s.area_id
      WHERE s.segment = 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['ranking', 'resident', 'record', 'credits', 'minutes', 'balance']) {
      await q.query(`DROP VIEW learning_account_${view}`);
    }
  }
}
