import { Category } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { Area } from '@lp/server/dist/areas/area.entity';
import { CreditRulesService } from '@lp/server/dist/credit-rules/credit-rules.service';
import { LedgerAudit } from '@lp/server/dist/ledger/ledger-audit';
import { CreditReconciler } from '@lp/server/dist/learning-records/credit-reconciler';
import { LearningRecordsService, NewLearningRecord, RecordedLearning } from '@lp/server/dist/learning-records/learning-records.service';
import { TestApi } from './api';
import { newAreaTree, newBoundResident, newStaff, Role } from './factories';

/** The district's default rules (10 学时 = 1 学分, caps 10/15/30 per year) in force from a day long past. */
export async function withDefaultRules(api: TestApi, district: Area, effectiveFrom = '2020-01-01'): Promise<number> {
  return api.app.get(CreditRulesService).publishInitial(api.db.manager, district.id, effectiveFrom);
}

/** Learning outcomes handed to the credit bank in one transaction, as a closing session or an approval does. */
export type GivenRecord = Partial<NewLearningRecord> & { residentId: string };

export async function giveRecords(api: TestApi, records: GivenRecord[]): Promise<RecordedLearning[]> {
  const full = records.map((r) => ({
    source: 'admin_import' as const,
    sourceRef: `test:${randomUUID()}`,
    category: Category.Health,
    minutes: 120,
    occurredAt: new Date(),
    title: '测试课程',
    ...r,
  }));
  return api.db.transaction((m) => api.app.get(LearningRecordsService).record(m, full));
}

/** Every ledger invariant, and the replay of all records through the rules, must come out clean. */
export async function expectLedgerSound(api: TestApi): Promise<{ transfers: number; records: number }> {
  // one snapshot, as other test files write to the same database meanwhile
  const audit = await api.db.transaction('REPEATABLE READ', (m) => api.app.get(LedgerAudit).check(m));
  const replay = await api.app.get(CreditReconciler).reconcile();
  expect(audit.problems).toEqual([]);
  expect(replay.differences).toEqual([]);
  return { transfers: audit.transfers, records: replay.records };
}

export async function balanceOf(api: TestApi, residentId: string): Promise<number> {
  const [row] = (await api.db.query(`SELECT COALESCE(sum(balance_milli), 0)::bigint AS b FROM ledger_account WHERE resident_id = $1`, [residentId])) as { b: string }[];
  return Number(row.b);
}

/**
 * A district of its own with the default rules, a resident of its 甲一社区, and the district's
 * super-admin: the resident's and the district's HTTP clients are ready to use.
 */
export async function creditWorld(api: TestApi) {
  const tree = await newAreaTree(api);
  await withDefaultRules(api, tree.district);
  const resident = await newBoundResident(api, tree.communityA1);
  const district = await newStaff(api, Role.SuperAdmin, { area: tree.district });
  return { tree, resident, as: api.http.as(resident.tokens.accessToken), district: api.http.as(district.tokens.accessToken), districtAdmin: district };
}
