import { AuthError, Role, TokenPair } from '@lp/shared';
import { StaffService } from '@lp/server/dist/staff/staff.service';
import { Http, startApi, TestApi } from '../support/api';
import { newAreaTree, newSchool, newStaff } from '../support/factories';

/**
 * Sessions that must end do end, on every server at once:
 * - one refresh token presented by several callers at the same moment (the owner and a thief), on
 *   two servers sharing the database: at most one wins, and when the reuse is seen the whole login is
 *   dead, the token just handed to the winner included (its refresh token at once, its access token
 *   within seconds); the same for a logout racing a refresh;
 * - a teacher disabled by an operator's SQL, an admin moved to another area by the staff service:
 *   their access tokens, accepted before, are refused on both servers within 5 s (the moved admin at
 *   once by the server that moved them), and their refresh tokens give no new access token.
 */
let one: TestApi;
let two: TestApi;
const found = { races: 0, racers: 0, winners: 0, reuseSeen: 0, liveRefresh: 0, liveAccess: 0, logoutRaces: 0, staff: [] as string[] };

beforeAll(async () => {
  one = await startApi();
  two = await startApi();
});
afterAll(async () => {
  process.stdout.write(
    `token races: ${found.races} refresh races × ${found.racers} callers on 2 servers and ${found.logoutRaces} logout/refresh races: ` +
      `${found.winners} winners, reuse seen in ${found.reuseSeen}, ${found.liveRefresh} refresh and ${found.liveAccess} access tokens still usable after; ` +
      `${found.staff.join(', ') || 'staff changes not checked'}\n`,
  );
  await one?.close();
  await two?.close();
});

const RACES = 50;
const RACERS = 10;
const LOGOUT_RACES = 20;
const REVOKE_WITHIN_MS = 5000;

async function newLogin(): Promise<TokenPair> {
  const res = await one.http.post<TokenPair>('/api/auth/wechat/login', { code: one.wechat.codeFor().code });
  expect(res.status).toBe(200);
  return res.body;
}

