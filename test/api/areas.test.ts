import { AreaNode, ErrorCode, PopulationRow, Role, SchoolSummary, VenueSummary } from '@lp/shared';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newAreaTree, newSchool, newStaff } from '../support/factories';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
});
afterAll(() => api.close());

const figures = { residentTotal: 10000, aged60Plus: 2500, under18: 1500, employed: 5200, migrantWorkers: 800, unemployed: 200, ruralLabor: 0 };

describe('population base data and area scope', () => {
  it('a street admin enters figures for a community in the street; the change is audited', async () => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const as = api.http.as(admin.tokens.accessToken);
    const put = await as.put<PopulationRow>(`/api/areas/${tree.communityA1.id}/population/2026`, figures);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...figures, year: 2026, area: { id: tree.communityA1.id } });
    const get = await as.get<PopulationRow>(`/api/areas/${tree.communityA1.id}/population?year=2026`);
    expect(get.body.residentTotal).toBe(10000);
    const children = await as.get<PopulationRow[]>(`/api/areas/${tree.streetA.id}/population/children?year=2026`);
    expect(children.body.map((c) => c.area.id)).toEqual([tree.communityA1.id]);
    const audit = await api.db.query(`SELECT actor_id, details->>'year' AS year FROM audit_event WHERE action = 'population.set' AND target_id = $1`, [String(tree.communityA1.id)]);
    expect(audit).toContainEqual({ actor_id: admin.user.id, year: '2026' });
  });

  it('an admin of street A can neither read nor change street B or its communities', async () => {
    const adminA = await newStaff(api, Role.Admin, { area: tree.streetA });
    const as = api.http.as(adminA.tokens.accessToken);
    for (const area of [tree.streetB, tree.communityB1, tree.district]) {
      expectApiError(await as.get(`/api/areas/${area.id}/population?year=2026`), 403, ErrorCode.OutOfScope);
      expectApiError(await as.put(`/api/areas/${area.id}/population/2026`, figures), 403, ErrorCode.OutOfScope);
    }
    const written = await api.db.query('SELECT count(*)::int AS n FROM area_population WHERE area_id IN ($1, $2)', [tree.streetB.id, tree.communityB1.id]);
    expect(written[0].n).toBe(0);
  });

  it('a community admin sees only their community; the district super-admin sees everything under the district', async () => {
    const community = await newStaff(api, Role.Admin, { area: tree.communityA2 });
    expectApiError(await api.http.as(community.tokens.accessToken).get(`/api/areas/${tree.communityA1.id}/population?year=2026`), 403, ErrorCode.OutOfScope);
    const superAdmin = await newStaff(api, Role.SuperAdmin, { area: tree.district });
    const put = await api.http.as(superAdmin.tokens.accessToken).put(`/api/areas/${tree.communityB1.id}/population/2026`, figures);
    expect(put.status).toBe(200);
  });

  it('teachers and residents are refused population data', async () => {
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.streetA) });
    expectApiError(await api.http.as(teacher.tokens.accessToken).get(`/api/areas/${tree.communityA1.id}/population?year=2026`), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.get(`/api/areas/${tree.communityA1.id}/population?year=2026`), 401);
  });

  it.each([
    ['a group larger than the total', { ...figures, aged60Plus: 10001 }, /60岁以上人口不能多于常住人口/],
    ['60+ and under-18 together above the total', { ...figures, aged60Plus: 6000, under18: 5000 }, /加起来不能多于常住人口/],
    ['a negative count', { ...figures, unemployed: -1 }, /不能是负数/],
    ['a fraction', { ...figures, employed: 12.5 }, /应当是整数/],
    ['text instead of a number', { ...figures, residentTotal: '一万' }, /应当是整数/],
    ['a missing field', { residentTotal: 5 }, /应当是整数/],
  ])('%s is refused with a Chinese 400 and nothing is written', async (_n, body, message) => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const res = await api.http.as(admin.tokens.accessToken).put(`/api/areas/${tree.communityA2.id}/population/2025`, body);
    const err = expectApiError(res, 400);
    expect([err.message, ...(err.details ?? [])].join(' ')).toMatch(message);
    const rows = await api.db.query('SELECT count(*)::int AS n FROM area_population WHERE area_id = $1 AND year = 2025', [tree.communityA2.id]);
    expect(rows[0].n).toBe(0);
  });

  it('bad ids and years in the path are 400s, not 500s', async () => {
    const admin = await newStaff(api, Role.Admin, { area: tree.streetA });
    const as = api.http.as(admin.tokens.accessToken);
    expectApiError(await as.get('/api/areas/abc/population?year=2026'), 400);
    expectApiError(await as.get('/api/areas/99999999999/population?year=2026'), 400);
    expectApiError(await as.put(`/api/areas/${tree.communityA1.id}/population/1899`, figures), 400);
    expectApiError(await as.get(`/api/areas/${tree.communityA1.id}/population?year=twenty`), 400);
  });
});

describe('public lists', () => {
  it('the area tree nests streets and communities; schools and venues filter by subtree', async () => {
    const res = await api.http.get<AreaNode>('/api/areas/tree');
    expect(res.status).toBe(200);
    expect(res.body.level).toBe('district');
    const school = await newSchool(api, tree.communityA1);
    const inA = await api.http.get<SchoolSummary[]>(`/api/schools?areaId=${tree.streetA.id}`);
    expect(inA.body.map((s) => s.id)).toContain(school.id);
    const inB = await api.http.get<SchoolSummary[]>(`/api/schools?areaId=${tree.streetB.id}`);
    expect(inB.body.map((s) => s.id)).not.toContain(school.id);
    const venues = await api.http.get<VenueSummary[]>(`/api/venues?areaId=${tree.streetB.id}`);
    expect(venues.status).toBe(200);
    expectApiError(await api.http.get('/api/schools?areaId=2147480000'), 404);
    expectApiError(await api.http.get('/api/schools?areaId=-3'), 400);
  });
});
