import { AccessLogEntry, ErrorCode, MyAccessLogEntry, Page, Role } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccessLogRepository } from '@lp/server/dist/access-log/access-log.repository';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { YearPartitions } from '@lp/server/dist/database/year-partitions';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newAreaTree, newBoundResident, newStaff } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { refusedBy, thisShanghaiYear } from '../support/partitions';

/*
 * The logs that grow with the years, audit_event, personal_data_access and partner_api_call, are
 * partitioned by Shanghai year (migration YearlyLogPartitions). This file has its own database: it
 * drops this year's partitions of two of them to see what a user meets when the year-partitions job
 * has not run, which other test files must never meet.
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_partitions_logs');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
}, 120_000);
afterAll(() => api?.close());

const thisYear = thisShanghaiYear;
const lastYear = thisYear - 1;
/** The last instant of last year and the first of this one, in Shanghai. */
const lastMoment = new Date(`${lastYear}-12-31T23:59:59.999+08:00`);
const firstMoment = new Date(`${thisYear}-01-01T00:00:00+08:00`);
const LOGS = ['audit_event', 'personal_data_access', 'partner_api_call'];

const refused = (work: (m: EntityManager) => Promise<unknown>) => refusedBy(api.db, work);

const venueInput = (areaId: number) => ({ name: `年度分区活动中心${randomInt(1e6)}`, address: '和平路2号', latitude: 29.87, longitude: 121.55, capacity: 120, areaId });

/** One row of each log at `at`; returns the partition each landed in. */
async function logRowsAt(at: Date, staffId: string, residentId: string): Promise<string[]> {
  const rows = await Promise.all([
    api.db.query(`INSERT INTO audit_event (actor_id, action, target_type, target_id, area_id, created_at) VALUES ($1, 'test.partition', 'test', 'x', $2, $3) RETURNING tableoid::regclass::text AS p`, [
      staffId,
      tree.streetA.id,
      at,
    ]),
    api.db.query(
      `INSERT INTO personal_data_access (staff_id, staff_role, area_id, resident_id, kind, route, at)
       VALUES ($1, 'admin', $2, $3, 'resident-lookup', 'POST /api/admin/residents/search', $4) RETURNING tableoid::regclass::text AS p`,
      [staffId, tree.streetA.id, residentId, at],
    ),
    api.db.query(`INSERT INTO partner_api_call (endpoint, status, outcome, called_at) VALUES ('/api/partner/v1/credits', 401, 'test', $1) RETURNING tableoid::regclass::text AS p`, [at]),
  ]);
  return rows.map(([r]) => (r as { p: string }).p);
}

describe('the logs by year', () => {
  it('land in the partition of their Shanghai year on either side of midnight, and an audited action in this year’s', async () => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const resident = await newBoundResident(api, tree.communityA1);
    expect(await logRowsAt(lastMoment, admin.user.id, resident.userId)).toEqual(LOGS.map((t) => `${t}_y${lastYear}`));
    expect(await logRowsAt(firstMoment, admin.user.id, resident.userId)).toEqual(LOGS.map((t) => `${t}_y${thisYear}`));

    const venue = await api.http.as(admin.tokens.accessToken).post<{ id: number }>('/api/admin/venues', venueInput(tree.communityA1.id));
    expect(venue.status).toBe(201);
    const audit = await api.db.query(`SELECT tableoid::regclass::text AS p FROM audit_event WHERE action = 'venue.add' AND target_id = $1`, [String(venue.body.id)]);
    expect(audit).toEqual([{ p: `audit_event_y${thisYear}` }]);
    // the rules they had: a CHECK, and a foreign key, on every partition
    const self = await refused((m) =>
      m.query(`INSERT INTO personal_data_access (staff_id, staff_role, resident_id, kind, route, at) VALUES ($1, 'admin', $1, 'resident-lookup', 'x', $2)`, [admin.user.id, lastMoment]),
    );
    expect(self.code).toBe('23514');
    expect(self.message).toMatch(/personal_data_access_not_self/);
    const ghost = await refused((m) => m.query(`INSERT INTO audit_event (actor_id, action, target_type, target_id, created_at) VALUES (gen_random_uuid(), 'x', 'x', 'x', $1)`, [lastMoment]));
    expect(ghost.code).toBe('23503');
  });

  it('are read across two years: the access-log pages of the resident and of the admin, with their filters and cursor, and the purge', async () => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const resident = await newBoundResident(api, tree.communityA2);
    await logRowsAt(lastMoment, admin.user.id, resident.userId);
    await logRowsAt(firstMoment, admin.user.id, resident.userId);

    const mine = await api.http.as(resident.tokens.accessToken).get<MyAccessLogEntry[]>('/api/me/access-log');
    expect(mine.status).toBe(200);
    expect(mine.body.map((e) => new Date(e.at).getTime())).toEqual([firstMoment.getTime(), lastMoment.getTime()]);

    const asAdmin = api.http.as(admin.tokens.accessToken);
    const page = async (query: string) => {
      const res = await asAdmin.get<Page<AccessLogEntry>>(`/api/admin/access-log?residentId=${resident.userId}${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const first = await page('&limit=1');
    const second = await page(`&limit=1&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((e) => new Date(e.at).getTime())).toEqual([firstMoment.getTime(), lastMoment.getTime()]);
    // a day on each side of New Year, as the admin types it (`to` is a whole day)
    expect((await page(`&from=${lastYear}-12-31&to=${lastYear}-12-31`)).items.map((e) => new Date(e.at).getTime())).toEqual([lastMoment.getTime()]);
    expect((await page(`&from=${thisYear}-01-01`)).items.map((e) => new Date(e.at).getTime())).toEqual([firstMoment.getTime()]);

    // the purge deletes last year's rows (this resident's and the other tests'), not this year's
    const purged = await api.app.get(AccessLogRepository).purgeBefore(firstMoment, 1);
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await api.db.query(`SELECT tableoid::regclass::text AS p FROM personal_data_access WHERE resident_id = $1`, [resident.userId]);
    expect(left).toEqual([{ p: `personal_data_access_y${thisYear}` }]);
  });

  it('refuse a row dated in a year without a partition (there is no DEFAULT partition)', async () => {
    for (const [table, sql] of [
      ['audit_event', `INSERT INTO audit_event (action, target_type, target_id, created_at) VALUES ('x', 'x', 'x', '2080-03-01 10:00:00+08')`],
      ['partner_api_call', `INSERT INTO partner_api_call (endpoint, status, outcome, called_at) VALUES ('x', 200, 'ok', '2080-03-01 10:00:00+08')`],
    ]) {
      const far = await refused((m) => m.query(sql));
      expect(far.code).toBe('23514');
      expect(far.message).toMatch(new RegExp(`no partition of relation "${table}"`));
    }
  });
});

