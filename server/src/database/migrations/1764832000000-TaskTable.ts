import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 任务分解表 as a district's own data, and the values of its entered rows.
 *
 * - task_table_row: the rows a district imported, in order. No rows: the district has the default
 *   table, which lives in code (defaultTaskRows in @lp/shared, one row per measured indicator), so
 *   this migration inserts nothing and no place name is shipped.
 * - task_entry: an entered row's value per area and year, as an administrator of the area wrote it.
 * - task_evidence: the files (uploads) given as its evidence, with the names they are listed by.
 */
export class TaskTable1764832000000 implements MigrationInterface {
  name = 'TaskTable1764832000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_table_row (
        id           serial        PRIMARY KEY,
        district_id  integer       NOT NULL REFERENCES area (id),
        position     smallint      NOT NULL CHECK (position BETWEEN 1 AND 200),
        level1       varchar(40)   NOT NULL CHECK (level1 <> ''),
        level2       varchar(60)   NOT NULL,
        label        varchar(300)  NOT NULL CHECK (label <> ''),
        departments  varchar(200)  NOT NULL,
        indicator    varchar(40)   CHECK (indicator ~ '^[a-z0-9_]+$'),
        target       varchar(60)   NOT NULL,
        CONSTRAINT task_table_row_position_key UNIQUE (district_id, position)
      )`);
    await q.query(`
      CREATE TABLE task_entry (
        row_id      integer       NOT NULL REFERENCES task_table_row (id),
        area_id     integer       NOT NULL REFERENCES area (id),
        year        smallint      NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        value       varchar(200)  NOT NULL CHECK (value <> ''),
        met         boolean,
        updated_by  uuid          NOT NULL REFERENCES app_user (id),
        updated_at  timestamptz   NOT NULL DEFAULT now(),
        CONSTRAINT task_entry_pkey PRIMARY KEY (row_id, area_id, year)
      )`);
    await q.query(`
      CREATE TABLE task_evidence (
        row_id     integer       NOT NULL,
        area_id    integer       NOT NULL,
        year       smallint      NOT NULL,
        position   smallint      NOT NULL CHECK (position BETWEEN 1 AND 20),
        upload_id  uuid          NOT NULL REFERENCES upload (id),
        name       varchar(120)  NOT NULL CHECK (name <> ''),
        CONSTRAINT task_evidence_pkey PRIMARY KEY (row_id, area_id, year, position),
        CONSTRAINT task_evidence_entry_fkey FOREIGN KEY (row_id, area_id, year) REFERENCES task_entry (row_id, area_id, year) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX task_evidence_upload_idx ON task_evidence (upload_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_evidence`);
    await q.query(`DROP TABLE task_entry`);
    await q.query(`DROP TABLE task_table_row`);
  }
}
