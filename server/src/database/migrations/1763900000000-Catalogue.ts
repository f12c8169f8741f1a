import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Courses, activities and micro-courses (offerings), their sessions and lessons, teachers,
 * enrollments with a waitlist, notifications, WeChat subscribe-message credits and reminders.
 */
export class Catalogue1763900000000 implements MigrationInterface {
  name = 'Catalogue1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Chinese has no spaces: index every pair of neighbouring characters (and latin words whole),
    // so a search for 手机 finds 智能手机入门班 through an ordinary GIN index, no extension needed.
    await q.query(`
      CREATE FUNCTION lp_bigrams(input text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        s text := lower(coalesce(input, ''));
        tokens text[] := ARRAY(SELECT m[1] FROM regexp_matches(s, '([a-z0-9]+)', 'g') AS m);
        run text;
      BEGIN
        FOR run IN SELECT m[1] FROM regexp_matches(s, '([\\u3400-\\u9fff]+)', 'g') AS m LOOP
          IF length(run) = 1 THEN
            tokens := tokens || run;
          ELSE
            FOR i IN 1 .. length(run) - 1 LOOP
              tokens := tokens || substr(run, i, 2);
            END LOOP;
          END IF;
        END LOOP;
        RETURN array_to_string(tokens, ' ');
      END $$`);
    // Great-circle distance in metres; enough for a district (error well under 0.5%).
    await q.query(`
      CREATE FUNCTION lp_distance_m(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
      RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT 12742000 * asin(sqrt(
          power(sin(radians(lat2 - lat1) / 2), 2)
          + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2)))
      $$`);

    await q.query(`CREATE TYPE offering_kind AS ENUM ('course', 'activity', 'micro_course')`);
    await q.query(`CREATE TYPE offering_status AS ENUM ('draft', 'pending_review', 'published', 'cancelled', 'finished')`);
    await q.query(`CREATE TYPE offering_category AS ENUM (
      'senior_education', 'vocational_skills', 'family_education', 'traditional_culture', 'popular_science',
      'health', 'arts_sports', 'digital_literacy', 'theory')`);

    await q.query(`
      CREATE TABLE offering (
        id                           serial PRIMARY KEY,
        kind                         offering_kind     NOT NULL,
        title                        varchar(60)       NOT NULL CHECK (length(btrim(title)) >= 2),
        description                  text              NOT NULL CHECK (length(description) <= 5000),
        cover_url                    varchar(500)      CHECK (cover_url ~ '^https://'),
        category                     offering_category NOT NULL,
        target_groups                text[]            NOT NULL DEFAULT '{}',
        restricted_to_target_groups  boolean           NOT NULL DEFAULT false,
        highlight                    varchar(16)       CHECK (highlight IN ('learning_week', 'open_day')),
        area_id                      integer           NOT NULL REFERENCES area (id),
        school_id                    integer           NOT NULL REFERENCES school (id),
        venue_id                     integer           REFERENCES venue (id),
        author_id                    uuid              NOT NULL REFERENCES app_user (id),
        capacity                     integer           NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
        enrolled_count               integer           NOT NULL DEFAULT 0,
        waitlist_count               integer           NOT NULL DEFAULT 0 CHECK (waitlist_count >= 0),
        enroll_opens_at              timestamptz       NOT NULL,
        enroll_closes_at             timestamptz       NOT NULL,
        -- first session's start (micro-courses: when published) and last session's end (micro-courses: never)
        starts_at                    timestamptz,
        ends_at                      timestamptz,
        session_count                integer           NOT NULL DEFAULT 0,
        status                       offering_status   NOT NULL DEFAULT 'draft',
        review_note                  varchar(500),
        submitted_at                 timestamptz,
        published_at                 timestamptz,
        reviewed_by                  uuid              REFERENCES app_user (id),
        cancel_reason                varchar(500),
        search                       tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', lp_bigrams(title)), 'A')
          || setweight(to_tsvector('simple', lp_bigrams(description)), 'B')) STORED,
        created_at                   timestamptz       NOT NULL DEFAULT now(),
        updated_at                   timestamptz       NOT NULL DEFAULT now(),
        -- never more residents enrolled than places, whatever the code does
        CONSTRAINT offering_within_capacity CHECK (enrolled_count BETWEEN 0 AND capacity),
        CONSTRAINT offering_window_order CHECK (enroll_closes_at > enroll_opens_at),
        CONSTRAINT offering_micro_course_online CHECK (kind <> 'micro_course' OR venue_id IS NULL),
        CONSTRAINT offering_restriction_names_groups CHECK (NOT restricted_to_target_groups OR cardinality(target_groups) > 0),
        CONSTRAINT offering_target_groups_known CHECK (target_groups <@ ARRAY[
          'seniors', 'minors', 'employed', 'migrant_worker', 'unemployed', 'farmer', 'disabled', 'families']::text[]),
        CONSTRAINT offering_published_has_schedule CHECK (status IN ('draft', 'pending_review') OR starts_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX offering_listing_idx ON offering (starts_at, id) WHERE status = 'published'`);
    await q.query(`CREATE INDEX offering_search_idx ON offering USING gin (search)`);
    await q.query(`CREATE INDEX offering_area_idx ON offering (area_id)`);
    await q.query(`CREATE INDEX offering_school_idx ON offering (school_id, updated_at DESC)`);
    // near-me listing: each venue's open offerings, soonest first
    await q.query(`CREATE INDEX offering_venue_time_idx ON offering (venue_id, starts_at, id) WHERE status = 'published'`);
    await q.query(`CREATE INDEX offering_review_idx ON offering (submitted_at) WHERE status = 'pending_review'`);

