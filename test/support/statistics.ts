import { Category, ResidentGroup } from '@lp/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ParticipationAggregates } from '@lp/server/dist/statistics/participation-aggregates';
import { TestApi } from './api';

/** A resident written straight into the tables (no login needed): statistics only need the rows. */
export async function newLearner(
  api: TestApi,
  communityId: number,
  extra: { birthDate?: string; groups?: ResidentGroup[]; optOut?: boolean; name?: string } = {},
): Promise<string> {
  const id = randomUUID();
  await api.db.query(`INSERT INTO app_user (id, role, display_name, is_demo) VALUES ($1, 'resident', $2, true)`, [id, extra.name ?? '学员']);
  await api.db.query(
    `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id, groups, ranking_opt_out)
     VALUES ($1, $2, 'v1.test', $3, $4, $5, $6, $7)`,
    [id, extra.name ?? '学员', randomBytes(32).toString('hex'), extra.birthDate ?? '1980-01-01', communityId, extra.groups ?? [], extra.optOut ?? false],
  );
  return id;
}

export interface RecordInput {
  residentId: string;
  areaId: number;
  category: Category;
  minutes: number;
  /** An instant, e.g. '2025-03-01T10:00:00+08:00'. */
  at: string;
  age: number;
  groups?: ResidentGroup[];
  offeringId?: number | null;
  source?: 'attendance' | 'online_lesson' | 'certification' | 'admin_import';
}

/** Inserts learning records and folds them into the aggregates in the same transaction, as the credit bank does. */
export async function writeRecords(api: TestApi, manager: EntityManager, records: RecordInput[]): Promise<string[]> {
  if (!records.length) return [];
  const rows = (await manager.query(
    `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, offering_id, age_years, resident_groups)
     SELECT r.resident_id, r.source::learning_source, r.source_ref, r.category::offering_category, r.minutes, r.at, r.area_id, r.offering_id, r.age, r.groups
       FROM jsonb_to_recordset($1::jsonb) AS r(resident_id uuid, source text, source_ref text, category text, minutes int, at timestamptz,
                                              area_id int, offering_id int, age smallint, groups text[])
     RETURNING id`,
    [
      JSON.stringify(
        records.map((r) => ({
          resident_id: r.residentId,
          source: r.source ?? 'admin_import',
          source_ref: `test:${randomUUID()}`,
          category: r.category,
          minutes: r.minutes,
          at: r.at,
          area_id: r.areaId,
          offering_id: r.offeringId ?? null,
          age: r.age,
          groups: r.groups ?? [],
        })),
      ),
    ],
  )) as { id: string }[];
  const ids = rows.map((r) => String(r.id));
  await api.app.get(ParticipationAggregates).apply(manager, ids);
  return ids;
}

/**
 * Voids records the way the credit bank does: a new record with negated minutes pointing at the
 * voided one. The voiding record is written in `nowAreaId` (where the resident lives today) on
 * purpose: the aggregates must take the figures away where the voided record put them.
 */
export async function voidRecords(api: TestApi, manager: EntityManager, ids: string[], nowAreaId?: number): Promise<string[]> {
  if (!ids.length) return [];
  const rows = (await manager.query(
    `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, offering_id, age_years,
                                  resident_groups, voids_id, void_reason)
     SELECT r.resident_id, 'admin_import', 'void:' || r.id, r.category, -r.minutes, now(), COALESCE($2, r.area_id), r.offering_id, 30, '{}', r.id, '测试作废'
       FROM learning_record r WHERE r.id = ANY ($1::bigint[])
     RETURNING id`,
    [ids, nowAreaId ?? null],
  )) as { id: string }[];
  const voidIds = rows.map((r) => String(r.id));
  await api.app.get(ParticipationAggregates).apply(manager, voidIds);
  return voidIds;
}

export async function rebuildReport(api: TestApi) {
  return api.db.transaction((m) => api.app.get(ParticipationAggregates).rebuild(m, { replace: false }));
}
