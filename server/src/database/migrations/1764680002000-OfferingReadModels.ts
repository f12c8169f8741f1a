import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the offerings catalogue: the area, school, venue, author and enrollments an
 * offering's row shows, each through a view the offerings feature owns
 * (server/src/database/table-owners.ts). Plain views, inlined by the planner: the catalogue
 * listing, the nearest-venue walk included, stays one statement on the same indexes.
 */
export class OfferingReadModels1764680002000 implements MigrationInterface {
  name = 'OfferingReadModels1764680002000';

  async up(q: QueryRunner): Promise<void> {
    // the node an offering is held in: its name and level on the row, its path for the area filter.
    await q.query(`CREATE VIEW offering_area AS SELECT id, name, level, path FROM area`);
    // the school that runs it.
    await q.query(`CREATE VIEW offering_school AS SELECT id, name FROM school`);
    // where it is held: the row's venue and the nearest-venue search.
    await q.query(`CREATE VIEW offering_venue AS SELECT id, name, address, latitude, longitude FROM venue`);
    // who wrote it, for the review queue.
    await q.query(`CREATE VIEW offering_author AS SELECT id, display_name FROM app_user`);
    // who holds a place or waits for one: the people to tell about a change, and a caller's place.
    await q.query(`CREATE VIEW offering_enrollment AS SELECT offering_id, resident_id, status, created_at, waitlist_seq FROM enrollment`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['offering_enrollment', 'offering_author', 'offering_venue', 'offering_school', 'offering_area']) {
      await q.query(`DROP VIEW ${view}`);
    }
  }
}
