import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `
  SELECT s.area_id, s.year, s.resident_id, s.minutes, COALESCE(p.ranking_opt_out, false) AS opted_out
    FROM stats_member s
    LEFT JOIN resident_profile p ON p.user_id = s.resident_id AND p.community_id = s.area_id
   WHERE s.segment = 0`;

/**
 * 百姓学习之星 ranking without a read of every profile in the community. The view joined each of the
 * community's learners to their profile for the opt-out flag: about 3,300 scattered profile pages per
 * count, 8 ms for the top learner and 43 ms for one in the middle of a district of a million
 * residents. It now joins only the profiles that opted out (the partial index
 * resident_profile_opt_out_idx finds them, one in fifty), so "not opted out" is an anti-join.
 * Same rows, same columns; a profile in another community still does not hide a learner.
 */
export class RankingOptOutAntiJoin1764853000000 implements MigrationInterface {
  name = 'RankingOptOutAntiJoin1764853000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW learning_account_ranking AS
      SELECT s.area_id, s.year, s.resident_id, s.minutes, (o.user_id IS NOT NULL) AS opted_out
        FROM stats_member s
        LEFT JOIN (SELECT user_id, community_id FROM resident_profile WHERE ranking_opt_out) o
               ON o.user_id = s.resident_id AND o.community_id = s.area_id
       WHERE s.segment = 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW learning_account_ranking AS ${BEFORE}`);
  }
}
