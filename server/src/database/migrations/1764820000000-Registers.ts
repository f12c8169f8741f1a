import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registers of 志愿者 and 成人教育工作者 (server/src/registers): who is in them, their 档案, the
 * service minutes volunteers gave to activities and the continuing-education minutes of workers, and
 * the minutes a worker needs in a year. Statistics reads the workers' register through its own views
 * (成人教育专职工作者 and 成人教育工作者继续教育参与率); the teacher accounts it counted before go.
 */
export class Registers1764820000000 implements MigrationInterface {
  name = 'Registers1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE volunteer (
        id            serial       PRIMARY KEY,
        user_id       uuid         NOT NULL REFERENCES app_user (id),
        area_id       integer      NOT NULL REFERENCES area (id),
        skills        text[]       NOT NULL DEFAULT '{}' CHECK (cardinality(skills) <= 10),
        intro         varchar(200) NOT NULL DEFAULT '',
        status        varchar(8)   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'left')),
        joined_by     varchar(8)   NOT NULL CHECK (joined_by IN ('self', 'admin')),
        enrolled_by   uuid         REFERENCES app_user (id),
        joined_on     date         NOT NULL,
        created_at    timestamptz  NOT NULL DEFAULT now(),
        updated_at    timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT volunteer_enrolled_by_admin CHECK ((joined_by = 'admin') = (enrolled_by IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX volunteer_one_per_resident ON volunteer (user_id)`);
    await q.query(`CREATE INDEX volunteer_area ON volunteer (area_id)`);
    await q.query(`
      CREATE TABLE volunteer_service (
        id            serial       PRIMARY KEY,
        volunteer_id  integer      NOT NULL REFERENCES volunteer (id),
        offering_id   integer      NOT NULL REFERENCES offering (id),
        session_id    integer      REFERENCES offering_session (id),
        served_on     date         NOT NULL,
        minutes       integer      NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
        duty          varchar(40)  NOT NULL CHECK (length(btrim(duty)) > 0),
        recorded_by   uuid         NOT NULL REFERENCES app_user (id),
        recorded_at   timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX volunteer_service_volunteer ON volunteer_service (volunteer_id, served_on)`);
    // one entry per volunteer and session: helping at the same session twice is one entry
    await q.query(`CREATE UNIQUE INDEX volunteer_service_once_per_session ON volunteer_service (volunteer_id, session_id) WHERE session_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE education_worker (
        id              serial       PRIMARY KEY,
        name            varchar(32)  NOT NULL CHECK (length(btrim(name)) > 0),
        phone_enc       text         NOT NULL,
        phone_hash      char(64)     NOT NULL,
        kind            varchar(10)  NOT NULL CHECK (kind IN ('full_time', 'part_time')),
        area_id         integer      NOT NULL REFERENCES area (id),
        school_id       integer      REFERENCES school (id),
        qualifications  text[]       NOT NULL DEFAULT '{}' CHECK (cardinality(qualifications) <= 10),
        joined_on       date         NOT NULL,
        left_on         date,
        created_at      timestamptz  NOT NULL DEFAULT now(),
        updated_at      timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT education_worker_left_after_joined CHECK (left_on IS NULL OR left_on >= joined_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX education_worker_phone ON education_worker (phone_hash)`);
    await q.query(`CREATE INDEX education_worker_area ON education_worker (area_id)`);
    await q.query(`CREATE INDEX education_worker_school ON education_worker (school_id)`);
    await q.query(`
      CREATE TABLE education_worker_training (
        id           serial       PRIMARY KEY,
        worker_id    integer      NOT NULL REFERENCES education_worker (id),
        trained_on   date         NOT NULL,
        minutes      integer      NOT NULL CHECK (minutes > 0 AND minutes <= 6000),
        what         varchar(60)  NOT NULL CHECK (length(btrim(what)) > 0),
        recorded_by  uuid         NOT NULL REFERENCES app_user (id),
        recorded_at  timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX education_worker_training_worker ON education_worker_training (worker_id, trained_on)`);
    await q.query(`
      CREATE TABLE education_training_requirement (
        year             smallint     PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        required_minutes integer      NOT NULL CHECK (required_minutes > 0 AND required_minutes <= 60000),
        set_by           uuid         NOT NULL REFERENCES app_user (id),
        set_at           timestamptz  NOT NULL DEFAULT now()
      )`);

    // the registers' own read model of the area tree: scope checks and lists by subtree
    await q.query(`CREATE VIEW register_area AS SELECT id, name, level, path FROM area`);
    // statistics: the workers' register by node, their yearly training minutes, the requirement
    await q.query(`
      CREATE VIEW stats_education_worker AS
      SELECT w.id, w.kind, a.path AS area_path, w.joined_on, w.left_on
      FROM education_worker w
      JOIN area a ON a.id = w.area_id`);
    await q.query(`
      CREATE VIEW stats_worker_training AS
      SELECT worker_id, extract(year FROM trained_on)::int AS year, sum(minutes)::int AS minutes
      FROM education_worker_training
      GROUP BY worker_id, extract(year FROM trained_on)`);
    await q.query(`CREATE VIEW stats_training_requirement AS SELECT year, required_minutes FROM education_training_requirement`);
    await q.query(`DROP VIEW stats_teacher`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW stats_teacher AS
      SELECT u.id, a.path AS area_path
      FROM app_user u
      JOIN school s ON s.id = u.school_id
      JOIN area a ON a.id = s.area_id
      WHERE u.role = 'teacher' AND u.disabled_at IS NULL`);
    for (const view of ['stats_training_requirement', 'stats_worker_training', 'stats_education_worker', 'register_area']) {
      await q.query(`DROP VIEW ${view}`);
    }
    for (const table of ['education_training_requirement', 'education_worker_training', 'education_worker', 'volunteer_service', 'volunteer']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
