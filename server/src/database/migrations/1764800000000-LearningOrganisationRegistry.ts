import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 学习型组织 and 学习型社团 registry (issue 17): an organisation of one kind in one area node,
 * with its members and plan; its assessments against the district's criteria per kind; the spells
 * of its recognition (认定), reviewed yearly and ended when a review is missed; for 社团 the
 * subsidies received and the activities they run. The statistics read recognised organisations
 * through the view stats_learning_organisation.
 */
export class LearningOrganisationRegistry1764800000000 implements MigrationInterface {
  name = 'LearningOrganisationRegistry1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const kinds = `('agency', 'enterprise', 'community', 'family', 'society', 'party', 'school')`;
    await q.query(`
      CREATE TABLE learning_org (
        id                 bigserial    PRIMARY KEY,
        area_id            integer      NOT NULL REFERENCES area (id),
        kind               varchar(16)  NOT NULL CHECK (kind IN ${kinds}),
        name               varchar(60)  NOT NULL CHECK (length(btrim(name)) >= 2),
        contact_name       varchar(20)  NOT NULL CHECK (length(btrim(contact_name)) >= 1),
        contact_phone_enc  text         NOT NULL,
        members            jsonb        NOT NULL CHECK (jsonb_typeof(members) = 'array' AND jsonb_array_length(members) BETWEEN 1 AND 200),
        plan               text         NOT NULL CHECK (length(plan) BETWEEN 10 AND 2000),
        status             varchar(12)  NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'returned', 'recognised', 'lapsed')),
        return_reason      varchar(200),
        registered_by      uuid         NOT NULL REFERENCES app_user (id),
        created_at         timestamptz  NOT NULL DEFAULT now(),
        updated_at         timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT learning_org_returned_has_reason CHECK ((status = 'returned') = (return_reason IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX learning_org_name_unique ON learning_org (area_id, kind, name)`);
    await q.query(`CREATE INDEX learning_org_area_status ON learning_org (area_id, status)`);
    await q.query(`CREATE INDEX learning_org_registered_by ON learning_org (registered_by)`);

    // one spell per recognition: from 认定 to the day it lapsed (null while it holds)
    await q.query(`
      CREATE TABLE learning_org_recognition (
        id               bigserial  PRIMARY KEY,
        organisation_id  bigint     NOT NULL REFERENCES learning_org (id),
        recognised_on    date       NOT NULL,
        last_reviewed_on date       NOT NULL,
        ended_on         date,
        CONSTRAINT learning_org_recognition_order CHECK (last_reviewed_on >= recognised_on AND (ended_on IS NULL OR ended_on > last_reviewed_on))
      )`);
    await q.query(`CREATE UNIQUE INDEX learning_org_recognition_one_open ON learning_org_recognition (organisation_id) WHERE ended_on IS NULL`);
    await q.query(`CREATE INDEX learning_org_recognition_of ON learning_org_recognition (organisation_id)`);

    await q.query(`
      CREATE TABLE learning_org_assessment (
        id               bigserial    PRIMARY KEY,
        organisation_id  bigint       NOT NULL REFERENCES learning_org (id),
        assessor_id      uuid         NOT NULL REFERENCES app_user (id),
        outcome          varchar(12)  NOT NULL CHECK (outcome IN ('recognised', 'returned', 'reviewed')),
        scores           jsonb        NOT NULL CHECK (jsonb_typeof(scores) = 'array'),
        comment          varchar(200) NOT NULL,
        created_at       timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX learning_org_assessment_of ON learning_org_assessment (organisation_id, created_at)`);

    await q.query(`
      CREATE TABLE learning_org_criterion (
        id           serial       PRIMARY KEY,
        district_id  integer      NOT NULL REFERENCES area (id),
        kind         varchar(16)  NOT NULL CHECK (kind IN ${kinds}),
        position     smallint     NOT NULL CHECK (position >= 0),
        title        varchar(60)  NOT NULL CHECK (length(btrim(title)) >= 2),
        max_score    smallint     NOT NULL CHECK (max_score BETWEEN 1 AND 100),
        CONSTRAINT learning_org_criterion_position UNIQUE (district_id, kind, position)
      )`);

    await q.query(`
      CREATE TABLE learning_org_setting (
        district_id   integer   PRIMARY KEY REFERENCES area (id),
        review_month  smallint  NOT NULL CHECK (review_month BETWEEN 1 AND 12),
        review_day    smallint  NOT NULL CHECK (review_day BETWEEN 1 AND 31),
        updated_by    uuid      NOT NULL REFERENCES app_user (id),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE learning_org_subsidy (
        id               bigserial    PRIMARY KEY,
        organisation_id  bigint       NOT NULL REFERENCES learning_org (id),
        amount_fen       bigint       NOT NULL CHECK (amount_fen BETWEEN 1 AND 100000000),
        granted_on       date         NOT NULL,
        source           varchar(60)  NOT NULL CHECK (length(btrim(source)) >= 2),
        recorded_by      uuid         NOT NULL REFERENCES app_user (id),
        created_at       timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX learning_org_subsidy_of ON learning_org_subsidy (organisation_id, granted_on)`);

    await q.query(`
      CREATE TABLE learning_org_activity (
        organisation_id  bigint      NOT NULL REFERENCES learning_org (id),
        offering_id      integer     NOT NULL REFERENCES offering (id),
        linked_by        uuid        NOT NULL REFERENCES app_user (id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, offering_id)
      )`);

    // read models of the registry: the area tree, staff names and offerings it shows
    await q.query(`CREATE VIEW learning_org_area AS SELECT id, name, level, path, parent_id FROM area`);
    await q.query(`CREATE VIEW learning_org_staff AS SELECT id, display_name FROM app_user`);
    await q.query(`
      CREATE VIEW learning_org_offering AS
      SELECT o.id, o.title, o.starts_at, a.path AS area_path FROM offering o JOIN area a ON a.id = o.area_id`);
    // the statistics: recognition spells with the path of the organisation's area
    await q.query(`
      CREATE VIEW stats_learning_organisation AS
      SELECT r.organisation_id, r.recognised_on, r.ended_on, a.path AS area_path
        FROM learning_org_recognition r
        JOIN learning_org o ON o.id = r.organisation_id
        JOIN area a ON a.id = o.area_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['stats_learning_organisation', 'learning_org_offering', 'learning_org_staff', 'learning_org_area']) await q.query(`DROP VIEW ${view}`);
    for (const table of [
      'learning_org_activity',
      'learning_org_subsidy',
      'learning_org_setting',
      'learning_org_criterion',
      'learning_org_assessment',
      'learning_org_recognition',
      'learning_org',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
