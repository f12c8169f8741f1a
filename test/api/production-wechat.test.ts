import { FakeWechat } from '../support/fake-wechat';
import { ownDatabase, productionSettings, type OwnDatabase } from '../support/production';
import { startProductionEntry, type ServerProcess } from '../support/server-process';
import { testCertificate, type TestCertificate } from '../support/tls';

/*
 * Production reaches WeChat over https only. The fake WeChat speaks https with a certificate of a
 * test authority; the production entry trusts it through NODE_EXTRA_CA_CERTS, as a district's server
 * trusts WeChat's real authority, and refuses it without.
 */
const APP_ID = 'wx0123456789abcdef';
let db: OwnDatabase;
let tls: TestCertificate;
let wechat: FakeWechat;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  db = await ownDatabase('lp_prod_wechat');
  tls = testCertificate();
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await wechat?.stop();
  tls?.remove();
  await db?.drop();
});

async function login(server: ServerProcess, code: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${server.url}/api/auth/wechat/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await res.json()) as { code?: string };
  return { status: res.status, code: body.code };
}

it('the production entry logs a resident in through WeChat over https, and refuses a WeChat it cannot verify', async () => {
  const settings = productionSettings({ WECHAT_APP_ID: APP_ID });
  wechat = await new FakeWechat(APP_ID, settings.WECHAT_APP_SECRET).start({ key: tls.key, cert: tls.cert });
  const trusting = await startProductionEntry(db.url, { ...settings, WECHAT_API_BASE: wechat.url, NODE_EXTRA_CA_CERTS: tls.caFile });
  servers.push(trusting);
  const untrusting = await startProductionEntry(db.url, { ...settings, WECHAT_API_BASE: wechat.url });
  servers.push(untrusting);

  const trusted = await login(trusting, wechat.codeFor().code);
  const before = wechat.requests.length;
  const unverified = await login(untrusting, wechat.codeFor().code);
  const demo = await fetch(`${trusting.url}/api/auth/demo/accounts`);
  process.stdout.write(
    `production WeChat: fake WeChat at ${wechat.url}; login through the server trusting the test authority → ${trusted.status}, ` +
      `through one that does not → ${unverified.status} ${unverified.code} (${wechat.requests.length - before} requests reached WeChat); demo accounts → ${demo.status}\n`,
  );
  expect(wechat.url.startsWith('https://')).toBe(true);
  expect(trusted.status).toBe(200);
  expect(unverified.status).toBe(503);
  expect(wechat.requests.length - before).toBe(0);
  expect(demo.status).not.toBe(200);
}, 120_000);
