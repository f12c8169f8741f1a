import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administrators keep schools and the 场地资源库 themselves: a school or venue that closes is
 * deactivated, never deleted (activities and staff keep pointing at it), and a venue says when it
 * is open, one period per weekday line ({ weekday 1–7, opens, closes } as HH:MM).
 * The admin tables search by name or address and filter by area, kind and active.
 */
export class PlacesAdmin1764640000000 implements MigrationInterface {
  name = 'PlacesAdmin1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE school ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`
      ALTER TABLE venue
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN opening_hours jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD CONSTRAINT venue_opening_hours_list CHECK (jsonb_typeof(opening_hours) = 'array')`);
    await q.query(`CREATE INDEX venue_school_idx ON venue (school_id) WHERE school_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX venue_school_idx`);
    await q.query(`ALTER TABLE venue DROP CONSTRAINT venue_opening_hours_list, DROP COLUMN opening_hours, DROP COLUMN active`);
    await q.query(`ALTER TABLE school DROP COLUMN active`);
  }
}
