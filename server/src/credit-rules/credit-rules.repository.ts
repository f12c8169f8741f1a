import { AchievementView, CategoryRule, RuleSetView } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

interface RuleSetRow {
  id: number;
  district_id: number;
  version: number;
  effective_from: string;
  overall_yearly_cap_milli: number;
  note: string;
  created_at: Date;
  rules: CategoryRule[];
  achievements: AchievementView[];
}

export interface YearTotal {
  residentId: string;
  year: number;
  category: string;
  grantedMilli: number;
}

/** Rule sets are append-only: a new version is inserted, an old one never changes. */
@Injectable()
export class CreditRulesRepository {
  constructor(private readonly db: DataSource) {}

  /** Every version of these districts, oldest first, with their rules and achievements. */
  async ruleSets(m: EntityManager | DataSource, districtIds: number[]): Promise<RuleSetView[]> {
    const rows = (await m.query(
      `SELECT s.id, s.district_id, s.version, to_char(s.effective_from, 'YYYY-MM-DD') AS effective_from,
              s.overall_yearly_cap_milli, s.note, s.created_at,
              (SELECT COALESCE(jsonb_agg(jsonb_build_object('category', r.category, 'minutesPerCredit', r.minutes_per_credit,
                        'roundingStepMilli', r.rounding_step_milli, 'rounding', r.rounding, 'yearlyCapMilli', r.yearly_cap_milli)
                        ORDER BY r.category), '[]') FROM credit_rule r WHERE r.rule_set_id = s.id) AS rules,
              (SELECT COALESCE(jsonb_agg(jsonb_build_object('code', a.code, 'kind', a.kind, 'name', a.name, 'level', a.level,
                        'category', a.category, 'creditsMilli', a.credits_milli) ORDER BY a.kind, a.code), '[]')
                 FROM credit_achievement a WHERE a.rule_set_id = s.id) AS achievements
       FROM credit_rule_set s WHERE s.district_id = ANY($1::int[])
       ORDER BY s.district_id, s.effective_from`,
      [districtIds],
    )) as RuleSetRow[];
    return rows.map((r) => ({
      id: r.id,
      districtId: r.district_id,
      version: r.version,
      effectiveFrom: r.effective_from,
      overallYearlyCapMilli: r.overall_yearly_cap_milli,
      note: r.note,
      createdAt: r.created_at.toISOString(),
      rules: r.rules,
      achievements: r.achievements,
    }));
  }

  async insert(
    m: EntityManager,
    v: { districtId: number; effectiveFrom: string; overallYearlyCapMilli: number; note: string; createdBy: string | null },
    rules: CategoryRule[],
    achievements: AchievementView[],
  ): Promise<number> {
    // versions count up per district; the caller holds the district's row lock (AreasService.lockNode),
    // so two admins cannot both take the next number
    const [{ id }] = (await m.query(
      `INSERT INTO credit_rule_set (district_id, version, effective_from, overall_yearly_cap_milli, note, created_by)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5 FROM credit_rule_set WHERE district_id = $1
       RETURNING id`,
      [v.districtId, v.effectiveFrom, v.overallYearlyCapMilli, v.note, v.createdBy],
    )) as { id: number }[];
    await m.query(
      `INSERT INTO credit_rule (rule_set_id, category, minutes_per_credit, rounding_step_milli, rounding, yearly_cap_milli)
       SELECT $1, r.category::offering_category, r.minutes_per_credit, r.rounding_step_milli, r.rounding::credit_rounding, r.yearly_cap_milli
       FROM jsonb_to_recordset($2::jsonb) AS r(category text, minutes_per_credit int, rounding_step_milli int, rounding text, yearly_cap_milli int)`,
      [
        id,
        JSON.stringify(
          rules.map((r) => ({
            category: r.category,
            minutes_per_credit: r.minutesPerCredit,
            rounding_step_milli: r.roundingStepMilli,
            rounding: r.rounding,
            yearly_cap_milli: r.yearlyCapMilli,
          })),
        ),
      ],
    );
    await m.query(
      `INSERT INTO credit_achievement (rule_set_id, code, kind, name, level, category, credits_milli)
       SELECT $1, a.code, a.kind::achievement_kind, a.name, a.level, a.category::offering_category, a.credits_milli
       FROM jsonb_to_recordset($2::jsonb) AS a(code text, kind text, name text, level text, category text, credits_milli int)`,
      [
        id,
        JSON.stringify(
          achievements.map((a) => ({ code: a.code, kind: a.kind, name: a.name, level: a.level, category: a.category, credits_milli: a.creditsMilli })),
        ),
      ],
    );
    return id;
  }

