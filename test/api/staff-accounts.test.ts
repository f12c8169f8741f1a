import { AuthError, ErrorCode, Page, Role, StaffError, StaffListItem, StaffPasswordIssued, StaffStatus, TokenPair } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { newAreaTree, newSchool, newStaff } from '../support/factories';

/*
 * Staff accounts, managed by the admins above them (issue 15): create with a temporary password that
 * must be changed at first login, list with search, filters and pages, reset a password, disable and
 * enable, change role or place. Each change is audited; an admin reaches only staff of their own
 * subtree standing below them; the district keeps at least one active 区级总管理员; a disabled
 * member's session ends within 5 s.
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let superAdmin: Awaited<ReturnType<typeof newStaff>>;
let streetAdmin: Awaited<ReturnType<typeof newStaff>>;
let schoolA1: Awaited<ReturnType<typeof newSchool>>;
let schoolB1: Awaited<ReturnType<typeof newSchool>>;

const REVOKE_WITHIN_MS = 5000;
const PROBE = '/api/me/notifications';
const GOOD_PASSWORD = '秋天的银杏-Lp-2026-sh';
const tag = () => `${Date.now() % 1e6}${randomInt(1e4)}`;

beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  superAdmin = await newStaff(api, Role.SuperAdmin, { area: tree.district });
  streetAdmin = await newStaff(api, Role.Admin, { area: tree.streetA });
  schoolA1 = await newSchool(api, tree.communityA1);
  schoolB1 = await newSchool(api, tree.communityB1);
}, 120_000);
afterAll(() => api?.close());

const as = (who: { tokens: TokenPair }) => api.http.as(who.tokens.accessToken);

async function create(by: Http, body: Record<string, unknown>): Promise<StaffPasswordIssued> {
  const res = await by.post<StaffPasswordIssued>('/api/admin/staff', body);
  if (res.status !== 201) throw new Error(`creating ${JSON.stringify(body)} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const login = (username: string, password: string) => api.http.post<TokenPair>('/api/auth/password/login', { username, password });

async function auditOf(userId: string): Promise<{ action: string; actor_id: string | null; details: Record<string, unknown> }[]> {
  return api.db.query(`SELECT action, actor_id, details FROM audit_event WHERE target_type = 'user' AND target_id = $1 AND (action LIKE 'staff.%' OR action = 'auth.password_change') ORDER BY id`, [userId]);
}

/** How long until the token is refused, polling every 100 ms; null if still accepted at the deadline. */
async function refusedAfter(token: string, since: number): Promise<number | null> {
  for (;;) {
    const res = await api.http.as(token).get(PROBE);
    if (res.status === 401) return Date.now() - since;
    if (Date.now() - since > REVOKE_WITHIN_MS) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a new account and its first login', () => {
  it('a super-admin creates a teacher; the temporary password logs in only to the change-password step, then the teacher works', async () => {
    const username = `t_${tag()}`;
    const issued = await create(as(superAdmin), { username, displayName: '张老师', role: Role.Teacher, schoolId: schoolA1.id });
    expect(issued.temporaryPassword).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
    expect(issued.staff).toMatchObject({ username, role: Role.Teacher, school: { id: schoolA1.id }, area: { id: tree.communityA1.id }, status: 'active', passwordChangeRequired: true });

    const first = await login(username, issued.temporaryPassword);
    expect(first.status).toBe(200);
    expect(first.body.user.passwordChangeRequired).toBe(true);
    const pending = api.http.as(first.body.accessToken);
    expectApiError(await pending.get(PROBE), 403, AuthError.MustChangePassword);
    expectApiError(await pending.get('/api/teacher/offerings'), 403, AuthError.MustChangePassword);
    expect((await pending.get('/api/me')).status).toBe(200);

    const weak = await pending.post('/api/auth/password/change', { currentPassword: issued.temporaryPassword, newPassword: 'aaaaaaaaaaaaaaaa' });
    expect(expectApiError(weak, 400, AuthError.WeakPassword).message).toContain('重复');
    expectApiError(await pending.post('/api/auth/password/change', { currentPassword: issued.temporaryPassword, newPassword: 'password1234' }), 400, AuthError.WeakPassword);
    expectApiError(await pending.post('/api/auth/password/change', { currentPassword: issued.temporaryPassword, newPassword: 'short-9x' }), 400, AuthError.WeakPassword);
    expectApiError(await pending.post('/api/auth/password/change', { currentPassword: 'not-the-password', newPassword: GOOD_PASSWORD }), 400, AuthError.CurrentPasswordWrong);
    expect((await auditOf(issued.staff.id)).filter((a) => a.action === 'auth.password_change')).toEqual([]);

    const changed = await pending.post<TokenPair>('/api/auth/password/change', { currentPassword: issued.temporaryPassword, newPassword: GOOD_PASSWORD });
    expect(changed.status).toBe(200);
    expect(changed.body.user.passwordChangeRequired).toBe(false);
    expect((await api.http.as(changed.body.accessToken).get(PROBE)).status).toBe(200);
    const since = Date.now();
    expect(await refusedAfter(first.body.accessToken, since)).not.toBeNull();
    expect((await login(username, issued.temporaryPassword)).status).toBe(401);
    const again = await login(username, GOOD_PASSWORD);
    expect(again.status).toBe(200);
    expect(again.body.user.passwordChangeRequired).toBe(false);

    const trail = await auditOf(issued.staff.id);
    expect(trail.map((a) => a.action)).toEqual(['staff.create', 'auth.password_change']);
    expect(trail[0]).toMatchObject({ actor_id: superAdmin.user.id, details: { username, role: Role.Teacher, schoolId: schoolA1.id } });
    expect(JSON.stringify(trail)).not.toContain(issued.temporaryPassword);
    expect(JSON.stringify(trail)).not.toContain(GOOD_PASSWORD);
  });

  it('an admin may choose the first password, which must follow the policy', async () => {
    const username = `c_${tag()}`;
    const weak = await as(superAdmin).post('/api/admin/staff', { username, displayName: '社区管理员', role: Role.Admin, areaId: tree.communityA2.id, password: '123456789012' });
    expectApiError(weak, 400, AuthError.WeakPassword);
    const issued = await create(as(superAdmin), { username, displayName: '社区管理员', role: Role.Admin, areaId: tree.communityA2.id, password: GOOD_PASSWORD });
    expect(issued.temporaryPassword).toBe(GOOD_PASSWORD);
    expect((await login(username, GOOD_PASSWORD)).body.user).toMatchObject({ role: Role.Admin, area: { id: tree.communityA2.id }, passwordChangeRequired: true });
  });
});