describe('when the year-partitions job has not made this year’s partitions', () => {
  it('an audited action and a look-up that is logged answer 503 in Chinese and leave nothing half done; the job makes the partitions and they work again', async () => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const resident = await newBoundResident(api, tree.communityA1);
    const asAdmin = api.http.as(admin.tokens.accessToken);
    const input = venueInput(tree.communityA1.id);
    const venues = async () => (await api.db.query(`SELECT count(*)::int AS n FROM venue WHERE name = $1`, [input.name]))[0].n as number;
    const lookups = async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM personal_data_access WHERE resident_id = $1 AND kind = 'resident-lookup'`, [resident.userId]))[0].n as number;

    for (const t of ['audit_event', 'personal_data_access']) {
      // this year's rows (from the tests above) kept aside, to come back after the job
      await api.db.query(`ALTER TABLE ${t} DETACH PARTITION ${t}_y${thisYear}`);
      await api.db.query(`ALTER TABLE ${t}_y${thisYear} RENAME TO ${t}_kept`);
    }
    try {
      const added = expectApiError(await asAdmin.post('/api/admin/venues', input), 503, ErrorCode.ServiceUnavailable);
      expect(added.message).toMatch(/稍后再试/);
      expect(await venues()).toBe(0);
      const search = expectApiError(await asAdmin.post('/api/admin/residents/search', { q: resident.phone }), 503, ErrorCode.ServiceUnavailable);
      expect(search.message).toMatch(/稍后再试/);
      expect(await lookups()).toBe(0);

      // the job's run for this year makes exactly the two missing partitions
      expect(await api.app.get(YearPartitions).ensure()).toBe(2);
      expect((await asAdmin.post('/api/admin/venues', input)).status).toBe(201);
      expect(await venues()).toBe(1);
      expect((await asAdmin.post('/api/admin/residents/search', { q: resident.phone })).status).toBe(200);
      expect(await api.db.query(`SELECT tableoid::regclass::text AS p FROM personal_data_access WHERE resident_id = $1`, [resident.userId])).toEqual([
        { p: `personal_data_access_y${thisYear}` },
      ]);
    } finally {
      for (const t of ['audit_event', 'personal_data_access']) {
        // the rows made meanwhile join the kept ones, which take their partition's place again
        if ((await api.db.query(`SELECT to_regclass($1) AS r`, [`${t}_y${thisYear}`]))[0].r) {
          await api.db.query(`ALTER TABLE ${t} DETACH PARTITION ${t}_y${thisYear}`);
          await api.db.query(`INSERT INTO ${t}_kept SELECT * FROM ${t}_y${thisYear}`);
          await api.db.query(`DROP TABLE ${t}_y${thisYear}`);
        }
        await api.db.query(`ALTER TABLE ${t}_kept RENAME TO ${t}_y${thisYear}`);
        await api.db.query(`ALTER TABLE ${t} ATTACH PARTITION ${t}_y${thisYear} FOR VALUES FROM ('${thisYear}-01-01 00:00:00+08') TO ('${thisYear + 1}-01-01 00:00:00+08')`);
      }
    }
  });
});
