import { Category, LearningSource, cappedGrant, creditsForMinutes } from '@lp/shared';
import { RuleBook, shanghaiDay, shanghaiYear } from '../credit-rules/rule-book';

export interface PlanRecord {
  id: string;
  residentId: string;
  source: LearningSource;
  category: Category;
  minutes: number;
  occurredAt: Date;
  districtId: number;
  voidsId: string | null;
  /** Certified achievements carry the credits of the achievement table they were approved under. */
  fixed: { ruleSetId: number; creditsMilli: number } | null;
}

export interface PlannedGrant {
  recordId: string;
  residentId: string;
  districtId: number;
  category: Category;
  amountMilli: number;
  ruleSetId: number;
  capYear: number;
  /** Hours-based grants count against the yearly caps; certified achievements do not. */
  countsAgainstCaps: boolean;
}

export const capKey = (residentId: string, year: number, category: string) => `${residentId}|${year}|${category}`;

/**
 * Turns learning records into credits, one record at a time in id order: the rule version in
 * force on the day of the learning (Asia/Shanghai), rounded as it says, then held to the yearly
 * caps by category and overall. Granting live and replaying every record from the start go
 * through this same code, so the replay must reproduce the ledger exactly.
 */
export class CreditPlanner {
  private readonly granted = new Map<string, number>();
  /** The same per resident and year, all categories together: the overall cap's room in one lookup. */
  private readonly overall = new Map<string, number>();

  constructor(private readonly book: RuleBook) {}

  /** Seeds the caps with what was granted before (live granting starts mid-history). */
  seed(residentId: string, year: number, category: string, grantedMilli: number): void {
    const k = capKey(residentId, year, category);
    const y = `${residentId}|${year}`;
    this.overall.set(y, (this.overall.get(y) ?? 0) - (this.granted.get(k) ?? 0) + grantedMilli);
    this.granted.set(k, grantedMilli);
  }

  grant(r: PlanRecord): PlannedGrant | null {
    if (r.voidsId !== null) return null;
    const capYear = shanghaiYear(r.occurredAt);
    if (r.fixed) {
      return { recordId: r.id, residentId: r.residentId, districtId: r.districtId, category: r.category, amountMilli: r.fixed.creditsMilli, ruleSetId: r.fixed.ruleSetId, capYear, countsAgainstCaps: false };
    }
    const set = this.book.at(r.districtId, shanghaiDay(r.occurredAt));
    const rule = set && RuleBook.rule(set, r.category);
    if (!set || !rule) return null;
    const worth = creditsForMinutes(r.minutes, rule);
    const amount = cappedGrant(worth, {
      category: rule.yearlyCapMilli - this.used(r.residentId, capYear, r.category),
      overall: set.overallYearlyCapMilli - this.used(r.residentId, capYear),
    });
    if (amount <= 0) return null;
    this.add(r.residentId, capYear, r.category, amount);
    return { recordId: r.id, residentId: r.residentId, districtId: r.districtId, category: r.category, amountMilli: amount, ruleSetId: set.id, capYear, countsAgainstCaps: true };
  }

  /** A reversed grant gives its room under the caps back. */
  reverse(g: { residentId: string; capYear: number; category: string; amountMilli: number; countsAgainstCaps: boolean }): void {
    if (g.countsAgainstCaps) this.add(g.residentId, g.capYear, g.category, -g.amountMilli);
  }

  /** What this planner has counted against the caps, per resident, year and category (non-zero only). */
  capTotals(): Map<string, number> {
    return new Map([...this.granted].filter(([, v]) => v !== 0));
  }

  private used(residentId: string, year: number, category?: string): number {
    if (category) return this.granted.get(capKey(residentId, year, category)) ?? 0;
    return this.overall.get(`${residentId}|${year}`) ?? 0;
  }

  private add(residentId: string, year: number, category: string, delta: number): void {
    const k = capKey(residentId, year, category);
    this.granted.set(k, (this.granted.get(k) ?? 0) + delta);
    const y = `${residentId}|${year}`;
    this.overall.set(y, (this.overall.get(y) ?? 0) + delta);
  }
}
