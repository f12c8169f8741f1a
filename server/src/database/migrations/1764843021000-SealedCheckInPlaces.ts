import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a resident stood when checking in is kept sealed under their data key (ResidentCrypto,
 * `r1.`/`r2.`): `place_sealed` holds latitude, longitude and the phone's accuracy together. The
 * columns in clear stay for rows written before, until the `check-in-place-seal` job has moved
 * them; a NOT VALID check makes the database refuse any new row or update that puts a place back
 * in clear, while it leaves the old rows for the job. A resident's copy of their data reads the
 * sealed place beside the old one.
 */
export class SealedCheckInPlaces1764843021000 implements MigrationInterface {
  name = 'SealedCheckInPlaces1764843021000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE attendance
        ADD COLUMN place_sealed text CHECK (place_sealed ~ '^r[12]\\.'),
        ADD CONSTRAINT attendance_place_not_in_clear CHECK (latitude IS NULL AND longitude IS NULL AND accuracy_m IS NULL) NOT VALID`);
    await q.query(`CREATE INDEX attendance_place_in_clear ON attendance (id) WHERE latitude IS NOT NULL OR longitude IS NOT NULL OR accuracy_m IS NOT NULL`);
    await q.query(`
      CREATE OR REPLACE VIEW data_copy_attendance AS
      SELECT a.resident_id, a.session_id, o.title, v.name AS venue_name, v.address AS venue_address, s.starts_at,
             a.checked_in_at, a.checked_out_at, a.method, a.credited_minutes, a.latitude, a.longitude,
             a.accuracy_m, a.place_sealed
        FROM attendance a
        JOIN offering_session s ON s.id = a.session_id
        JOIN offering o ON o.id = a.offering_id
        LEFT JOIN venue v ON v.id = o.venue_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a sealed place cannot be opened here: it is forgotten, as a closed account's
    await q.query(`DROP VIEW data_copy_attendance`);
    await q.query(`
      CREATE VIEW data_copy_attendance AS
      SELECT a.resident_id, a.session_id, o.title, v.name AS venue_name, v.address AS venue_address, s.starts_at,
             a.checked_in_at, a.checked_out_at, a.method, a.credited_minutes, a.latitude, a.longitude
        FROM attendance a
        JOIN offering_session s ON s.id = a.session_id
        JOIN offering o ON o.id = a.offering_id
        LEFT JOIN venue v ON v.id = o.venue_id`);
    await q.query(`DROP INDEX attendance_place_in_clear`);
    await q.query(`ALTER TABLE attendance DROP CONSTRAINT attendance_place_not_in_clear, DROP COLUMN place_sealed`);
  }
}
