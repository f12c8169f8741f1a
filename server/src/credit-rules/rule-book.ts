import { Category, CategoryRule, RuleSetView } from '@lp/shared';

export { shanghaiDay, shanghaiYear } from '../common/time';

/**
 * Which rule version applies to learning on a given day: the one with the latest
 * effective date on or before it. Versions are immutable, so the answer never changes.
 */
export class RuleBook {
  private readonly byDistrict = new Map<number, RuleSetView[]>();

  constructor(sets: RuleSetView[]) {
    for (const s of sets) {
      const list = this.byDistrict.get(s.districtId) ?? [];
      list.push(s);
      this.byDistrict.set(s.districtId, list);
    }
    for (const list of this.byDistrict.values()) list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  }

  at(districtId: number, day: string): RuleSetView | null {
    const list = this.byDistrict.get(districtId) ?? [];
    let found: RuleSetView | null = null;
    for (const s of list) if (s.effectiveFrom <= day) found = s;
    return found;
  }

  byId(id: number): RuleSetView | null {
    for (const list of this.byDistrict.values()) for (const s of list) if (s.id === id) return s;
    return null;
  }

  static rule(set: RuleSetView, category: Category): CategoryRule | null {
    return set.rules.find((r) => r.category === category) ?? null;
  }
}