describe('who may manage whom', () => {
  it('a 街道 admin creates teachers and 社区 admins of their street, but nobody in another street and no one at or above their own level', async () => {
    const street = as(streetAdmin);
    const mine = await create(street, { username: `ta_${tag()}`, displayName: '甲街道老师', role: Role.Teacher, schoolId: schoolA1.id });
    const community = await create(street, { username: `ca_${tag()}`, displayName: '甲一社区管理员', role: Role.Admin, areaId: tree.communityA1.id });
    expect([mine.staff.area?.id, community.staff.area?.id]).toEqual([tree.communityA1.id, tree.communityA1.id]);

    const refused: [Record<string, unknown>, number, string][] = [
      [{ role: Role.Teacher, schoolId: schoolB1.id }, 403, ErrorCode.OutOfScope],
      [{ role: Role.Admin, areaId: tree.communityB1.id }, 403, ErrorCode.OutOfScope],
      [{ role: Role.Admin, areaId: tree.streetB.id }, 403, ErrorCode.OutOfScope],
      [{ role: Role.Admin, areaId: tree.streetA.id }, 403, StaffError.RoleNotBelow],
      [{ role: Role.Admin, areaId: tree.district.id }, 403, ErrorCode.OutOfScope],
      [{ role: Role.SuperAdmin, areaId: tree.district.id }, 403, ErrorCode.OutOfScope],
    ];
    const found: string[] = [];
    for (const [place, status, code] of refused) {
      const username = `no_${tag()}`;
      const res = await street.post<{ code: string }>('/api/admin/staff', { username, displayName: '不该开设', ...place });
      const written = await api.db.query(`SELECT 1 FROM app_user WHERE username = $1`, [username]);
      found.push(`${JSON.stringify(place)} → ${res.status} ${res.body.code}, rows ${written.length}`);
      expectApiError(res, status, code);
      expect(written).toEqual([]);
    }
    process.stdout.write(`street admin refused:\n  ${found.join('\n  ')}\n`);

    // the 社区 admin stands below the 街道 admin: it may not touch the street admin's teachers' peers above it
    const communityLogin = await login(community.staff.username, community.temporaryPassword);
    const changed = await api.http.as(communityLogin.body.accessToken).post<TokenPair>('/api/auth/password/change', { currentPassword: community.temporaryPassword, newPassword: GOOD_PASSWORD });
    const asCommunity = api.http.as(changed.body.accessToken);
    expectApiError(await asCommunity.post(`/api/admin/staff/${streetAdmin.user.id}/disable`), 403);
    expectApiError(await asCommunity.post('/api/admin/staff', { username: `cc_${tag()}`, displayName: '同级', role: Role.Admin, areaId: tree.communityA1.id }), 403, StaffError.RoleNotBelow);

    // another street's admin sees none of street A's staff and cannot change them
    const other = await newStaff(api, Role.Admin, { area: tree.streetB });
    const seen = await as(other).get<Page<StaffListItem>>('/api/admin/staff?limit=100');
    expect(seen.status).toBe(200);
    expect(seen.body.items.filter((s) => s.id === mine.staff.id || s.id === streetAdmin.user.id)).toEqual([]);
    for (const path of ['disable', 'enable', 'password-reset']) expectApiError(await as(other).post(`/api/admin/staff/${mine.staff.id}/${path}`, {}), 403, ErrorCode.OutOfScope);
    expectApiError(await as(other).put(`/api/admin/staff/${mine.staff.id}/scope`, { role: Role.Teacher, schoolId: schoolB1.id }), 403, ErrorCode.OutOfScope);
    expectApiError(await as(other).get(`/api/admin/staff?areaId=${tree.streetA.id}`), 403, ErrorCode.OutOfScope);
    expect((await auditOf(mine.staff.id)).map((a) => a.action)).toEqual(['staff.create']);
  });

  it('teachers and residents cannot reach the staff endpoints; an admin cannot change their own account there', async () => {
    const teacher = await newStaff(api, Role.Teacher, { school: schoolA1 });
    expectApiError(await as(teacher).get('/api/admin/staff'), 403, ErrorCode.Forbidden);
    expectApiError(await as(teacher).post('/api/admin/staff', { username: `x_${tag()}`, displayName: '某', role: Role.Teacher, schoolId: schoolA1.id }), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.get('/api/admin/staff'), 401);
    expectApiError(await as(streetAdmin).post(`/api/admin/staff/${streetAdmin.user.id}/disable`), 403, StaffError.SelfChange);
  });
});

