import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Check-in: each offering's check-in settings, each session's signing secret and close,
 * attendance (once per resident per session), and the learning records that closing a
 * session hands to the credit bank.
 */
export class Attendance1764000000000 implements MigrationInterface {
  name = 'Attendance1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE offering
        ADD COLUMN allow_walk_in          boolean     NOT NULL DEFAULT false,
        ADD COLUMN requires_check_out     boolean     NOT NULL DEFAULT false,
        ADD COLUMN geofence_policy        varchar(8)  NOT NULL DEFAULT 'off' CHECK (geofence_policy IN ('off', 'reject', 'flag')),
        ADD COLUMN geofence_radius_m      integer     NOT NULL DEFAULT 300 CHECK (geofence_radius_m BETWEEN 50 AND 5000),
        ADD COLUMN check_in_opens_minutes integer     NOT NULL DEFAULT 30 CHECK (check_in_opens_minutes BETWEEN 0 AND 240)`);
    await q.query(`
      ALTER TABLE offering_session
        ADD COLUMN checkin_secret bytea CHECK (octet_length(checkin_secret) = 32),
        ADD COLUMN closed_at      timestamptz,
        ADD COLUMN closed_by      uuid REFERENCES app_user (id)`);
    await q.query(`CREATE INDEX offering_session_unclosed_idx ON offering_session (ends_at) WHERE closed_at IS NULL AND cancelled_at IS NULL`);

    await q.query(`
      CREATE TABLE attendance (
        id                bigserial PRIMARY KEY,
        session_id        integer      NOT NULL REFERENCES offering_session (id),
        offering_id       integer      NOT NULL REFERENCES offering (id),
        resident_id       uuid         NOT NULL REFERENCES app_user (id),
        method            varchar(8)   NOT NULL CHECK (method IN ('scan', 'code', 'proxy')),
        -- the server's time; for an offline scan, the start of the QR window it was scanned in
        checked_in_at     timestamptz  NOT NULL,
        received_at       timestamptz  NOT NULL DEFAULT now(),
        offline           boolean      NOT NULL DEFAULT false,
        walk_in           boolean      NOT NULL DEFAULT false,
        proxy_by          uuid         REFERENCES app_user (id),
        proxy_lookup      varchar(16)  CHECK (proxy_lookup IN ('phone', 'id_number', 'learner_code')),
        flag_reason       varchar(100),
        latitude          double precision,
        longitude         double precision,
        accuracy_m        double precision,
        checked_out_at    timestamptz,
        credited_minutes  integer      CHECK (credited_minutes >= 0),
        -- one attendance per resident per session: scanning twice never counts twice
        CONSTRAINT attendance_once UNIQUE (session_id, resident_id),
        CONSTRAINT attendance_proxy_pair CHECK ((method = 'proxy') = (proxy_by IS NOT NULL) AND (proxy_by IS NULL) = (proxy_lookup IS NULL)),
        CONSTRAINT attendance_out_after_in CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at)
      )`);
    await q.query(`CREATE INDEX attendance_resident_idx ON attendance (resident_id, checked_in_at DESC)`);
    await q.query(`CREATE INDEX attendance_proxy_idx ON attendance (received_at DESC) WHERE proxy_by IS NOT NULL`);

    await q.query(`CREATE TYPE learning_source AS ENUM ('attendance', 'online_lesson', 'certification', 'admin_import')`);
    await q.query(`
      CREATE TABLE learning_record (
        id            bigserial PRIMARY KEY,
        resident_id   uuid              NOT NULL REFERENCES app_user (id),
        source        learning_source   NOT NULL,
        -- what caused it, e.g. 'attendance:42': a source hands each outcome over once
        source_ref    varchar(64)       NOT NULL,
        category      offering_category NOT NULL,
        minutes       integer           NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
        occurred_at   timestamptz       NOT NULL,
        -- the resident's community when they learned: statistics count them there
        area_id       integer           NOT NULL REFERENCES area (id),
        offering_id   integer           REFERENCES offering (id),
        evidence      varchar(500),
        created_at    timestamptz       NOT NULL DEFAULT now(),
        CONSTRAINT learning_record_source_once UNIQUE (source, source_ref)
      )`);
    await q.query(`CREATE INDEX learning_record_resident_idx ON learning_record (resident_id, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE learning_record`);
    await q.query(`DROP TYPE learning_source`);
    await q.query(`DROP TABLE attendance`);
    await q.query(`DROP INDEX offering_session_unclosed_idx`);
    await q.query(`ALTER TABLE offering_session DROP COLUMN closed_by, DROP COLUMN closed_at, DROP COLUMN checkin_secret`);
    await q.query(`ALTER TABLE offering DROP COLUMN check_in_opens_minutes, DROP COLUMN geofence_radius_m, DROP COLUMN geofence_policy, DROP COLUMN requires_check_out, DROP COLUMN allow_walk_in`);
  }
}
