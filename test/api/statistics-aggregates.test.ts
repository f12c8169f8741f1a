import { Category, ResidentGroup } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { randomInt } from 'node:crypto';
import { startApi, TestApi } from '../support/api';
import { newAreaTree } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { newLearner, rebuildReport, RecordInput, voidRecords, writeRecords } from '../support/statistics';

/**
 * The aggregates under a randomized workload and under concurrent writers: whatever the order of
 * records, voids, moves between communities, birthdays and New Year's Eve, they equal a rebuild
 * from the records, and the distinct counts equal a plain count(DISTINCT …) over the records.
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let communities: number[];

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_stats_random');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db, DB_POOL_SIZE: '12' });
  tree = await newAreaTree(api);
  communities = [tree.communityA1.id, tree.communityA2.id, tree.communityB1.id];
}, 60_000);
afterAll(() => api?.close());

const CATEGORIES = Object.values(Category);
const GROUPS = [ResidentGroup.Employed, ResidentGroup.Unemployed, ResidentGroup.MigrantWorker, ResidentGroup.Farmer];
const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)];

/** Instants around the year boundary (Beijing midnight) and through both years. */
function randomInstant(): string {
  const choices = [
    '2025-12-31T15:59:59Z', '2025-12-31T16:00:00Z', '2025-12-31T23:30:00+08:00', '2026-01-01T00:00:01+08:00',
    '2024-12-31T16:00:00Z', '2025-06-30T16:00:00Z',
  ];
  if (randomInt(3) === 0) return pick(choices);
  const start = Date.parse('2025-01-01T00:00:00+08:00');
  return new Date(start + randomInt(730 * 24) * 3600_000 + randomInt(3600) * 1000).toISOString();
}

function randomRecord(residents: string[]): RecordInput {
  const groups = GROUPS.filter(() => randomInt(3) === 0);
  return {
    residentId: pick(residents),
    areaId: pick(communities),
    category: randomInt(3) === 0 ? Category.VocationalSkills : pick(CATEGORIES),
    minutes: randomInt(0, 240),
    at: randomInstant(),
    age: pick([10, 17, 18, 30, 59, 60, 61, 75]),
    groups,
  };
}

/** The distinct learners per node, year and segment straight from the records: the slow way. */
async function naiveLearners(): Promise<string[]> {
  const rows = (await api.db.query(`
    WITH valid AS (
      SELECT r.* FROM learning_record r
       WHERE r.voids_id IS NULL AND NOT EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id)
    )
    SELECT n.id AS area_id, date_part('year', v.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
           count(DISTINCT v.resident_id)::int AS all_,
           count(DISTINCT v.resident_id) FILTER (WHERE v.age_years >= 60)::int AS seniors,
           count(DISTINCT v.resident_id) FILTER (WHERE v.age_years < 18)::int AS minors,
           count(DISTINCT v.resident_id) FILTER (WHERE v.category = 'vocational_skills' AND 'farmer' = ANY (v.resident_groups))::int AS farmers
      FROM valid v JOIN area a ON a.id = v.area_id JOIN area n ON a.path LIKE n.path || '%'
     GROUP BY 1, 2 ORDER BY 1, 2`)) as { area_id: number; year: number; all_: number; seniors: number; minors: number; farmers: number }[];
  return rows.map((r) => `${r.area_id}/${r.year}: ${r.all_} ${r.seniors} ${r.minors} ${r.farmers}`);
}

async function maintainedLearners(): Promise<string[]> {
  const rows = (await api.db.query(`
    SELECT area_id, year,
           COALESCE(max(learners) FILTER (WHERE segment = 0), 0) AS all_, COALESCE(max(learners) FILTER (WHERE segment = 1), 0) AS seniors,
           COALESCE(max(learners) FILTER (WHERE segment = 2), 0) AS minors, COALESCE(max(learners) FILTER (WHERE segment = 6), 0) AS farmers
      FROM (SELECT area_id, year, segment, sum(learners)::int AS learners
              FROM (SELECT area_id, year, segment, learners FROM stats_learners
                    UNION ALL SELECT area_id, year, segment, learners FROM stats_learners_delta) u
             GROUP BY 1, 2, 3) l
     GROUP BY 1, 2 HAVING max(learners) FILTER (WHERE segment = 0) > 0 ORDER BY 1, 2`)) as {
    area_id: number; year: number; all_: number; seniors: number; minors: number; farmers: number;
  }[];
  return rows.map((r) => `${r.area_id}/${r.year}: ${r.all_} ${r.seniors} ${r.minors} ${r.farmers}`);
}

it('after a randomized workload with voids, moves, birthdays and New Year, the aggregates equal a rebuild and a naive count', async () => {
  const residents = await Promise.all(Array.from({ length: 25 }, () => newLearner(api, pick(communities))));
  const live: string[] = [];
  for (let batch = 0; batch < 40; batch++) {
    await api.db.transaction(async (m) => {
      const ids = await writeRecords(api, m, Array.from({ length: randomInt(1, 30) }, () => randomRecord(residents)));
      live.push(...ids);
      // sometimes void a record of this very transaction, sometimes older ones
      const toVoid = new Set<string>();
      if (randomInt(4) === 0) toVoid.add(pick(ids));
      for (let k = randomInt(0, 4); k > 0 && live.length; k--) toVoid.add(live[randomInt(live.length)]);
      for (const id of toVoid) live.splice(live.indexOf(id), 1);
      await voidRecords(api, m, [...toVoid], pick(communities));
    });
  }
  // a transaction that rolls back leaves no trace in the aggregates
  await expect(
    api.db.transaction(async (m) => {
      await writeRecords(api, m, [randomRecord(residents)]);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');

  const report = await rebuildReport(api);
  expect(report.differences.map((d) => [d.table, d.differing, d.samples])).toEqual([
    ['stats_member', 0, []],
    ['stats_learners', 0, []],
    ['stats_volume', 0, []],
    ['stats_attended', 0, []],
  ]);
  expect(await maintainedLearners()).toEqual(await naiveLearners());
}, 120_000);

it('many transactions of 50 records each, on the same residents and nodes at once, never deadlock', async () => {
  const residents = await Promise.all(Array.from({ length: 15 }, () => newLearner(api, pick(communities))));
  const outcomes = await Promise.allSettled(
    Array.from({ length: 24 }, () =>
      api.db.transaction(async (m) => {
        const ids = await writeRecords(api, m, Array.from({ length: 50 }, () => randomRecord(residents)));
        await voidRecords(api, m, ids.filter(() => randomInt(10) === 0));
      }),
    ),
  );
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));
  expect(failures).toEqual([]);
  const report = await rebuildReport(api);
  expect(report.differences.every((d) => d.differing === 0)).toBe(true);
  expect(await maintainedLearners()).toEqual(await naiveLearners());
}, 120_000);
