import { Category, CategoryTotal, LearningRecordView, LearningSource } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

/** A record with the credits its grant gave and the reason it was voided, if it was. */
const RECORD_SELECT = `
  SELECT r.id, r.source, r.category, r.title, r.minutes, r.occurred_at, v.void_reason,
         COALESCE(g.amount_milli, 0)::bigint AS credits, s.version AS rule_set_version
  FROM learning_record r
  LEFT JOIN learning_record v ON v.voids_id = r.id
  LEFT JOIN ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'
  LEFT JOIN credit_rule_set s ON s.id = g.rule_set_id`;

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
  constructor(private readonly db: DataSource) {}

  async balance(residentId: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT COALESCE(sum(balance_milli), 0)::bigint AS balance FROM ledger_account WHERE resident_id = $1`,
      [residentId],
    )) as { balance: string }[];
    return Number(row.balance);
  }

  /** Minutes by year and category; voiding records carry negated minutes, so sums are net. */
  async minutesByYear(residentId: string): Promise<{ year: number; category: Category; minutes: number }[]> {
    const rows = (await this.db.query(
      `SELECT date_part('year', occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year, category, sum(minutes)::int AS minutes
       FROM learning_record WHERE resident_id = $1 GROUP BY 1, 2`,
      [residentId],
    )) as { year: number; category: Category; minutes: number }[];
    return rows;
  }

  /**
   * Credits granted net of reversals, by the year and category they count for: the yearly totals
   * the caps are kept in, plus certified achievements (which the caps leave out). Two small reads
   * however long the resident's history is.
   */
  async creditsByYear(residentId: string): Promise<{ year: number; category: Category; creditsMilli: number }[]> {
    const rows = (await this.db.query(
      `SELECT year, category, sum(credits)::bigint AS credits FROM (
         SELECT year::int AS year, category, granted_milli AS credits FROM credit_year_total WHERE resident_id = $1
         UNION ALL
         SELECT t.cap_year::int, t.cap_category, t.amount_milli - COALESCE(r.amount_milli, 0)
         FROM credit_certification c
         JOIN ledger_transfer t ON t.learning_record_id = c.learning_record_id AND t.kind = 'grant'
         LEFT JOIN ledger_transfer r ON r.reverses_transfer_id = t.id
         WHERE c.resident_id = $1 AND c.status = 'approved') x
       GROUP BY 1, 2`,
      [residentId],
    )) as { year: number; category: Category; credits: string }[];
    return rows.map((r) => ({ year: r.year, category: r.category, creditsMilli: Number(r.credits) }));
  }

  /** A page of the history, newest first; keyset on (occurred_at, id). */
  async records(residentId: string, limit: number, after: { at: Date; id: string } | null): Promise<LearningRecordView[]> {
    const rows = (await this.db.query(
      `${RECORD_SELECT}
       WHERE r.resident_id = $1 AND r.voids_id IS NULL
         AND ($3::timestamptz IS NULL OR (r.occurred_at, r.id) < ($3::timestamptz, $4::bigint))
       ORDER BY r.occurred_at DESC, r.id DESC
       LIMIT $2`,
      [residentId, limit, after?.at ?? null, after?.id ?? null],
    )) as RecordRow[];
    return rows.map(recordView);
  }

  /** One record (never a voiding one) with whose it is and where it was earned, for an admin looking it up. */
  async record(id: string): Promise<(LearningRecordView & { residentName: string; areaId: number; areaName: string }) | null> {
    const rows = (await this.db.query(
      `SELECT x.*, r.area_id, p.real_name AS resident_name, a.name AS area_name FROM (${RECORD_SELECT} WHERE r.id = $1 AND r.voids_id IS NULL) x
       JOIN learning_record r ON r.id = x.id JOIN area a ON a.id = r.area_id LEFT JOIN resident_profile p ON p.user_id = r.resident_id`,
      [id],
    )) as (RecordRow & { resident_name: string | null; area_id: number; area_name: string })[];
    const r = rows[0];
    return r ? { ...recordView(r), residentName: r.resident_name ?? '', areaId: r.area_id, areaName: r.area_name } : null;
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
  async ranking(residentId: string, year: number): Promise<{ position: number; of: number; optedOut: boolean } | null> {
    const rows = (await this.db.query(
      `WITH me AS (
         SELECT p.community_id, p.ranking_opt_out, COALESCE(s.minutes, 0) AS minutes
         FROM resident_profile p
         LEFT JOIN stats_member s ON s.area_id = p.community_id AND s.year = $2 AND s.segment = 0 AND s.resident_id = p.user_id
         WHERE p.user_id = $1)
       SELECT me.ranking_opt_out AS opted_out, me.minutes::bigint AS minutes,
              -- learners ahead, read from the ranking index alone, less the few who opted out
              (SELECT count(*) FROM stats_member s WHERE s.area_id = me.community_id AND s.year = $2 AND s.segment = 0 AND s.minutes > me.minutes)::int
                - (SELECT count(*) FROM resident_profile o JOIN stats_member s ON s.area_id = o.community_id AND s.year = $2 AND s.segment = 0 AND s.resident_id = o.user_id
                   WHERE o.community_id = me.community_id AND o.ranking_opt_out AND s.minutes > me.minutes)::int AS ahead,
              (SELECT count(*) FROM stats_member s WHERE s.area_id = me.community_id AND s.year = $2 AND s.segment = 0 AND s.minutes > 0)::int
                - (SELECT count(*) FROM resident_profile o JOIN stats_member s ON s.area_id = o.community_id AND s.year = $2 AND s.segment = 0 AND s.resident_id = o.user_id
                   WHERE o.community_id = me.community_id AND o.ranking_opt_out AND s.minutes > 0)::int AS ranked
       FROM me`,
      [residentId, year],
    )) as { opted_out: boolean; minutes: string; ahead: number; ranked: number }[];
    const r = rows[0];
    if (!r) return null;
    if (r.opted_out) return { position: 0, of: r.ranked, optedOut: true };
    if (Number(r.minutes) <= 0) return null;
    return { position: r.ahead + 1, of: r.ranked, optedOut: false };
  }

  async setRankingOptOut(residentId: string, optOut: boolean): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE resident_profile SET ranking_opt_out = $2, updated_at = now() WHERE user_id = $1 RETURNING user_id`,
      [residentId, optOut],
    )) as unknown[];
    return rows.length > 0;
  }
}
