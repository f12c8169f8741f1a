import { Category, LearningSource } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface NewLearningRecord {
  residentId: string;
  source: LearningSource;
  /** What caused it, unique per source, e.g. 'attendance:42': handing the same outcome over twice writes nothing. */
  sourceRef: string;
  category: Category;
  minutes: number;
  occurredAt: Date;
  /** Shown in the history; an attendance without one takes its offering's title. */
  title?: string | null;
  offeringId?: number | null;
  evidence?: string | null;
  recordedBy?: string | null;
  /** Certified achievements: the credits of the achievement table they were approved under. */
  fixed?: { ruleSetId: number; creditsMilli: number } | null;
}

export interface WrittenRecord {
  id: string;
  residentId: string;
  source: LearningSource;
  sourceRef: string;
  category: Category;
  minutes: number;
  occurredAt: Date;
  areaId: number;
  districtId: number;
  voidsId: string | null;
}

interface WrittenRow {
  id: string;
  resident_id: string;
  source: LearningSource;
  source_ref: string;
  category: Category;
  minutes: number;
  occurred_at: Date;
  area_id: number;
  district_id: number;
  voids_id: string | null;
}

const written = (r: WrittenRow): WrittenRecord => ({
  id: r.id,
  residentId: r.resident_id,
  source: r.source,
  sourceRef: r.source_ref,
  category: r.category,
  minutes: r.minutes,
  occurredAt: r.occurred_at,
  areaId: r.area_id,
  districtId: r.district_id,
  voidsId: r.voids_id,
});

/** Advisory-lock namespace for "this resident's learning and credits": one writer at a time per resident. */
const RESIDENT_LOCK = 48151;

@Injectable()
export class LearningRecordsRepository {
  /** The resident's minutes by category over all their records; voiding records carry negated minutes, so sums are net. */
  async minutesByCategory(m: EntityManager, residentId: string): Promise<{ category: Category; minutes: number }[]> {
    return (await m.query(`SELECT category, sum(minutes)::int AS minutes FROM learning_record WHERE resident_id = $1 GROUP BY category`, [
      residentId,
    ])) as { category: Category; minutes: number }[];
  }

  /**
   * Serialises writers per resident (in one global key order, so batches never deadlock): a
   * resident's records then get ids in the order their credits are decided, which is the order
   * the replay uses.
   */
  async lockResidents(m: EntityManager, residentIds: string[]): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock(${RESIDENT_LOCK}, k)
       FROM (SELECT DISTINCT hashtext(r) AS k FROM unnest($1::text[]) r ORDER BY k) keys`,
      [[...new Set(residentIds)]],
    );
  }

  /**
   * Writes outcomes, each counted in the resident's community now and with their age and groups
   * now (statistics count who they were when they learned). Returns only the new ones: a source
   * already in `learning_record_key` (any year) is skipped, and so is a repeat within the batch.
   * Callers hold the residents' locks (lockResidents), so no other writer adds the same source
   * meanwhile; should one ever try, the key's unique constraint refuses it.
   */
  async insert(m: EntityManager, records: NewLearningRecord[]): Promise<WrittenRecord[]> {
    const rows = (await m.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS o(resident_id uuid, source text, source_ref text,
                  category text, minutes int, occurred_at timestamptz, title text, offering_id int, evidence text,
                  recorded_by uuid, n bigint)),
       ins AS (
         INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, offering_id,
                                      title, evidence, recorded_by, age_years, resident_groups)
         SELECT o.resident_id, o.source::learning_source, o.source_ref, o.category::offering_category, o.minutes, o.occurred_at,
                p.community_id, o.offering_id, COALESCE(o.title, off.title), o.evidence, o.recorded_by,
                GREATEST(0, date_part('year', age((o.occurred_at AT TIME ZONE 'Asia/Shanghai')::date, p.birth_date)))::smallint,
                p.groups
         FROM (SELECT DISTINCT ON (source, source_ref) * FROM input ORDER BY source, source_ref, n) o
         JOIN learning_resident p ON p.user_id = o.resident_id
         LEFT JOIN learning_offering off ON off.id = o.offering_id
         WHERE NOT EXISTS (SELECT 1 FROM learning_record_key k WHERE k.source = o.source::learning_source AND k.source_ref = o.source_ref)
         ORDER BY o.n
         RETURNING id, resident_id, source, source_ref, category, minutes, occurred_at, area_id, voids_id)
       SELECT ins.*, a.district_id FROM ins JOIN learning_area a ON a.id = ins.area_id ORDER BY ins.id`,
      [
        JSON.stringify(
          records.map((r, n) => ({
            n,
            resident_id: r.residentId,
            source: r.source,
            source_ref: r.sourceRef,
            category: r.category,
            minutes: r.minutes,
            occurred_at: r.occurredAt.toISOString(),
            title: r.title ?? null,
            offering_id: r.offeringId ?? null,
            evidence: r.evidence ?? null,
            recorded_by: r.recordedBy ?? null,
          })),
        ),
      ],
    )) as WrittenRow[];
    return rows.map(written);
  }

  async findOne(m: EntityManager, id: string): Promise<(WrittenRecord & { voided: boolean }) | null> {
    const rows = (await m.query(
      `SELECT r.id, r.resident_id, r.source, r.source_ref, r.category, r.minutes, r.occurred_at, r.area_id, r.voids_id,
              a.district_id,
              EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id) AS voided
       FROM learning_record r JOIN learning_area a ON a.id = r.area_id WHERE r.id = $1`,
      [id],
    )) as (WrittenRow & { voided: boolean })[];
    return rows[0] ? { ...written(rows[0]), voided: rows[0].voided } : null;
  }

  /**
   * Writes the record that voids another: same resident, category, time, node, age and groups,
   * negated minutes, and the reason. A record is voided once (a unique constraint says so).
   */
  async insertVoid(m: EntityManager, recordId: string, reason: string, actorId: string): Promise<WrittenRecord | null> {
    const rows = (await m.query(
      `WITH ins AS (
         INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, offering_id,
                                      title, evidence, recorded_by, age_years, resident_groups, voids_id, void_reason)
         SELECT resident_id, source, 'void:' || id, category, -minutes, occurred_at, area_id, offering_id,
                title, evidence, $3, age_years, resident_groups, id, $2
         FROM learning_record WHERE id = $1 AND voids_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM learning_record_key k WHERE k.voids_id = $1)
         RETURNING id, resident_id, source, source_ref, category, minutes, occurred_at, area_id, voids_id)
       SELECT ins.*, a.district_id FROM ins JOIN learning_area a ON a.id = ins.area_id`,
      [recordId, reason, actorId],
    )) as WrittenRow[];
    return rows[0] ? written(rows[0]) : null;
  }

  /** Certified achievements' credits, by record, from the table they were approved under. */
  async certifiedCredits(m: EntityManager, recordIds: string[]): Promise<Map<string, { ruleSetId: number; creditsMilli: number }>> {
    if (!recordIds.length) return new Map();
    const rows = (await m.query(
      `SELECT c.learning_record_id AS id, c.rule_set_id, c.credits_milli
       FROM learning_certified_credit c
       WHERE c.learning_record_id = ANY($1::bigint[])`,
      [recordIds],
    )) as { id: string; rule_set_id: number; credits_milli: number }[];
    return new Map(rows.map((r) => [r.id, { ruleSetId: r.rule_set_id, creditsMilli: r.credits_milli }]));
  }
}
