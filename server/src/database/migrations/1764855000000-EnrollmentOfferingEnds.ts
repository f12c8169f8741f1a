import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 我的报名 lists courses not over yet first and finished ones after them, the latest finished first:
 * the enrollments' view of an offering also gives when it ends.
 */
export class EnrollmentOfferingEnds1764855000000 implements MigrationInterface {
  name = 'EnrollmentOfferingEnds1764855000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW enrollment_offering_start AS SELECT id AS offering_id, starts_at, ends_at FROM offering`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW enrollment_offering_start`);
    await q.query(`CREATE VIEW enrollment_offering_start AS SELECT id AS offering_id, starts_at FROM offering`);
  }
}
