import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 评选 ("selection"): 百姓学习之星 (star) and 终身学习品牌项目 (brand), once a year per area.
 * - selection_rule: the district's eligibility rules per kind (previous winners excluded for N
 *   years, minimum minutes of learning in the year, age bounds); a missing rule is no rule.
 * - selection: the area, year, quota, nomination window and 公示 dates; open → notice → final.
 * - selection_nomination: a resident (star) or a project (brand), who nominated it, the 事迹 and
 *   photos (uploads), the nominee's consent and the review. Nobody is selected without consent.
 * - selection_objection: 异议 sent from the public 公示 page, the contact encrypted, and the answer.
 * Read models: selection_resident (name, birth date, community, ranking opt-out), selection_learning
 * (minutes and records per resident and year), selection_area (names and paths), selection_school (a school's area).
 */
export class Selections1764810000000 implements MigrationInterface {
  name = 'Selections1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE selection_rule (
        district_id           integer     NOT NULL REFERENCES area (id),
        kind                  text        NOT NULL CONSTRAINT selection_rule_kind CHECK (kind IN ('star', 'brand')),
        exclude_winners_years integer     CONSTRAINT selection_rule_exclude CHECK (exclude_winners_years BETWEEN 1 AND 20),
        min_minutes           integer     CONSTRAINT selection_rule_minutes CHECK (min_minutes BETWEEN 0 AND 525600),
        min_age               integer     CONSTRAINT selection_rule_min_age CHECK (min_age BETWEEN 0 AND 120),
        max_age               integer     CONSTRAINT selection_rule_max_age CHECK (max_age BETWEEN 0 AND 120),
        updated_by            uuid        NOT NULL REFERENCES app_user (id),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, kind),
        CONSTRAINT selection_rule_age_order CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
      )`);
    await q.query(`
      CREATE TABLE selection (
        id             serial      PRIMARY KEY,
        area_id        integer     NOT NULL REFERENCES area (id),
        district_id    integer     NOT NULL REFERENCES area (id),
        kind           text        NOT NULL CONSTRAINT selection_kind CHECK (kind IN ('star', 'brand')),
        title          text        NOT NULL,
        year           integer     NOT NULL CONSTRAINT selection_year CHECK (year BETWEEN 2000 AND 2100),
        quota          integer     NOT NULL CONSTRAINT selection_quota CHECK (quota BETWEEN 1 AND 200),
        nominate_from  date        NOT NULL,
        nominate_until date        NOT NULL,
        notice_start   date        NOT NULL,
        notice_end     date        NOT NULL,
        status         text        NOT NULL DEFAULT 'open' CONSTRAINT selection_status CHECK (status IN ('open', 'notice', 'final')),
        created_by     uuid        NOT NULL REFERENCES app_user (id),
        created_at     timestamptz NOT NULL DEFAULT now(),
        finalised_at   timestamptz,
        finalised_by   uuid        REFERENCES app_user (id),
        CONSTRAINT selection_one_per_year UNIQUE (area_id, kind, year),
        CONSTRAINT selection_dates CHECK (nominate_from <= nominate_until AND nominate_until < notice_start AND notice_start <= notice_end),
        CONSTRAINT selection_final_at CHECK ((status = 'final') = (finalised_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX selection_notice_due_idx ON selection (notice_end) WHERE status = 'notice'`);
    await q.query(`
      CREATE TABLE selection_nomination (
        id               bigserial   PRIMARY KEY,
        selection_id     integer     NOT NULL REFERENCES selection (id),
        nominee_id       uuid        REFERENCES app_user (id),
        project_name     text,
        community_id     integer     NOT NULL REFERENCES area (id),
        nominated_by     uuid        NOT NULL REFERENCES app_user (id),
        nominator_kind   text        NOT NULL CONSTRAINT selection_nomination_nominator CHECK (nominator_kind IN ('self', 'community', 'school')),
        story            text        NOT NULL,
        photo_upload_ids uuid[]      NOT NULL DEFAULT '{}',
        consent          text        NOT NULL CONSTRAINT selection_nomination_consent CHECK (consent IN ('pending', 'given', 'declined', 'not_needed')),
        consent_at       timestamptz,
        status           text        NOT NULL DEFAULT 'pending' CONSTRAINT selection_nomination_status CHECK (status IN ('pending', 'selected', 'rejected', 'withdrawn')),
        reject_reason    text,
        reviewed_by      uuid        REFERENCES app_user (id),
        reviewed_at      timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT selection_nomination_subject CHECK ((nominee_id IS NULL) <> (project_name IS NULL)),
        CONSTRAINT selection_nomination_photos CHECK (cardinality(photo_upload_ids) <= 6),
        CONSTRAINT selection_nomination_consented CHECK (status <> 'selected' OR consent IN ('given', 'not_needed')),
        CONSTRAINT selection_nomination_reason CHECK (status NOT IN ('rejected', 'withdrawn') OR reject_reason IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX selection_nomination_once ON selection_nomination (selection_id, nominee_id) WHERE nominee_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX selection_nomination_project_once ON selection_nomination (selection_id, project_name) WHERE project_name IS NOT NULL`);
    await q.query(`CREATE INDEX selection_nomination_nominee_idx ON selection_nomination (nominee_id) WHERE nominee_id IS NOT NULL`);
    await q.query(`CREATE INDEX selection_nomination_nominator_idx ON selection_nomination (nominated_by)`);
    await q.query(`CREATE INDEX selection_nomination_photos_idx ON selection_nomination USING gin (photo_upload_ids)`);
    await q.query(`
      CREATE TABLE selection_objection (
        id            bigserial   PRIMARY KEY,
        selection_id  integer     NOT NULL REFERENCES selection (id),
        nomination_id bigint      NOT NULL REFERENCES selection_nomination (id),
        contact_enc   text        NOT NULL,
        reason        text        NOT NULL,
        address_hash  char(64)    NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        answer        text,
        upheld        boolean,
        answered_by   uuid        REFERENCES app_user (id),
        answered_at   timestamptz,
        CONSTRAINT selection_objection_answered CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (upheld IS NULL))
      )`);
    await q.query(`CREATE INDEX selection_objection_rate_idx ON selection_objection (selection_id, address_hash, created_at)`);
    await q.query(`
      CREATE VIEW selection_resident AS
      SELECT p.user_id, p.real_name, p.birth_date, p.community_id, p.ranking_opt_out, a.name AS community_name, a.path AS community_path
      FROM resident_profile p JOIN area a ON a.id = p.community_id`);
    await q.query(`
      CREATE VIEW selection_learning AS
      SELECT resident_id, date_part('year', occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
             sum(minutes)::int AS minutes, (count(*) FILTER (WHERE voids_id IS NULL) - count(*) FILTER (WHERE voids_id IS NOT NULL))::int AS records
      FROM learning_record GROUP BY resident_id, 2`);
    await q.query(`CREATE VIEW selection_area AS SELECT id, name, level, path FROM area`);
    await q.query(`CREATE VIEW selection_school AS SELECT s.id, s.area_id, a.path AS area_path FROM school s JOIN area a ON a.id = s.area_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW selection_school`);
    await q.query(`DROP VIEW selection_area`);
    await q.query(`DROP VIEW selection_learning`);
    await q.query(`DROP VIEW selection_resident`);
    await q.query(`DROP TABLE selection_objection`);
    await q.query(`DROP TABLE selection_nomination`);
    await q.query(`DROP TABLE selection`);
    await q.query(`DROP TABLE selection_rule`);
  }
}
