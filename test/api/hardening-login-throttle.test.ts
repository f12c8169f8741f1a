import { AuthError, Role } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { expectApiError, Reply, startApi, TestApi } from '../support/api';
import { newAreaTree, newResident, newStaff } from '../support/factories';

/**
 * Password guessing against one administrator: the attacker holds five residents' valid access
 * tokens and sends them along, from one address and then from several; limits count per username and
 * per address whatever the headers say. The waiting time grows with each failure; the real
 * administrator still logs in from another address while the attack runs; every failure and the
 * refusals are audited. X-Forwarded-For is believed only behind TRUST_PROXY.
 */
let api: TestApi;
let direct: TestApi;
const found: string[] = [];

beforeAll(async () => {
  // the production limit of 20 attempts a minute per client; behind a proxy on this host, so X-Forwarded-For
  // names the client and the test speaks from addresses of its own (127.0.0.1 is shared with other test files)
  api = await startApi({ LOGIN_THROTTLE_LIMIT: '20', TRUST_PROXY: 'true' });
});
afterAll(async () => {
  process.stdout.write(`login throttling: ${found.join('; ')}\n`);
  await api?.close();
  await direct?.close();
});

/** Addresses from a documentation range, different for every run, so runs sharing Redis never meet. */
const base = `198.51.${randomInt(100)}`;
let next = randomInt(50);
const newAddress = () => `${base}.${++next}`;