    await q.query(`
      CREATE TABLE offering_session (
        id             serial PRIMARY KEY,
        offering_id    integer      NOT NULL REFERENCES offering (id) ON DELETE CASCADE,
        seq            smallint     NOT NULL CHECK (seq >= 1),
        starts_at      timestamptz  NOT NULL,
        ends_at        timestamptz  NOT NULL,
        minutes        integer      NOT NULL CHECK (minutes BETWEEN 1 AND 720),
        cancelled_at   timestamptz,
        cancel_reason  varchar(500),
        CONSTRAINT offering_session_seq_key UNIQUE (offering_id, seq),
        CONSTRAINT offering_session_span CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '12 hours'),
        CONSTRAINT offering_session_cancel_pair CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX offering_session_time_idx ON offering_session (starts_at)`);

    await q.query(`
      CREATE TABLE offering_lesson (
        id                serial PRIMARY KEY,
        offering_id       integer      NOT NULL REFERENCES offering (id) ON DELETE CASCADE,
        seq               smallint     NOT NULL CHECK (seq >= 1),
        title             varchar(60)  NOT NULL,
        video_url         varchar(500) NOT NULL CHECK (video_url ~ '^https://'),
        duration_seconds  integer      NOT NULL CHECK (duration_seconds BETWEEN 1 AND 14400),
        minutes           integer      NOT NULL CHECK (minutes BETWEEN 1 AND 240),
        CONSTRAINT offering_lesson_seq_key UNIQUE (offering_id, seq)
      )`);

    await q.query(`
      CREATE TABLE offering_teacher (
        offering_id  integer NOT NULL REFERENCES offering (id) ON DELETE CASCADE,
        teacher_id   uuid    NOT NULL REFERENCES app_user (id),
        CONSTRAINT offering_teacher_pkey PRIMARY KEY (offering_id, teacher_id)
      )`);
    await q.query(`CREATE INDEX offering_teacher_teacher_idx ON offering_teacher (teacher_id)`);

    await q.query(`
      CREATE TABLE teacher_profile (
        user_id      uuid        PRIMARY KEY REFERENCES app_user (id),
        specialties  text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(specialties) <= 10),
        bio          text        NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`CREATE TYPE enrollment_status AS ENUM ('enrolled', 'waitlisted', 'cancelled')`);
    await q.query(`CREATE SEQUENCE enrollment_waitlist_seq`);
    await q.query(`
      CREATE TABLE enrollment (
        id            bigserial PRIMARY KEY,
        offering_id   integer           NOT NULL REFERENCES offering (id),
        resident_id   uuid              NOT NULL REFERENCES app_user (id),
        status        enrollment_status NOT NULL,
        -- arrival order on the waitlist; only while waitlisted
        waitlist_seq  bigint,
        created_at    timestamptz       NOT NULL DEFAULT now(),
        promoted_at   timestamptz,
        cancelled_at  timestamptz,
        CONSTRAINT enrollment_waitlist_seq_pair CHECK ((status = 'waitlisted') = (waitlist_seq IS NOT NULL)),
        CONSTRAINT enrollment_cancelled_pair CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    // one live enrollment per resident per offering; cancelled ones stay as history
    await q.query(`CREATE UNIQUE INDEX enrollment_active_key ON enrollment (offering_id, resident_id) WHERE status <> 'cancelled'`);
    await q.query(`CREATE INDEX enrollment_waitlist_idx ON enrollment (offering_id, waitlist_seq) WHERE status = 'waitlisted'`);
    await q.query(`CREATE INDEX enrollment_resident_idx ON enrollment (resident_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE notification (
        id           bigserial PRIMARY KEY,
        user_id      uuid          NOT NULL REFERENCES app_user (id),
        title        varchar(100)  NOT NULL,
        body         varchar(1000) NOT NULL,
        offering_id  integer       REFERENCES offering (id),
        created_at   timestamptz   NOT NULL DEFAULT now(),
        read_at      timestamptz
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);

    // WeChat subscribe messages are one-time: each acceptance allows one message.
    await q.query(`
      CREATE TABLE subscribe_credit (
        user_id      uuid        NOT NULL REFERENCES app_user (id),
        template_id  varchar(64) NOT NULL,
        remaining    integer     NOT NULL CHECK (remaining BETWEEN 0 AND 1000),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subscribe_credit_pkey PRIMARY KEY (user_id, template_id)
      )`);
    await q.query(`
      CREATE TABLE reminder_delivery (
        id           bigserial PRIMARY KEY,
        session_id   integer     NOT NULL REFERENCES offering_session (id),
        user_id      uuid        NOT NULL REFERENCES app_user (id),
        status       varchar(16) NOT NULL CHECK (status IN ('sent', 'failed', 'skipped')),
        detail       varchar(200),
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminder_delivery_once UNIQUE (session_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_delivery`);
    await q.query(`DROP TABLE subscribe_credit`);
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE enrollment`);
    await q.query(`DROP SEQUENCE enrollment_waitlist_seq`);
    await q.query(`DROP TYPE enrollment_status`);
    await q.query(`DROP TABLE teacher_profile`);
    await q.query(`DROP TABLE offering_teacher`);
    await q.query(`DROP TABLE offering_lesson`);
    await q.query(`DROP TABLE offering_session`);
    await q.query(`DROP TABLE offering`);
    await q.query(`DROP TYPE offering_category`);
    await q.query(`DROP TYPE offering_status`);
    await q.query(`DROP TYPE offering_kind`);
    await q.query(`DROP FUNCTION lp_distance_m(double precision, double precision, double precision, double precision)`);
    await q.query(`DROP FUNCTION lp_bigrams(text)`);
  }
}
