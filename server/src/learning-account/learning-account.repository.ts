import { Category, CategoryTotal, LearningRecordView, LearningSource } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Reader, ReadReplica } from '../database/read-replica';

interface RecordRow {
  id: string;
  source: LearningSource;
  category: Category;
  title: string | null;
  minutes: number;
  occurred_at: Date;
  credits: string;
  rule_set_version: number | null;
  void_reason: string | null;
}

/** A record with the credits its grant gave and the reason it was voided, if it was (the read model of migration LearningAccountReadModel). */
const RECORD_COLUMNS = `r.id, r.source, r.category, r.title, r.minutes, r.occurred_at, r.void_reason, r.credits_milli AS credits, r.rule_set_version`;

const recordView = (r: RecordRow): LearningRecordView => ({
  id: r.id,
  source: r.source,
  category: r.category,
  title: r.title ?? '学习记录',
  minutes: r.minutes,
  occurredAt: r.occurred_at.toISOString(),
  creditsMilli: r.void_reason === null ? Number(r.credits) : 0,
  ruleSetVersion: r.rule_set_version,
  voided: r.void_reason !== null,
  voidReason: r.void_reason,
});

/** Reads of one resident's 学习账户. Every query starts from the resident's own rows and indexes. */
@Injectable()
export class LearningAccountRepository {
  constructor(private readonly reads: ReadReplica) {}

  /**
   * Where this request reads the resident's account: the replica once it has every commit made
   * before now (their own writes and those made for them), else the primary. One per request.
   */
  reader(): Promise<Reader> {
    return this.reads.forResident();
  }

  async balance(db: Reader, residentId: string): Promise<number> {
    const [row] = (await db.query(
      `SELECT COALESCE(sum(balance_milli), 0)::bigint AS balance FROM learning_account_balance WHERE resident_id = $1`,
      [residentId],
    )) as { balance: string }[];
    return Number(row.balance);
  }

  /** Minutes by year and category; voiding records carry negated minutes, so sums are net. */
  async minutesByYear(db: Reader, residentId: string): Promise<{ year: number; category: Category; minutes: number }[]> {
    const rows = (await db.query(
      `SELECT year, category, minutes FROM learning_account_minutes WHERE resident_id = $1`,
      [residentId],
    )) as { year: number; category: Category; minutes: number }[];
    return rows;
  }

  /**
   * Credits granted net of reversals, by the year and category they count for: the yearly totals
   * the caps are kept in, plus certified achievements (which the caps leave out). Two small reads
   * however long the resident's history is.
   */
  async creditsByYear(db: Reader, residentId: string): Promise<{ year: number; category: Category; creditsMilli: number }[]> {
    const rows = (await db.query(
      `SELECT year, category, sum(credits_milli)::bigint AS credits FROM learning_account_credits WHERE resident_id = $1 GROUP BY 1, 2`,
      [residentId],
    )) as { year: number; category: Category; credits: string }[];
    return rows.map((r) => ({ year: r.year, category: r.category, creditsMilli: Number(r.credits) }));
  }

  /** A page of the history, newest first; keyset on (occurred_at, id). */
  async records(db: Reader, residentId: string, limit: number, after: { at: Date; id: string } | null): Promise<LearningRecordView[]> {
    const rows = (await db.query(
      `SELECT ${RECORD_COLUMNS} FROM learning_account_record r
       WHERE r.resident_id = $1 AND r.voids_id IS NULL
         AND ($3::timestamptz IS NULL OR (r.occurred_at, r.id) < ($3::timestamptz, $4::bigint))
       ORDER BY r.occurred_at DESC, r.id DESC
       LIMIT $2`,
      [residentId, limit, after?.at ?? null, after?.id ?? null],
    )) as RecordRow[];
    return rows.map(recordView);
  }

  /** One record (never a voiding one) with whose it is and where it was earned, for an admin looking it up. */
  async record(id: string): Promise<(LearningRecordView & { residentId: string; residentName: string; areaId: number; areaName: string }) | null> {
    const db = await this.reader();
    const rows = (await db.query(
      `SELECT ${RECORD_COLUMNS}, r.area_id, r.resident_id, r.resident_name, r.area_name FROM learning_account_record r WHERE r.id = $1 AND r.voids_id IS NULL`,
      [id],
    )) as (RecordRow & { resident_id: string; resident_name: string | null; area_id: number; area_name: string })[];
    const r = rows[0];
    return r ? { ...recordView(r), residentId: r.resident_id, residentName: r.resident_name ?? '', areaId: r.area_id, areaName: r.area_name } : null;
  }

  static totals(rows: { category: Category; minutes?: number; creditsMilli?: number }[]): CategoryTotal[] {
    const by = new Map<Category, CategoryTotal>();
    for (const r of rows) {
      const t = by.get(r.category) ?? { category: r.category, minutes: 0, creditsMilli: 0 };
      t.minutes += r.minutes ?? 0;
      t.creditsMilli += r.creditsMilli ?? 0;
      by.set(r.category, t);
    }
    return Object.values(Category).filter((c) => by.has(c)).map((c) => by.get(c)!);
  }

  /**
   * 百姓学习之星 position by hours this year in the resident's community, from the statistics
   * aggregates (one row per learner and node); residents who opted out are neither ranked nor counted.
   */
  async ranking(db: Reader, residentId: string, year: number): Promise<{ position: number; of: number; optedOut: boolean } | null> {
    const rows = (await db.query(
      `WITH me AS (
         SELECT p.community_id, p.ranking_opt_out, COALESCE(s.minutes, 0) AS minutes
         FROM learning_account_resident p
         LEFT JOIN learning_account_ranking s ON s.area_id = p.community_id AND s.year = $2 AND s.resident_id = p.resident_id
         WHERE p.resident_id = $1)
       SELECT me.ranking_opt_out AS opted_out, me.minutes::bigint AS minutes,
              (SELECT count(*) FROM learning_account_ranking s
               WHERE s.area_id = me.community_id AND s.year = $2 AND NOT s.opted_out AND s.minutes > me.minutes)::int AS ahead,
              (SELECT count(*) FROM learning_account_ranking s
               WHERE s.area_id = me.community_id AND s.year = $2 AND NOT s.opted_out AND s.minutes > 0)::int AS ranked
       FROM me`,
      [residentId, year],
    )) as { opted_out: boolean; minutes: string; ahead: number; ranked: number }[];
    const r = rows[0];
    if (!r) return null;
    if (r.opted_out) return { position: 0, of: r.ranked, optedOut: true };
    if (Number(r.minutes) <= 0) return null;
    return { position: r.ahead + 1, of: r.ranked, optedOut: false };
  }
}
