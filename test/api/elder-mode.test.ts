import { CurrentUser, ErrorCode, Role, shanghaiDate } from '@lp/shared';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newAreaTree, newBoundResident, newResident, newSchool, newStaff } from '../support/factories';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
});
afterAll(() => api.close());

/** The date `years` years and `days` days before today in Shanghai, YYYY-MM-DD. */
function yearsAgo(years: number, days = 0): string {
  const today = new Date(`${shanghaiDate()}T00:00:00Z`);
  today.setUTCFullYear(today.getUTCFullYear() - years);
  today.setUTCDate(today.getUTCDate() - days);
  return today.toISOString().slice(0, 10);
}

const me = async (token: string) => (await api.http.as(token).get<CurrentUser>('/api/me')).body;

describe('长辈模式 kept with the account', () => {
  it('is on by default from the 60th birthday (by the bound birth date), off the day before and for a resident who has not bound a profile', async () => {
    const sixty = await newBoundResident(api, tree.communityA1, { birthDate: yearsAgo(60) });
    const almost = await newBoundResident(api, tree.communityA1, { birthDate: yearsAgo(60, -1) });
    const sixtyEight = await newBoundResident(api, tree.communityA1, { birthDate: yearsAgo(68, 40) });
    const unbound = await newResident(api);
    const seen = {
      sixty: (await me(sixty.tokens.accessToken)).elderMode,
      almost: (await me(almost.tokens.accessToken)).elderMode,
      sixtyEight: (await me(sixtyEight.tokens.accessToken)).elderMode,
      unbound: (await me(unbound.tokens.accessToken)).elderMode,
    };
    process.stdout.write(`born ${sixty.birthDate}: ${seen.sixty}; born ${almost.birthDate}: ${seen.almost}; born ${sixtyEight.birthDate}: ${seen.sixtyEight}; unbound: ${seen.unbound}\n`);
    expect(seen).toEqual({ sixty: true, almost: false, sixtyEight: true, unbound: false });
  });

  it('a 68-year-old who turns it off keeps it off on a new login (another phone), and can turn it on again', async () => {
    const r = await newBoundResident(api, tree.communityA2, { birthDate: yearsAgo(68) });
    const off = await api.http.as(r.tokens.accessToken).put<CurrentUser>('/api/me/elder-mode', { on: false });
    expect(off.status).toBe(200);
    expect(off.body.elderMode).toBe(false);
    // the same WeChat account logging in again, as from another phone
    const again = await api.http.post<{ user: CurrentUser }>('/api/auth/wechat/login', { code: api.wechat.codeFor(r.openid).code });
    expect(again.status).toBe(200);
    expect(again.body.user.elderMode).toBe(false);
    const [row] = await api.db.query('SELECT elder_mode FROM app_user WHERE id = $1', [r.userId]);
    expect(row.elder_mode).toBe(false);
    expect((await api.http.as(r.tokens.accessToken).put<CurrentUser>('/api/me/elder-mode', { on: true })).body.elderMode).toBe(true);
    expect((await me(r.tokens.accessToken)).elderMode).toBe(true);
  });

  it('a 40-year-old and a teacher can turn it on for themselves', async () => {
    const young = await newBoundResident(api, tree.communityA1, { birthDate: yearsAgo(40) });
    expect((await me(young.tokens.accessToken)).elderMode).toBe(false);
    expect((await api.http.as(young.tokens.accessToken).put<CurrentUser>('/api/me/elder-mode', { on: true })).body.elderMode).toBe(true);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.streetA) });
    expect(teacher.tokens.user.elderMode).toBe(false);
    expect((await api.http.as(teacher.tokens.accessToken).put<CurrentUser>('/api/me/elder-mode', { on: true })).body.elderMode).toBe(true);
  });

  it('refuses anything but true or false, in Chinese, and anyone not signed in', async () => {
    const r = await newResident(api);
    const bad = expectApiError(await api.http.as(r.tokens.accessToken).put('/api/me/elder-mode', { on: 'yes' }), 400, ErrorCode.ValidationFailed);
    expect(bad.message).toMatch(/长辈模式/);
    expectApiError(await api.http.put('/api/me/elder-mode', { on: true }), 401);
  });
});

describe("the session names a bound resident's street", () => {
  it('so that 首页 asks for 就在附近 at once: the street of their community, null before binding and for staff', async () => {
    const inA1 = await newBoundResident(api, tree.communityA1);
    const unbound = await newResident(api);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
    const seen = {
      bound: (await me(inA1.tokens.accessToken)).homeStreetId,
      unbound: (await me(unbound.tokens.accessToken)).homeStreetId,
      teacher: (await me(teacher.tokens.accessToken)).homeStreetId,
    };
    process.stdout.write(`home street in the session: ${JSON.stringify(seen)} (community ${tree.communityA1.id} lies in street ${tree.streetA.id})\n`);
    expect(seen).toEqual({ bound: tree.streetA.id, unbound: null, teacher: null });
  });
});