type Guess = Reply<{ code?: string }>;
const guess = (t: TestApi, username: string, address: string, token?: string, password = `guess-${randomInt(1e9)}`): Promise<Guess> =>
  t.http.send('POST', '/api/auth/password/login', { username, password }, {
    'x-forwarded-for': address,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

const checked = (replies: Guess[]) => replies.filter((r) => r.status === 401).length;
const refused = (replies: Guess[]) => replies.filter((r) => r.status === 429);
const retryAfter = (r: Guess) => Number(r.headers.get('retry-after'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An administrator who logged in once, from `home`: an address the account knows. */
async function newAdmin(home = newAddress()) {
  const tree = await newAreaTree(api);
  return newStaff(api, Role.Admin, { area: tree.district }, { 'x-forwarded-for': home });
}

const residentToken = async () => (await newResident(api, { 'x-forwarded-for': newAddress() })).tokens.accessToken;

it('five residents’ tokens from one address buy no more guesses: at most 5 checked, the rest refused; the owner logs in elsewhere meanwhile', async () => {
  const admin = await newAdmin();
  const tokens = await Promise.all(Array.from({ length: 5 }, residentToken));
  const attacker = newAddress();
  const started = Date.now();
  const [owner, ...burst] = await Promise.all([
    guess(api, admin.username, newAddress(), undefined, admin.password),
    ...Array.from({ length: 60 }, (_, i) => guess(api, i % 2 ? admin.username : admin.username.toUpperCase(), attacker, tokens[i % 5])),
  ]);
  const seconds = (Date.now() - started) / 1000;
  expect(burst.every((r) => r.status === 401 || r.status === 429)).toBe(true);
  const checkedInBurst = checked(burst);
  found.push(`60 guesses with 5 resident tokens from one address in ${seconds.toFixed(1)} s: ${checkedInBurst} checked, ${refused(burst).length} refused, owner elsewhere ${owner.status}`);
  // 5 free, then one more after 1 s, 1 + 2 s, 1 + 2 + 4 s … of the burst (a busy machine stretches it)
  expect(checkedInBurst).toBeLessThanOrEqual(5 + Math.floor(Math.log2(seconds + 1)));
  for (const r of refused(burst)) {
    expect(expectApiError(r, 429).message).toMatch(/请\d+(秒|分钟)后再试/);
    expect(retryAfter(r)).toBeGreaterThanOrEqual(1);
  }
  expect(owner.status).toBe(200);
  // the right password at the attacker's address waits like any guess
  expectApiError(await guess(api, admin.username, attacker, undefined, admin.password), 429);

  // a username typed in another case is not the account's (logins match exactly), so rows are found by the address
  const audit = (await api.db.query(
    `SELECT action, count(*)::int AS n FROM audit_event WHERE details->>'address' = $1 AND action LIKE 'auth.login_%' GROUP BY action`,
    [attacker],
  )) as { action: string; n: number }[];
  const failures = audit.find((a) => a.action === 'auth.login_failed')?.n ?? 0;
  const refusals = audit.find((a) => a.action === 'auth.login_throttled')?.n ?? 0;
  found.push(`audit: ${failures} failures, ${refusals} refusal rows`);
  expect(failures).toBe(checkedInBurst);
  expect(refusals).toBeGreaterThanOrEqual(1);
  const rows = JSON.stringify(await api.db.query(`SELECT target_id, details FROM audit_event WHERE details->>'address' = $1`, [attacker]));
  expect(rows).toContain(admin.user.id);
  expect(rows).not.toContain(admin.username);
}, 60_000);

it('each failure past the free five doubles the wait: 1 s, 2 s, 4 s, 8 s', async () => {
  const admin = await newAdmin();
  const attacker = newAddress();
  for (let i = 0; i < 5; i++) expect((await guess(api, admin.username, attacker)).status).toBe(401);
  const waits: number[] = [];
  for (let round = 0; round < 3; round++) {
    const early = await guess(api, ` ${admin.username.toUpperCase()} `, attacker);
    expectApiError(early, 429, AuthError.LoginThrottled);
    waits.push(retryAfter(early));
    await sleep(retryAfter(early) * 1000 + 100);
    expect((await guess(api, admin.username, attacker)).status).toBe(401);
  }
  const last = await guess(api, admin.username, attacker);
  expectApiError(last, 429, AuthError.LoginThrottled);
  waits.push(retryAfter(last));
  found.push(`then Retry-After ${waits.join(' → ')} s`);
  expect(waits[0]).toBe(1);
  for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(2 * waits[i - 1] - 1);
}, 60_000);

it('an attack from many addresses slows every new address, yet the owner logs in from a new one and keeps their own', async () => {
  const home = newAddress();
  const admin = await newAdmin(home);
  const token = await residentToken();
  const spread = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const from = newAddress();
      return Promise.all(Array.from({ length: 8 }, () => guess(api, admin.username, from, token)));
    }),
  );
  const checkedSpread = spread.reduce((n, replies) => n + checked(replies), 0);
  expect(checkedSpread).toBeLessThanOrEqual(20);

  // under attack: an address never used by the owner gets one guess, then a long wait
  const latecomer = newAddress();
  expect((await guess(api, admin.username, latecomer)).status).toBe(401);
  const held = await guess(api, admin.username, latecomer);
  expectApiError(held, 429, AuthError.LoginThrottled);
  expect(retryAfter(held)).toBeGreaterThanOrEqual(30);

  // the owner: at the address they logged in from before, a typo is forgiven; from a new one, straight in
  expect((await guess(api, admin.username, home)).status).toBe(401);
  expect((await guess(api, admin.username, home, undefined, admin.password)).status).toBe(200);
  expect((await guess(api, admin.username, newAddress(), undefined, admin.password)).status).toBe(200);
  found.push(`4 addresses × 8 guesses: ${checkedSpread} checked, then a 5th address waits ${retryAfter(held)} s after 1 guess; the owner got in from a known and a new address`);
}, 60_000);

it('without TRUST_PROXY a made-up X-Forwarded-For is ignored: rotating it buys nothing', async () => {
  direct = await startApi({ TRUST_PROXY: 'false' });
  const tree = await newAreaTree(direct);
  const admin = await newStaff(direct, Role.Admin, { area: tree.streetA });
  const replies = await Promise.all(Array.from({ length: 12 }, () => guess(direct, admin.username, newAddress())));
  found.push(`12 guesses with 12 forged X-Forwarded-For: ${checked(replies)} checked`);
  expect(checked(replies)).toBe(5);
  expect(refused(replies).length).toBe(7);
});