/** Polls until every token is refused by both servers, or the deadline passes; returns those still accepted. */
async function refusedEverywhere(tokens: string[], deadline: number): Promise<{ live: string[]; ms: number }> {
  const started = Date.now();
  let live = tokens;
  for (;;) {
    const answers = await Promise.all(live.map(async (t) => [t, await stillAccepted(t)] as const));
    live = answers.filter(([, ok]) => ok).map(([t]) => t);
    if (live.length === 0 || Date.now() > deadline) return { live, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Any logged-in caller may list their messages, and the list does not look at the account itself: only the token decides. */
const PROBE = '/api/me/notifications';

async function answers(accessToken: string): Promise<number[]> {
  return Promise.all([one.http.as(accessToken).get(PROBE), two.http.as(accessToken).get(PROBE)].map(async (r) => (await r).status));
}
const stillAccepted = async (accessToken: string) => (await answers(accessToken)).includes(200);
const acceptedByBoth = async (accessToken: string) => (await answers(accessToken)).every((s) => s === 200);

const refreshOn = (http: Http, refreshToken: string) => http.post<TokenPair>('/api/auth/refresh', { refreshToken });

describe('one refresh token presented several times at once', () => {
  it('leaves no usable token in the family once the reuse is seen, on either server', async () => {
    const winnersAccess: string[] = [];
    for (let race = 0; race < RACES; race++) {
      const login = await newLogin();
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => refreshOn(i % 2 === 0 ? one.http : two.http, login.refreshToken)),
      );
      const winners = answers.filter((a) => a.status === 200);
      const reused = answers.some((a) => a.status === 401 && (a.body as { code?: string }).code === AuthError.RefreshTokenReused);
      expect(answers.every((a) => a.status === 200 || a.status === 401)).toBe(true);
      expect(winners.length).toBeLessThanOrEqual(1);
      found.races++;
      found.racers = RACERS;
      found.winners += winners.length;
      if (!reused) continue;
      found.reuseSeen++;
      for (const w of winners) {
        // the winner's new refresh token must be dead already: the reuse revoked the family it belongs to
        const again = await refreshOn(two.http, w.body.refreshToken);
        if (again.status === 200) found.liveRefresh++;
        winnersAccess.push(w.body.accessToken);
      }
    }
    const { live } = await refusedEverywhere(winnersAccess, Date.now() + REVOKE_WITHIN_MS);
    found.liveAccess += live.length;
    expect(found.reuseSeen).toBeGreaterThan(0);
    expect({ liveRefresh: found.liveRefresh, liveAccess: found.liveAccess }).toEqual({ liveRefresh: 0, liveAccess: 0 });
  }, 180_000);

  it('a logout racing a refresh of the same token leaves nothing usable', async () => {
    let live = 0;
    const issuedAccess: string[] = [];
    for (let race = 0; race < LOGOUT_RACES; race++) {
      const login = await newLogin();
      const [, refreshed] = await Promise.all([
        one.http.post('/api/auth/logout', { refreshToken: login.refreshToken }),
        refreshOn(two.http, login.refreshToken),
      ]);
      found.logoutRaces++;
      if (refreshed.status !== 200) continue;
      if ((await refreshOn(one.http, refreshed.body.refreshToken)).status === 200) live++;
      issuedAccess.push(refreshed.body.accessToken);
    }
    const { live: liveAccess } = await refusedEverywhere(issuedAccess, Date.now() + REVOKE_WITHIN_MS);
    found.liveRefresh += live;
    found.liveAccess += liveAccess.length;
    expect({ liveRefresh: live, liveAccess: liveAccess.length }).toEqual({ liveRefresh: 0, liveAccess: 0 });
  }, 120_000);
});

describe('staff whose standing changes', () => {
  it('a teacher disabled by an operator in SQL is refused on both servers within 5 s, and cannot refresh', async () => {
    const tree = await newAreaTree(one);
    const teacher = await newStaff(one, Role.Teacher, { school: await newSchool(one, tree.communityA1) });
    expect(await acceptedByBoth(teacher.tokens.accessToken)).toBe(true);

    await one.db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [teacher.user.id]);
    const { live, ms } = await refusedEverywhere([teacher.tokens.accessToken], Date.now() + REVOKE_WITHIN_MS);
    found.staff.push(`disabled teacher refused ${live.length ? 'NOT within 5 s' : `after ${ms} ms`}`);
    expect(live).toEqual([]);
    const refused = await one.http.as(teacher.tokens.accessToken).get(PROBE);
    expect(refused.status).toBe(401);
    expect((refused.body as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);
    const refresh = await refreshOn(two.http, teacher.tokens.refreshToken);
    expect(refresh.status).toBe(401);
  });

  it('an admin moved to another area by the staff service is refused within 5 s; a new login carries the new area', async () => {
    const tree = await newAreaTree(one);
    const district = await newStaff(one, Role.SuperAdmin, { area: tree.district });
    const admin = await newStaff(one, Role.Admin, { area: tree.streetA });
    expect(await acceptedByBoth(admin.tokens.accessToken)).toBe(true);
    const actor = { userId: district.user.id, role: Role.SuperAdmin, schoolId: null, areaId: tree.district.id };

    await one.app.get(StaffService).changeScope(actor, admin.user.id, { role: Role.Admin, areaId: tree.streetB.id });
    // the server that made the change has caught up before the change returned; the other hears it through Redis
    expect((await one.http.as(admin.tokens.accessToken).get(PROBE)).status).toBe(401);
    const { live, ms } = await refusedEverywhere([admin.tokens.accessToken], Date.now() + REVOKE_WITHIN_MS);
    found.staff.push(`moved admin refused at once by the server that moved them, by the other ${live.length ? 'NOT within 5 s' : `after ${ms} ms`}`);
    expect(live).toEqual([]);
    expect((await refreshOn(one.http, admin.tokens.refreshToken)).status).toBe(401);
    const audit = await one.db.query(`SELECT actor_id FROM audit_event WHERE action = 'staff.scope_change' AND target_id = $1`, [admin.user.id]);
    expect(audit).toEqual([{ actor_id: district.user.id }]);

    const again = await one.http.post<TokenPair>('/api/auth/password/login', { username: admin.username, password: admin.password });
    expect(again.body.user.area?.id).toBe(tree.streetB.id);
    expect(await acceptedByBoth(again.body.accessToken)).toBe(true);
  });
});
