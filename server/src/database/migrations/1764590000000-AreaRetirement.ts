import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A 街道 or 社区 that is merged or abolished is retired, never deleted: residents, offerings,
 * staff and statistics keep pointing at it. A retired node stays in the tree with the time it
 * was retired; the district itself is never retired.
 */
export class AreaRetirement1764590000000 implements MigrationInterface {
  name = 'AreaRetirement1764590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE area
        ADD COLUMN retired_at timestamptz,
        ADD CONSTRAINT area_district_in_service CHECK (level <> 'district' OR retired_at IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE area DROP CONSTRAINT area_district_in_service, DROP COLUMN retired_at`);
  }
}
