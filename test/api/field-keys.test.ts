import { maskPhone, ResidentProfile, TokenPair } from '@lp/shared';
import { ENCRYPTED_COLUMNS } from '@lp/server/dist/database/field-keys';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Http } from '../support/api';
import { uniquePhone } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { TEST_SECRETS } from '../support/test-env';

/**
 * Field keys over a district's life: a new field key and a switch to 国密 (CRYPTO_SUITE=guomi) on a
 * database full of values under the old key and hashes under HMAC-SHA256. The portal runs as its
 * own process on a database of this test's own, since the look-up algorithm is the database's.
 */
const CLI = join(__dirname, '..', '..', 'server', 'dist', 'commands', 'crypto-cli.js');
const run = promisify(execFile);
const say = (line: string) => process.stdout.write(`${line}\n`);

let dbUrl: string;
let db: Client;

beforeAll(async () => {
  dbUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'field_keys');
  db = new Client({ connectionString: dbUrl });
  await db.connect();
});
afterAll(() => db.end());

/** Every encrypted value in the database, as `table.column` → values. */
async function encryptedValues(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = (await db.query(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`)).rows as { v: string }[];
    out.set(`${c.table}.${c.column}`, rows.map((r) => r.v));
  }
  return out;
}

const keyIdsOf = (values: Map<string, string[]>) => new Set([...values.values()].flat().map((v) => v.split('.').slice(0, 3).join('.')));

async function crypto(action: 'rehash' | 'reencrypt', env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, action], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: dbUrl, ...TEST_SECRETS, ...env },
  });
  return stdout;
}

async function adminFinds(server: ServerProcess, phone: string): Promise<number> {
  const http = new Http(server.url);
  const login = await http.post<TokenPair>('/api/auth/password/login', { username: 'admin_district', password: 'demo12345' });
  expect(login.status).toBe(200);
  const found = await http.as(login.body.accessToken).post<{ items: unknown[] }>('/api/admin/residents/search', { q: phone });
  expect(found.status).toBe(200);
  return found.body.items.length;
}

it('every encrypted column of the schema is in the re-encryption list', async () => {
  await runMigrations(dbUrl);
  const rows = (
    await db.query(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_enc'`)
  ).rows as { c: string }[];
  expect(rows.map((r) => r.c).sort()).toEqual(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
});

it('a new field key and 国密 on a live database: start refused until crypto:rehash, every value readable throughout, then all moved to the new key', async () => {
  const newKey = randomBytes(32).toString('base64');
  const guomi = { CRYPTO_SUITE: 'guomi', FIELD_ENCRYPTION_KEY: newKey, FIELD_ENCRYPTION_OLD_KEYS: TEST_SECRETS.FIELD_ENCRYPTION_KEY };

  // the demo district under the international suite, and one more resident bound by phone
  const first = await startServerProcess(dbUrl);
  const phone = uniquePhone();
  let token = '';
  try {
    const http = new Http(first.url);
    token = (await http.post<TokenPair>('/api/auth/demo/login', { userId: 'new-resident' })).body.accessToken;
    const resident = http.as(token);
    const tree = (await http.get<{ children: { children: { id: number }[] }[] }>('/api/areas/tree')).body;
    const bound = await resident.put('/api/me/profile', { realName: '换钥测试', phone, birthDate: '1956-03-04', communityId: tree.children[0].children[0].id, groups: [] });
    expect(bound.status).toBe(201);
    expect(await adminFinds(first, phone)).toBe(1);
  } finally {
    await first.stop();
  }
  const before = await encryptedValues();
  const count = [...before.values()].flat().length;
  expect(count).toBeGreaterThan(10);
  expect([...keyIdsOf(before)].every((k) => k.startsWith('v2.a.'))).toBe(true);

  // 国密 on a database hashed with HMAC-SHA256: refused, saying what to do
  const refused = await startServerProcess(dbUrl, guomi).then(
    async (s) => (await s.stop(), ''),
    (err: Error) => err.message,
  );
  expect(refused).toMatch(/crypto:rehash/);

  const rehashed = await crypto('rehash', guomi);
  say(`crypto:rehash: ${rehashed.split('\n')[0]}`);
  expect(rehashed).toMatch(/hmac-sha256 → hmac-sm3/);

  const second = await startServerProcess(dbUrl, guomi);
  try {
    // found by the recomputed hash, read under the old key, and a new value written under the new one
    expect(await adminFinds(second, phone)).toBe(1);
    const mine = await new Http(second.url).as(token).get<ResidentProfile>('/api/me/profile');
    expect(mine.status).toBe(200);
    expect(mine.body.phoneMasked).toBe(maskPhone(phone));
    const report = JSON.parse((await crypto('reencrypt', guomi)).trim().split('\n').pop()!);
    say(`crypto:reencrypt: ${JSON.stringify(report)} of ${count} values`);
    expect(report.remaining).toBe(0);
    expect(report.unreadable).toEqual({});
    expect(report.reencrypted).toBeGreaterThan(0);
    expect(report.reencrypted).toBeLessThanOrEqual(count);
  } finally {
    await second.stop();
  }
  const after = await encryptedValues();
  const ids = keyIdsOf(after);
  say(`key ids before: ${[...keyIdsOf(before)].join(', ')}; after: ${[...ids].join(', ')}`);
  expect(ids.size).toBe(1);
  expect([...ids][0]).toMatch(/^v2\.s\.[0-9a-f]{8}$/);
  expect([...after.values()].flat().length).toBe(count);

  // the old key can go: everything is readable under the new one alone
  const third = await startServerProcess(dbUrl, { CRYPTO_SUITE: 'guomi', FIELD_ENCRYPTION_KEY: newKey });
  try {
    expect(await adminFinds(third, phone)).toBe(1);
  } finally {
    await third.stop();
  }
}, 300_000);