describe('bad input', () => {
  it('is refused with a Chinese message and writes nothing', async () => {
    const taken = await create(as(superAdmin), { username: `dup_${tag()}`, displayName: '已有', role: Role.Teacher, schoolId: schoolA1.id });
    const teacherBody = { displayName: '王老师', role: Role.Teacher, schoolId: schoolA1.id };
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['username with capitals', { ...teacherBody, username: 'Wang_Laoshi' }, 400, ErrorCode.ValidationFailed],
      ['username too short', { ...teacherBody, username: 'wa' }, 400, ErrorCode.ValidationFailed],
      ['no name', { ...teacherBody, username: `n_${tag()}`, displayName: '  ' }, 400, ErrorCode.ValidationFailed],
      ['resident role', { ...teacherBody, username: `n_${tag()}`, role: Role.Resident }, 400, ErrorCode.ValidationFailed],
      ['teacher without school', { username: `n_${tag()}`, displayName: '王老师', role: Role.Teacher }, 400, StaffError.WrongPlace],
      ['teacher with an area', { ...teacherBody, username: `n_${tag()}`, areaId: tree.communityA1.id }, 400, StaffError.WrongPlace],
      ['admin with a school', { username: `n_${tag()}`, displayName: '管理员', role: Role.Admin, schoolId: schoolA1.id }, 400, StaffError.WrongPlace],
      ['super-admin below the district', { username: `n_${tag()}`, displayName: '总管', role: Role.SuperAdmin, areaId: tree.streetA.id }, 400, StaffError.WrongPlace],
      ['unknown school', { ...teacherBody, username: `n_${tag()}`, schoolId: 2_000_000_000 }, 400, StaffError.WrongPlace],
      ['unknown area', { username: `n_${tag()}`, displayName: '管理员', role: Role.Admin, areaId: 2_000_000_000 }, 400, StaffError.WrongPlace],
      ['weak password', { ...teacherBody, username: `n_${tag()}`, password: 'qwertyuiopasdf' }, 400, AuthError.WeakPassword],
      ['password with the username', { ...teacherBody, username: 'wanglaoshi', password: 'wanglaoshi-2026-Qx' }, 400, AuthError.WeakPassword],
      ['username taken', { ...teacherBody, username: taken.staff.username }, 409, StaffError.UsernameTaken],
    ];
    // only what this test could have written: other files share the database and run at the same time
    const usernames = cases.map(([, body]) => String(body.username ?? ''));
    const written = () =>
      api.db.query(
        `SELECT (SELECT count(*) FROM app_user WHERE username = ANY($1)) AS users,
                (SELECT count(*) FROM audit_event WHERE actor_id = $2 AND action LIKE 'staff.%') AS audits`,
        [usernames, superAdmin.user.id],
      );
    const before = await written();
    const found: string[] = [];
    for (const [what, body, status, code] of cases) {
      const res = await as(superAdmin).post<{ code: string; message: string }>('/api/admin/staff', body);
      found.push(`${what} → ${res.status} ${res.body.code} ${res.body.message}`);
      expectApiError(res, status, code);
    }
    const listCases = ['?limit=0', '?status=gone', '?role=resident', '?cursor=!!', `?cursor=${Buffer.from('["a","b"]').toString('base64url')}`, '?areaId=abc'];
    for (const q of listCases) {
      const res = await as(superAdmin).get<{ code: string; message: string }>(`/api/admin/staff${q}`);
      found.push(`list ${q} → ${res.status} ${res.body.code} ${res.body.message}`);
      expectApiError(res, 400);
    }
    expectApiError(await as(superAdmin).put(`/api/admin/staff/${taken.staff.id}/scope`, { role: Role.Teacher, schoolId: schoolA1.id }), 400);
    expectApiError(await as(superAdmin).post('/api/admin/staff/not-a-uuid/disable'), 400);
    expectApiError(await as(superAdmin).post(`/api/admin/staff/${taken.staff.id}/password-reset`, { password: 'abcabcabcabcabc' }), 400, AuthError.WeakPassword);
    const after = await written();
    process.stdout.write(`bad staff input:\n  ${found.join('\n  ')}\n`);
    expect(after).toEqual(before);
  });
});

