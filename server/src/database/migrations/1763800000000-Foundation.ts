import { MigrationInterface, QueryRunner } from 'typeorm';

/** Areas, population, schools, venues, accounts, resident profiles, refresh tokens, audit trail. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE area_level AS ENUM ('district', 'street', 'community')`);
    await q.query(`
      CREATE TABLE area (
        id          serial PRIMARY KEY,
        code        varchar(32)  NOT NULL,
        name        varchar(64)  NOT NULL,
        level       area_level   NOT NULL,
        parent_id   integer      REFERENCES area (id),
        -- ids from the root down, e.g. '/1/4/17/': a subtree is a prefix match
        path        text         NOT NULL,
        is_rural    boolean      NOT NULL DEFAULT false,
        latitude    double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude   double precision CHECK (longitude BETWEEN -180 AND 180),
        created_at  timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT area_code_key UNIQUE (code),
        CONSTRAINT area_path_key UNIQUE (path),
        CONSTRAINT area_id_level_key UNIQUE (id, level),
        CONSTRAINT area_root_is_district CHECK ((level = 'district') = (parent_id IS NULL)),
        CONSTRAINT area_path_shape CHECK (path ~ '^(/[0-9]+)+/$')
      )`);
    await q.query(`CREATE INDEX area_parent_idx ON area (parent_id)`);
    await q.query(`CREATE INDEX area_path_prefix_idx ON area (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE area_population (
        area_id          integer     NOT NULL REFERENCES area (id),
        year             smallint    NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        resident_total   integer     NOT NULL CHECK (resident_total >= 0),
        aged_60_plus     integer     NOT NULL CHECK (aged_60_plus >= 0),
        under_18         integer     NOT NULL CHECK (under_18 >= 0),
        employed         integer     NOT NULL CHECK (employed >= 0),
        migrant_workers  integer     NOT NULL CHECK (migrant_workers >= 0),
        unemployed       integer     NOT NULL CHECK (unemployed >= 0),
        rural_labor      integer     NOT NULL CHECK (rural_labor >= 0),
        updated_by       uuid,
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT area_population_pkey PRIMARY KEY (area_id, year),
        CONSTRAINT area_population_groups_within_total CHECK (
          aged_60_plus <= resident_total AND under_18 <= resident_total AND employed <= resident_total
          AND migrant_workers <= resident_total AND unemployed <= resident_total AND rural_labor <= resident_total
          AND aged_60_plus + under_18 <= resident_total)
      )`);

    await q.query(
      `CREATE TYPE school_type AS ENUM ('community_college', 'street_school', 'citizen_school', 'senior_university')`,
    );
    await q.query(`
      CREATE TABLE school (
        id          serial PRIMARY KEY,
        name        varchar(64) NOT NULL,
        type        school_type NOT NULL,
        area_id     integer     NOT NULL REFERENCES area (id),
        address     varchar(200),
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT school_name_key UNIQUE (name)
      )`);
    await q.query(`CREATE INDEX school_area_idx ON school (area_id)`);

    await q.query(`
      CREATE TABLE venue (
        id          serial PRIMARY KEY,
        name        varchar(64)      NOT NULL,
        address     varchar(200)     NOT NULL,
        latitude    double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude   double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        capacity    integer          NOT NULL CHECK (capacity > 0),
        area_id     integer          NOT NULL REFERENCES area (id),
        school_id   integer          REFERENCES school (id),
        created_at  timestamptz      NOT NULL DEFAULT now(),
        CONSTRAINT venue_area_name_key UNIQUE (area_id, name)
      )`);
    await q.query(`CREATE INDEX venue_area_idx ON venue (area_id)`);
    await q.query(`
      CREATE TABLE venue_room (
        id        serial PRIMARY KEY,
        venue_id  integer     NOT NULL REFERENCES venue (id) ON DELETE CASCADE,
        name      varchar(64) NOT NULL,
        capacity  integer     NOT NULL CHECK (capacity > 0),
        CONSTRAINT venue_room_name_key UNIQUE (venue_id, name)
      )`);

    await q.query(`CREATE TYPE user_role AS ENUM ('resident', 'teacher', 'admin', 'super_admin')`);
    await q.query(`
      CREATE TABLE app_user (
        id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        role            user_role   NOT NULL,
        display_name    varchar(64) NOT NULL,
        wechat_openid   varchar(64),
        wechat_unionid  varchar(64),
        username        varchar(64),
        password_hash   text,
        school_id       integer     REFERENCES school (id),
        area_id         integer     REFERENCES area (id),
        is_demo         boolean     NOT NULL DEFAULT false,
        disabled_at     timestamptz,
        last_login_at   timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_wechat_openid_key UNIQUE (wechat_openid),
        CONSTRAINT app_user_username_key UNIQUE (username),
        CONSTRAINT app_user_teacher_has_school CHECK (role <> 'teacher' OR school_id IS NOT NULL),
        CONSTRAINT app_user_admin_has_area CHECK (role NOT IN ('admin', 'super_admin') OR area_id IS NOT NULL),
        CONSTRAINT app_user_username_has_password CHECK ((username IS NULL) = (password_hash IS NULL)),
        CONSTRAINT app_user_can_log_in CHECK (wechat_openid IS NOT NULL OR username IS NOT NULL OR is_demo)
      )`);

    await q.query(`
      CREATE TABLE resident_profile (
        user_id          uuid         PRIMARY KEY REFERENCES app_user (id),
        real_name        varchar(32)  NOT NULL CHECK (length(btrim(real_name)) > 0),
        phone_enc        text         NOT NULL,
        phone_hash       char(64)     NOT NULL,
        id_number_enc    text,
        id_number_hash   char(64),
        birth_date       date         NOT NULL CHECK (birth_date >= '1900-01-01'),
        community_id     integer      NOT NULL,
        community_level  area_level   NOT NULL DEFAULT 'community' CHECK (community_level = 'community'),
        groups           text[]       NOT NULL DEFAULT '{}',
        bound_at         timestamptz  NOT NULL DEFAULT now(),
        updated_at       timestamptz  NOT NULL DEFAULT now(),
        -- a resident's home is always a 社区/村, never a 街道 or the district
        CONSTRAINT resident_profile_community_fkey FOREIGN KEY (community_id, community_level)
          REFERENCES area (id, level),
        CONSTRAINT resident_profile_phone_hash_key UNIQUE (phone_hash),
        CONSTRAINT resident_profile_id_number_hash_key UNIQUE (id_number_hash),
        CONSTRAINT resident_profile_id_number_pair CHECK ((id_number_enc IS NULL) = (id_number_hash IS NULL)),
        CONSTRAINT resident_profile_groups_known CHECK (groups <@ ARRAY[
          'employed', 'migrant_worker', 'unemployed', 'farmer', 'disabled', 'enterprise_employee']::text[])
      )`);
    await q.query(`CREATE INDEX resident_profile_community_idx ON resident_profile (community_id)`);

    await q.query(`
      CREATE TABLE refresh_token (
        id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id      uuid        NOT NULL REFERENCES app_user (id),
        -- all tokens issued from one login share a family; reuse of a spent token revokes the family
        family_id    uuid        NOT NULL,
        token_hash   char(64)    NOT NULL,
        expires_at   timestamptz NOT NULL,
        used_at      timestamptz,
        revoked_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_token_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
    await q.query(`CREATE INDEX refresh_token_user_idx ON refresh_token (user_id)`);

    await q.query(`
      CREATE TABLE audit_event (
        id           bigserial   PRIMARY KEY,
        actor_id     uuid        REFERENCES app_user (id),
        action       varchar(64) NOT NULL,
        target_type  varchar(32) NOT NULL,
        target_id    varchar(64) NOT NULL,
        area_id      integer     REFERENCES area (id),
        details      jsonb       NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_event_area_time_idx ON audit_event (area_id, created_at)`);
    await q.query(`CREATE INDEX audit_event_target_idx ON audit_event (target_type, target_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE resident_profile`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TYPE user_role`);
    await q.query(`DROP TABLE venue_room`);
    await q.query(`DROP TABLE venue`);
    await q.query(`DROP TABLE school`);
    await q.query(`DROP TYPE school_type`);
    await q.query(`DROP TABLE area_population`);
    await q.query(`DROP TABLE area`);
    await q.query(`DROP TYPE area_level`);
  }
}
