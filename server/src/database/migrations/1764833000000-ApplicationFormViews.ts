import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application form of 全国学习型城市网络 counts the 百姓学习之星 and 终身学习品牌项目 of a
 * year from the final lists of the 评选. stats_selection_final is the read model statistics has of
 * them: one row per finalised selection and selected nomination (one row with a null winner for a
 * final list that chose nobody), with the selection's kind and year and the path of its area. A
 * winner is a resident or a project, so winner_key names either; the 学习型组织 count already reads
 * stats_learning_organisation.
 */
export class ApplicationFormViews1764833000000 implements MigrationInterface {
  name = 'ApplicationFormViews1764833000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW stats_selection_final AS
      SELECT s.id AS selection_id, s.kind, s.year, a.path AS area_path,
             COALESCE(n.nominee_id::text, n.community_id::text || ':' || n.project_name) AS winner_key
        FROM selection s
        JOIN area a ON a.id = s.area_id
        LEFT JOIN selection_nomination n ON n.selection_id = s.id AND n.status = 'selected'
       WHERE s.status = 'final'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW stats_selection_final`);
  }
}