describe('the staff table', () => {
  it('searches by name or username, filters by role, area, school and status, and pages without repeats', async () => {
    const district = await newAreaTree(api);
    const boss = await newStaff(api, Role.SuperAdmin, { area: district.district });
    const school = await newSchool(api, district.communityA1);
    const made: StaffPasswordIssued[] = [];
    for (let i = 0; i < 5; i++) made.push(await create(as(boss), { username: `pg${i}_${tag()}`, displayName: `翻页老师${i}`, role: Role.Teacher, schoolId: school.id }));
    const admin = await create(as(boss), { username: `pa_${tag()}`, displayName: '乙街道管理员', role: Role.Admin, areaId: district.streetB.id });
    await as(boss).post(`/api/admin/staff/${made[4].staff.id}/disable`);

    const list = async (q: string) => {
      const res = await as(boss).get<Page<StaffListItem>>(`/api/admin/staff${q}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const names = (p: Page<StaffListItem>) => p.items.map((s) => s.displayName);
    expect(names(await list('?q=翻页老师'))).toEqual(['翻页老师0', '翻页老师1', '翻页老师2', '翻页老师3', '翻页老师4']);
    expect(names(await list(`?q=${made[2].staff.username}`))).toEqual(['翻页老师2']);
    expect(names(await list('?role=admin'))).toEqual(['乙街道管理员']);
    expect((await list('?role=super_admin')).items.map((s) => s.id)).toEqual([boss.user.id]);
    expect(names(await list(`?areaId=${district.streetB.id}`))).toEqual(['乙街道管理员']);
    expect(names(await list(`?schoolId=${school.id}&status=disabled`))).toEqual(['翻页老师4']);
    expect((await list(`?schoolId=${school.id}&status=active`)).items).toHaveLength(4);
    expect((await list('?q=%25')).items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<StaffListItem> = await list(`?q=翻页老师&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect({ pages, seen }).toEqual({ pages: 3, seen: ['翻页老师0', '翻页老师1', '翻页老师2', '翻页老师3', '翻页老师4'] });
    expect(admin.staff.area).toMatchObject({ id: district.streetB.id, level: 'street' });
  });
});

describe('reset, disable, enable, change of scope', () => {
  it('a reset password ends the sessions, and the temporary one must be changed again', async () => {
    const issued = await create(as(streetAdmin), { username: `rs_${tag()}`, displayName: '重设老师', role: Role.Teacher, schoolId: schoolA1.id });
    const first = await login(issued.staff.username, issued.temporaryPassword);
    const changed = await api.http.as(first.body.accessToken).post<TokenPair>('/api/auth/password/change', { currentPassword: issued.temporaryPassword, newPassword: GOOD_PASSWORD });
    expect(changed.status).toBe(200);

    const reset = await as(streetAdmin).post<StaffPasswordIssued>(`/api/admin/staff/${issued.staff.id}/password-reset`, {});
    expect(reset.status).toBe(200);
    expect(reset.body.staff.passwordChangeRequired).toBe(true);
    expect(reset.body.temporaryPassword).not.toBe(issued.temporaryPassword);
    const ms = await refusedAfter(changed.body.accessToken, Date.now());
    expect((await api.http.post('/api/auth/refresh', { refreshToken: changed.body.refreshToken })).status).toBe(401);
    expect((await login(issued.staff.username, GOOD_PASSWORD)).status).toBe(401);
    const next = await login(issued.staff.username, reset.body.temporaryPassword);
    expect(next.body.user.passwordChangeRequired).toBe(true);
    expectApiError(await api.http.as(next.body.accessToken).get(PROBE), 403, AuthError.MustChangePassword);
    process.stdout.write(`reset: the old session refused after ${ms} ms\n`);
    expect(ms).not.toBeNull();
    expect((await auditOf(issued.staff.id)).map((a) => a.action)).toEqual(['staff.create', 'auth.password_change', 'staff.password_reset']);
  });

  it("a disabled member's session ends before the admin sees 已停用, measured; they cannot log in until enabled again", async () => {
    const member = await newStaff(api, Role.Teacher, { school: schoolA1 });
    expect((await as(member).get(PROBE)).status).toBe(200);
    const started = Date.now();
    const disabled = await as(streetAdmin).post<StaffListItem>(`/api/admin/staff/${member.user.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe(StaffStatus.Disabled);
    // the answer leaves once this server refuses the member: the very next call is already refused
    expectApiError(await as(member).get(PROBE), 401, AuthError.SessionRevoked);
    const ms = await refusedAfter(member.tokens.accessToken, started);
    process.stdout.write(`disable: the member's access token refused ${ms === null ? 'NOT within 5 s' : `after ${ms} ms`}\n`);
    expect(ms).not.toBeNull();
    expect((await api.http.post('/api/auth/refresh', { refreshToken: member.tokens.refreshToken })).status).toBe(401);
    expectApiError(await login(member.username, member.password), 403);

    const again = await as(streetAdmin).post<StaffListItem>(`/api/admin/staff/${member.user.id}/enable`);
    expect(again.body.status).toBe(StaffStatus.Active);
    expect((await login(member.username, member.password)).status).toBe(200);
    expect((await auditOf(member.user.id)).filter((a) => a.action.startsWith('staff.'))).toEqual([
      { action: 'staff.disable', actor_id: streetAdmin.user.id, details: { role: Role.Teacher } },
      { action: 'staff.enable', actor_id: streetAdmin.user.id, details: { role: Role.Teacher } },
    ]);
  });

  it('a change of scope moves a teacher to another school of the street, or makes them a 社区 admin; nothing above or outside', async () => {
    const other = await newSchool(api, tree.communityA2);
    const issued = await create(as(streetAdmin), { username: `mv_${tag()}`, displayName: '调动老师', role: Role.Teacher, schoolId: schoolA1.id });
    const moved = await as(streetAdmin).put<StaffListItem>(`/api/admin/staff/${issued.staff.id}/scope`, { role: Role.Teacher, schoolId: other.id });
    expect(moved.body).toMatchObject({ school: { id: other.id }, area: { id: tree.communityA2.id } });
    expectApiError(await as(streetAdmin).put(`/api/admin/staff/${issued.staff.id}/scope`, { role: Role.Teacher, schoolId: schoolB1.id }), 403, ErrorCode.OutOfScope);
    expectApiError(await as(streetAdmin).put(`/api/admin/staff/${issued.staff.id}/scope`, { role: Role.Admin, areaId: tree.streetA.id }), 403, StaffError.RoleNotBelow);
    const promoted = await as(streetAdmin).put<StaffListItem>(`/api/admin/staff/${issued.staff.id}/scope`, { role: Role.Admin, areaId: tree.communityA2.id });
    expect(promoted.body).toMatchObject({ role: Role.Admin, school: null, area: { id: tree.communityA2.id } });
    const trail = await auditOf(issued.staff.id);
    expect(trail.map((a) => a.action)).toEqual(['staff.create', 'staff.scope_change', 'staff.scope_change']);
    expect(trail[1].details).toEqual({ from: { role: 'teacher', areaId: null, schoolId: schoolA1.id }, to: { role: 'teacher', areaId: null, schoolId: other.id }, toAreaId: tree.communityA2.id });
  });
});

describe('the last super-admin', () => {
  it('of a district cannot be disabled or demoted: two super-admins disabling each other at once leave one active', async () => {
    const found: string[] = [];
    for (let round = 0; round < 3; round++) {
      const district = await newAreaTree(api);
      const first = await newStaff(api, Role.SuperAdmin, { area: district.district });
      const second = await newStaff(api, Role.SuperAdmin, { area: district.district });
      const [a, b] = await Promise.all([
        as(first).post<{ code?: string }>(`/api/admin/staff/${second.user.id}/disable`),
        as(second).post<{ code?: string }>(`/api/admin/staff/${first.user.id}/disable`),
      ]);
      const active = await api.db.query(`SELECT id FROM app_user WHERE role = 'super_admin' AND area_id = $1 AND disabled_at IS NULL`, [district.district.id]);
      found.push(`round ${round}: ${a.status} ${a.body.code ?? ''} / ${b.status} ${b.body.code ?? ''}, active ${active.length}`);
      expect(active).toHaveLength(1);
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
      const loser = a.status === 200 ? b : a;
      if (loser.status === 409) expect(loser.body.code).toBe(StaffError.LastSuperAdmin);
    }
    process.stdout.write(`mutual disable:\n  ${found.join('\n  ')}\n`);

    // demoting: allowed while another stays, and the demoted one then manages no super-admin
    const district = await newAreaTree(api);
    const first = await newStaff(api, Role.SuperAdmin, { area: district.district });
    const second = await newStaff(api, Role.SuperAdmin, { area: district.district });
    const demoted = await as(first).put<StaffListItem>(`/api/admin/staff/${second.user.id}/scope`, { role: Role.Admin, areaId: district.district.id });
    expect(demoted.status).toBe(200);
    const relogin = await login(second.username, second.password);
    expectApiError(await api.http.as(relogin.body.accessToken).post(`/api/admin/staff/${first.user.id}/disable`), 403, StaffError.RoleNotBelow);
    expectApiError(await as(first).post(`/api/admin/staff/${first.user.id}/disable`), 403, StaffError.SelfChange);
    // a district admin manages 街道 admins
    const streetB = await create(api.http.as(relogin.body.accessToken), { username: `sb_${tag()}`, displayName: '乙街道管理员', role: Role.Admin, areaId: district.streetB.id });
    expect(streetB.staff.area?.level).toBe('street');
  });
});
