import { PersonalDataKind, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AccessRowInput {
  staffId: string;
  staffRole: Role;
  areaId: number | null;
  schoolId: number | null;
  residentId: string;
  kind: PersonalDataKind;
  route: string;
  at: Date;
}

/** A row of the read model `access_log_entry`: the access with the names of who and where. */
export interface AccessEntryRow {
  id: string;
  at: Date;
  kind: PersonalDataKind;
  route: string;
  staffId: string;
  staffRole: Role;
  staffName: string;
  areaName: string | null;
  schoolName: string | null;
  residentId: string;
  residentName: string | null;
}

export interface AccessFilter {
  /** The admin's subtree: rows whose staff area lies under this path. */
  areaPath: string;
  residentId?: string;
  staffId?: string;
  from?: Date;
  to?: Date;
  /** Keyset: rows strictly before this (at, id). */
  before?: { at: Date; id: string };
  limit: number;
}

const ENTRY_COLUMNS = `id::text AS id, at, kind, route, staff_id AS "staffId", staff_role AS "staffRole", staff_name AS "staffName",
  area_name AS "areaName", school_name AS "schoolName", resident_id AS "residentId", resident_name AS "residentName"`;

/** The personal-data access log: written by the interceptor, read by residents and admins, purged by age. */
@Injectable()
export class AccessLogRepository {
  constructor(private readonly db: DataSource) {}

  async insert(rows: AccessRowInput[], m: EntityManager = this.db.manager): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(r.staffId, r.staffRole, r.areaId, r.schoolId, r.residentId, r.kind, r.route, r.at);
      const o = i * 8;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8})`;
    });
    await m.query(
      `INSERT INTO personal_data_access (staff_id, staff_role, area_id, school_id, resident_id, kind, route, at) VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /** The newest `limit` accesses to one resident's data. */
  ofResident(residentId: string, limit: number): Promise<AccessEntryRow[]> {
    return this.db.query(`SELECT ${ENTRY_COLUMNS} FROM access_log_entry WHERE resident_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, [residentId, limit]);
  }

  list(f: AccessFilter): Promise<AccessEntryRow[]> {
    const where = [`area_path LIKE $1 || '%'`];
    const values: unknown[] = [f.areaPath];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (f.residentId) add('resident_id = ?', f.residentId);
    if (f.staffId) add('staff_id = ?', f.staffId);
    if (f.from) add('at >= ?', f.from);
    if (f.to) add('at < ?', f.to);
    if (f.before) {
      values.push(f.before.at, f.before.id);
      where.push(`(at, id) < ($${values.length - 1}, $${values.length}::bigint)`);
    }
    values.push(f.limit);
    return this.db.query(`SELECT ${ENTRY_COLUMNS} FROM access_log_entry WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $${values.length}`, values);
  }

  /**
   * Deletes rows older than `cutoff`, a batch at a time so a year of rows never holds one long lock; returns how many went.
   * The table is partitioned by year (`at`): each batch names its rows by the whole primary key, so a delete visits
   * only their partitions' indexes.
   */
  async purgeBefore(cutoff: Date, batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = (await this.db.query(
        `DELETE FROM personal_data_access
          WHERE at < $1 AND (id, at) IN (SELECT id, at FROM personal_data_access WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [cutoff, batch],
      )) as [unknown[], number] | unknown[];
      const count = Array.isArray(rows[0]) ? (rows as [unknown[], number])[1] : rows.length;
      total += count;
      if (count < batch) return total;
    }
  }
}
