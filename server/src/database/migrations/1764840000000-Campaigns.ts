import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 活动周 and 开放日 as campaigns (issue 17): a campaign of an area node and a year groups published
 * offerings under a landing page. The district keeps its 开放日 date rule (campaign_rule) and may
 * set a year's day by hand (campaign_rule_year); a campaign that follows the rule has its dates
 * rewritten when either changes. The figures read sessions, attendance and learning records
 * through the campaign_* views.
 */
export class Campaigns1764840000000 implements MigrationInterface {
  name = 'Campaigns1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign (
        id            serial       PRIMARY KEY,
        area_id       integer      NOT NULL REFERENCES area (id),
        kind          varchar(16)  NOT NULL CHECK (kind IN ('learning_week', 'open_day', 'other')),
        title         varchar(40)  NOT NULL CHECK (length(btrim(title)) >= 2),
        description   text         NOT NULL CHECK (length(description) <= 2000),
        year          smallint     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        starts_on     date         NOT NULL,
        ends_on       date         NOT NULL,
        follows_rule  boolean      NOT NULL DEFAULT false,
        status        varchar(12)  NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        created_by    uuid         NOT NULL REFERENCES app_user (id),
        created_at    timestamptz  NOT NULL DEFAULT now(),
        updated_at    timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT campaign_dates CHECK (ends_on >= starts_on AND ends_on - starts_on <= 60),
        CONSTRAINT campaign_dates_in_year CHECK (extract(year FROM starts_on) = year),
        CONSTRAINT campaign_rule_only_open_day CHECK (NOT follows_rule OR (kind = 'open_day' AND starts_on = ends_on))
      )`);
    await q.query(`CREATE INDEX campaign_area_year ON campaign (area_id, year)`);
    await q.query(`CREATE INDEX campaign_published_dates ON campaign (ends_on) WHERE status = 'published'`);

    await q.query(`
      CREATE TABLE campaign_activity (
        campaign_id  integer      NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
        offering_id  integer      NOT NULL REFERENCES offering (id),
        added_by     uuid         NOT NULL REFERENCES app_user (id),
        created_at   timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, offering_id)
      )`);
    await q.query(`CREATE INDEX campaign_activity_offering ON campaign_activity (offering_id)`);

    await q.query(`
      CREATE TABLE campaign_rule (
        district_id  integer      PRIMARY KEY REFERENCES area (id),
        kind         varchar(16)  NOT NULL CHECK (kind IN ('nth_weekday', 'week_of_month')),
        month        smallint     NOT NULL CHECK (month BETWEEN 1 AND 12),
        n            smallint     NOT NULL CHECK (n BETWEEN 1 AND 4),
        weekday      smallint     NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        updated_by   uuid         NOT NULL REFERENCES app_user (id),
        updated_at   timestamptz  NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE campaign_rule_year (
        district_id  integer      NOT NULL REFERENCES area (id),
        year         smallint     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        day          date         NOT NULL CHECK (extract(year FROM day) = year),
        updated_by   uuid         NOT NULL REFERENCES app_user (id),
        updated_at   timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, year)
      )`);

    // read models: the offerings a campaign shows, the area tree, and what its figures count
    await q.query(`CREATE VIEW campaign_area AS SELECT id, name, level, path, parent_id FROM area`);
    await q.query(`
      CREATE VIEW campaign_offering AS
      SELECT o.id, o.title, o.status::text AS status, o.starts_at, o.ends_at, o.cover_url, o.school_id, s.name AS school_name,
             o.area_id, a.name AS area_name, a.path AS area_path
        FROM offering o JOIN area a ON a.id = o.area_id JOIN school s ON s.id = o.school_id`);
    await q.query(`CREATE VIEW campaign_session AS SELECT id, offering_id, starts_at, closed_at, cancelled_at FROM offering_session`);
    await q.query(`CREATE VIEW campaign_attendance AS SELECT session_id, offering_id, resident_id FROM attendance`);
    await q.query(`CREATE VIEW campaign_learning AS SELECT offering_id, minutes, occurred_at FROM learning_record WHERE offering_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of ['campaign_learning', 'campaign_attendance', 'campaign_session', 'campaign_offering', 'campaign_area']) await q.query(`DROP VIEW ${view}`);
    for (const table of ['campaign_rule_year', 'campaign_rule', 'campaign_activity', 'campaign']) await q.query(`DROP TABLE ${table}`);
  }
}