  /** Credits granted so far against the yearly caps, per year and category. */
  /** The district whose rules apply to a resident's learning (their community's); null before the profile is bound. */
  async districtOfResident(residentId: string): Promise<number | null> {
    const rows = (await this.db.query(`SELECT district_id AS "districtId" FROM credit_rule_resident_home WHERE resident_id = $1`, [residentId])) as {
      districtId: number;
    }[];
    return rows[0]?.districtId ?? null;
  }

  async yearTotals(m: EntityManager | DataSource, residentIds: string[], years: number[]): Promise<YearTotal[]> {
    return this.totalsWhere(m, 'year = ANY($2::smallint[])', [residentIds, years]);
  }

  private async totalsWhere(m: EntityManager | DataSource, condition: string, params: unknown[]): Promise<YearTotal[]> {
    const rows = (await m.query(
      `SELECT resident_id, year, category, granted_milli::bigint AS granted FROM credit_year_total
       WHERE resident_id = ANY($1::uuid[]) AND ${condition}`,
      params,
    )) as { resident_id: string; year: number; category: string; granted: string }[];
    return rows.map((r) => ({ residentId: r.resident_id, year: r.year, category: r.category, grantedMilli: Number(r.granted) }));
  }

  /** Every yearly total of these residents that is not zero, any year: what the ledger replay checks. */
  async grantedTotals(m: EntityManager, residentIds: string[]): Promise<YearTotal[]> {
    return this.totalsWhere(m, 'granted_milli <> 0', [residentIds]);
  }

  /** Moves the yearly totals by these amounts (negative for a reversal), in key order. */
  async addToYearTotals(m: EntityManager, deltas: { residentId: string; year: number; category: string; deltaMilli: number }[]): Promise<void> {
    const json = (list: typeof deltas) =>
      JSON.stringify(list.map((d) => ({ resident_id: d.residentId, year: d.year, category: d.category, delta: d.deltaMilli })));
    const up = deltas.filter((d) => d.deltaMilli > 0);
    const down = deltas.filter((d) => d.deltaMilli < 0);
    if (up.length) {
      await m.query(
        `INSERT INTO credit_year_total (resident_id, year, category, granted_milli)
         SELECT d.resident_id, d.year, d.category::offering_category, sum(d.delta)
         FROM jsonb_to_recordset($1::jsonb) AS d(resident_id uuid, year smallint, category text, delta bigint)
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT ON CONSTRAINT credit_year_total_pkey
         DO UPDATE SET granted_milli = credit_year_total.granted_milli + EXCLUDED.granted_milli`,
        [json(up)],
      );
    }
    // a reversal only ever lowers a total that its grant raised: an UPDATE (an INSERT's row would fail its CHECK first)
    if (down.length) {
      await m.query(
        `UPDATE credit_year_total t SET granted_milli = t.granted_milli + d.delta
         FROM (SELECT resident_id, year, category, sum(delta) AS delta
               FROM jsonb_to_recordset($1::jsonb) AS x(resident_id uuid, year smallint, category text, delta bigint)
               GROUP BY 1, 2, 3) d
         WHERE t.resident_id = d.resident_id AND t.year = d.year AND t.category = d.category::offering_category`,
        [json(down)],
      );
    }
  }
}
