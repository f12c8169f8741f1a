import { ErrorCode, Page, ResidentGroup, ResidentListItem, Role } from '@lp/shared';
import { NameHashBackfill } from '@lp/server/dist/residents/name-hash-backfill';
import { randomInt } from 'node:crypto';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';

/** The administrators' resident table: scope, whole-value search through keyed hashes, filters. */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let adminA: Awaited<ReturnType<typeof newStaff>>;
beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  adminA = await newStaff(api, Role.Admin, { area: tree.streetA });
});
afterAll(() => api.close());

/** A three-character name no other test resident is likely to have. */
const uniqueName = () => Array.from({ length: 3 }, () => String.fromCodePoint(0x4e00 + randomInt(0x5000))).join('');
const ids = (page: Page<ResidentListItem>) => page.items.map((i) => i.userId);
const search = (token: string, body: object) => api.http.as(token).post<Page<ResidentListItem>>('/api/admin/residents/search', body);

describe('the admin residents table', () => {
  it('finds exactly the resident with that whole name or that whole phone number, shown masked', async () => {
    const name = uniqueName();
    const wanted = await newBoundResident(api, tree.communityA1, { realName: name });
    await newBoundResident(api, tree.communityA1, { realName: `${name}明` });
    const token = adminA.tokens.accessToken;

    const byName = await search(token, { q: name });
    expect(byName.status).toBe(200);
    expect(ids(byName.body)).toEqual([wanted.userId]);
    expect(byName.body.items[0].realNameMasked).not.toContain(name.slice(1));
    const byPhone = await search(token, { q: wanted.phone });
    expect(ids(byPhone.body)).toEqual([wanted.userId]);
    const text = JSON.stringify([byName.body, byPhone.body]);
    expect(text).not.toContain(wanted.phone);
    expect(text).not.toContain(wanted.idNumber);
    // a full-width space or letters around the name do not matter; a part of it finds nobody
    expect(ids((await search(token, { q: ` ${name[0]}　${name.slice(1)} ` })).body)).toEqual([wanted.userId]);
    expect((await search(token, { q: name.slice(0, 2) })).body.items).toEqual([]);
  });

  it('an admin searches and lists only their own subtree; a teacher and a resident see nothing', async () => {
    const name = uniqueName();
    const elsewhere = await newBoundResident(api, tree.communityB1, { realName: name });
    expect((await search(adminA.tokens.accessToken, { q: name })).body.items).toEqual([]);
    expect((await search(adminA.tokens.accessToken, { q: elsewhere.phone })).body.items).toEqual([]);
    expectApiError(await search(adminA.tokens.accessToken, { q: name, areaId: tree.communityB1.id }), 403, ErrorCode.OutOfScope);
    expectApiError(await api.http.as(adminA.tokens.accessToken).get(`/api/admin/residents?areaId=${tree.communityB1.id}`), 403, ErrorCode.OutOfScope);

    const adminB = await newStaff(api, Role.Admin, { area: tree.streetB });
    expect(ids((await search(adminB.tokens.accessToken, { q: name })).body)).toEqual([elsewhere.userId]);

    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.streetA) });
    expectApiError(await search(teacher.tokens.accessToken, { q: name }), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.as(teacher.tokens.accessToken).get('/api/admin/residents'), 403, ErrorCode.Forbidden);
    expectApiError(await search(elsewhere.tokens.accessToken, { q: name }), 403, ErrorCode.Forbidden);
  });

  it('filters by community and by group, and pages through the filtered list', async () => {
    const local = await newAreaTree(api);
    const admin = await newStaff(api, Role.Admin, { area: local.streetA });
    const unemployed = [];
    for (let i = 0; i < 3; i++) unemployed.push(await newBoundResident(api, local.communityA1, { groups: [ResidentGroup.Unemployed] }));
    await newBoundResident(api, local.communityA1, { groups: [ResidentGroup.Employed] });
    await newBoundResident(api, local.communityA2, { groups: [ResidentGroup.Unemployed] });
    const as = api.http.as(admin.tokens.accessToken);

    const query = `areaId=${local.communityA1.id}&group=${ResidentGroup.Unemployed}`;
    const first = await as.get<Page<ResidentListItem>>(`/api/admin/residents?${query}&limit=2`);
    expect(first.status).toBe(200);
    const second = await as.get<Page<ResidentListItem>>(`/api/admin/residents?${query}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.nextCursor).toBeNull();
    expect([...ids(first.body), ...ids(second.body)].sort()).toEqual(unemployed.map((r) => r.userId).sort());
    const all = await as.get<Page<ResidentListItem>>(`/api/admin/residents?limit=100`);
    expect(all.body.items).toHaveLength(5);
    // the search keeps the filters: this resident is not in community A2
    expect((await search(admin.tokens.accessToken, { q: unemployed[0].phone, areaId: local.communityA2.id })).body.items).toEqual([]);
  });

  it('refuses a partial phone number, a name with digits or symbols, an unknown group and an empty search, in Chinese', async () => {
    const token = adminA.tokens.accessToken;
    for (const q of ['1380013', '138001380001', '王1', '王%', '', '   ', 'a'.repeat(21)]) {
      expectApiError(await search(token, { q }), 400, ErrorCode.ValidationFailed);
    }
    expectApiError(await search(token, {}), 400);
    expectApiError(await search(token, { q: 12345678901 }), 400);
    expectApiError(await api.http.as(token).get('/api/admin/residents?group=rich'), 400);
  });

  it('fills the name hash of residents bound before name search existed when the server starts', async () => {
    const name = uniqueName();
    const older = await newBoundResident(api, tree.communityA2, { realName: name });
    await api.db.query('UPDATE resident_profile SET name_hash = NULL WHERE user_id = $1', [older.userId]);
    expect((await search(adminA.tokens.accessToken, { q: name })).body.items).toEqual([]);
    await api.app.get(NameHashBackfill).onApplicationBootstrap();
    expect(ids((await search(adminA.tokens.accessToken, { q: name })).body)).toEqual([older.userId]);
    // every name left unhashed is a closed account's (its name can no longer be read, nor searched for):
    // other test files close accounts in this database meanwhile
    const [{ n }] = await api.db.query(
      'SELECT count(*)::int AS n FROM resident_profile p JOIN app_user u ON u.id = p.user_id WHERE p.name_hash IS NULL AND u.closed_at IS NULL',
    );
    expect(n).toBe(0);
  });
});
