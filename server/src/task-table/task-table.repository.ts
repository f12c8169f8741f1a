import { TaskEvidence, TaskRowInput } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredRow extends TaskRowInput {
  id: number;
  position: number;
}

export interface StoredEntry {
  rowId: number;
  areaId: number;
  year: number;
  value: string;
  met: boolean | null;
  evidence: TaskEvidence[];
}

/** task_table_row, task_entry and task_evidence: only this repository names them. */
@Injectable()
export class TaskTableRepository {
  constructor(private readonly db: DataSource) {}

  rows(districtId: number, m: EntityManager = this.db.manager): Promise<StoredRow[]> {
    return m.query(
      `SELECT id, position, level1, level2, label, departments, indicator, target
         FROM task_table_row WHERE district_id = $1 ORDER BY position`,
      [districtId],
    ) as Promise<StoredRow[]>;
  }

  /** Locks the district's table for a replacement (one import at a time) and says whether any entry was written against it. */
  async lockForReplace(m: EntityManager, districtId: number): Promise<boolean> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('task_table'), $1)`, [districtId]);
    const [row] = (await m.query(
      `SELECT EXISTS (SELECT 1 FROM task_entry e JOIN task_table_row r ON r.id = e.row_id WHERE r.district_id = $1) AS used`,
      [districtId],
    )) as { used: boolean }[];
    return row.used;
  }

  async replace(m: EntityManager, districtId: number, rows: TaskRowInput[]): Promise<void> {
    await m.query(`DELETE FROM task_table_row WHERE district_id = $1`, [districtId]);
    await m.query(
      `INSERT INTO task_table_row (district_id, position, level1, level2, label, departments, indicator, target)
       SELECT $1, r.position, r.level1, r.level2, r.label, r.departments, r.indicator, r.target
         FROM jsonb_to_recordset($2::jsonb) AS r(position int, level1 text, level2 text, label text, departments text, indicator text, target text)`,
      [districtId, JSON.stringify(rows.map((r, i) => ({ ...r, position: i + 1 })))],
    );
  }

  async row(id: number): Promise<(StoredRow & { districtId: number }) | null> {
    const [row] = (await this.db.query(
      `SELECT id, district_id AS "districtId", position, level1, level2, label, departments, indicator, target FROM task_table_row WHERE id = $1`,
      [id],
    )) as (StoredRow & { districtId: number })[];
    return row ?? null;
  }

  /** The entries of these areas and a year, each with its evidence in order. */
  async entries(areaIds: number[], year: number): Promise<StoredEntry[]> {
    return this.db.query(
      `SELECT e.row_id AS "rowId", e.area_id AS "areaId", e.year, e.value, e.met,
              COALESCE((SELECT json_agg(json_build_object('uploadId', v.upload_id, 'name', v.name) ORDER BY v.position)
                          FROM task_evidence v WHERE v.row_id = e.row_id AND v.area_id = e.area_id AND v.year = e.year), '[]') AS evidence
         FROM task_entry e
        WHERE e.area_id = ANY ($1::int[]) AND e.year = $2
        ORDER BY e.area_id, e.row_id`,
      [areaIds, year],
    ) as Promise<StoredEntry[]>;
  }

  /** The upload ids already attached to an entry (they may stay attached whoever uploaded them). */
  async evidenceOf(rowId: number, areaId: number, year: number): Promise<string[]> {
    const rows = (await this.db.query(`SELECT upload_id AS id FROM task_evidence WHERE row_id = $1 AND area_id = $2 AND year = $3`, [rowId, areaId, year])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async saveEntry(m: EntityManager, e: StoredEntry, by: string): Promise<void> {
    await m.query(
      `INSERT INTO task_entry (row_id, area_id, year, value, met, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT task_entry_pkey DO UPDATE SET value = EXCLUDED.value, met = EXCLUDED.met, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [e.rowId, e.areaId, e.year, e.value, e.met, by],
    );
    await m.query(`DELETE FROM task_evidence WHERE row_id = $1 AND area_id = $2 AND year = $3`, [e.rowId, e.areaId, e.year]);
    await m.query(
      `INSERT INTO task_evidence (row_id, area_id, year, position, upload_id, name)
       SELECT $1, $2, $3, v.ord, v.upload_id, v.name FROM unnest($4::uuid[], $5::text[]) WITH ORDINALITY AS v(upload_id, name, ord)`,
      [e.rowId, e.areaId, e.year, e.evidence.map((v) => v.uploadId), e.evidence.map((v) => v.name)],
    );
  }

  /** The areas whose administrators may read an upload given as evidence: the area it was entered for. */
  async evidenceAreas(uploadId: string): Promise<number[]> {
    const rows = (await this.db.query(`SELECT DISTINCT area_id AS id FROM task_evidence WHERE upload_id = $1`, [uploadId])) as { id: number }[];
    return rows.map((r) => r.id);
  }
}
