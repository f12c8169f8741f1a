import { Role, TokenPair } from '@lp/shared';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ownDatabase, productionSettings, type OwnDatabase } from '../support/production';
import { startProductionEntry, type ServerProcess } from '../support/server-process';

/*
 * The first start of a real district (issue 15): on an empty, migrated database in production mode,
 * `npm run district:init -w @lp/server -- --name … --code …` with ADMIN_USERNAME and ADMIN_PASSWORD
 * creates the district and its first 区级总管理员, who then logs in to the production entry. It refuses,
 * with exit code 1 and the reason in Chinese, a code that is not 12 digits, a weak password and a
 * second district; two runs at once make one district.
 */
const ROOT = join(__dirname, '../..');
const USERNAME = 'minghu_admin';
const PASSWORD = '湖边的图书馆-Lp-2026-qz';
let db: OwnDatabase;
let settings: Record<string, string>;
let server: ServerProcess | undefined;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

beforeAll(async () => {
  db = await ownDatabase('lp_district_init');
  settings = productionSettings();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

/** The command as an operator types it (through npm), or the built file directly for the races. */
async function districtInit(args: string[], admin: { username?: string; password?: string }, viaNpm = true): Promise<Outcome> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    ...settings,
    DATABASE_URL: db.url,
    ...(admin.username === undefined ? {} : { ADMIN_USERNAME: admin.username }),
    ...(admin.password === undefined ? {} : { ADMIN_PASSWORD: admin.password }),
  };
  const [file, argv] = viaNpm
    ? ['npm', ['run', '--silent', 'district:init', '-w', '@lp/server', '--', ...args]]
    : [process.execPath, [join(ROOT, 'server/dist/commands/district-init-cli.js'), ...args]];
  try {
    const { stdout, stderr } = await promisify(execFile)(file, argv, { env, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function counts(): Promise<{ areas: number; users: number; audits: number }> {
  const client = new Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM area)::int AS areas, (SELECT count(*) FROM app_user)::int AS users,
              (SELECT count(*) FROM audit_event WHERE action = 'district.init')::int AS audits`,
    );
    return rows[0] as { areas: number; users: number; audits: number };
  } finally {
    await client.end();
  }
}

const CHINESE = /[\u4e00-\u9fa5]/;

it('refuses, changing nothing, a code that is not 12 digits, a weak password and missing settings', async () => {
  const cases: [string, string[], { username?: string; password?: string }, RegExp][] = [
    ['11-digit code', ['--name', '明湖区', '--code', '33021200000'], { username: USERNAME, password: PASSWORD }, /12位数字/],
    ['letters in the code', ['--name', '明湖区', '--code', '33021200000A'], { username: USERNAME, password: PASSWORD }, /12位数字/],
    ['common password', ['--name', '明湖区', '--code', '330212000000'], { username: USERNAME, password: 'password1234' }, /常见/],
    ['short password', ['--name', '明湖区', '--code', '330212000000'], { username: USERNAME, password: 'Lp-2026' }, /至少12位/],
    ['repeated password', ['--name', '明湖区', '--code', '330212000000'], { username: USERNAME, password: 'zzzzzzzzzzzzzzzz' }, /重复/],
    ['no password', ['--name', '明湖区', '--code', '330212000000'], { username: USERNAME }, /ADMIN_PASSWORD/],
    ['no name', ['--code', '330212000000'], { username: USERNAME, password: PASSWORD }, /区名/],
    ['bad username', ['--name', '明湖区', '--code', '330212000000'], { username: 'Admin!', password: PASSWORD }, /ADMIN_USERNAME/],
  ];
  const found: string[] = [];
  for (const [what, args, admin, reason] of cases) {
    const run = await districtInit(args, admin, what === '11-digit code');
    found.push(`${what} → exit ${run.code}: ${run.stderr.trim()}`);
    expect({ what, code: run.code }).toEqual({ what, code: 1 });
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toMatch(CHINESE);
    expect(run.stderr).not.toContain(PASSWORD);
  }
  process.stdout.write(`district:init refused:\n  ${found.join('\n  ')}\n`);
  expect(await counts()).toEqual({ areas: 0, users: 0, audits: 0 });
}, 180_000);

it('two runs at once create one district and one super-admin; the other run and a later one refuse', async () => {
  const args = ['--name', '明湖区', '--code', '330212000000'];
  const runs = await Promise.all([districtInit(args, { username: USERNAME, password: PASSWORD }, false), districtInit(args, { username: USERNAME, password: PASSWORD }, false)]);
  const later = await districtInit(['--name', '另一个区', '--code', '330213000000'], { username: 'other_admin', password: PASSWORD });
  process.stdout.write(`district:init at once: ${runs.map((r) => `exit ${r.code} ${(r.stdout + r.stderr).trim()}`).join(' | ')}; later: exit ${later.code} ${later.stderr.trim()}\n`);
  expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
  expect(runs.find((r) => r.code === 1)!.stderr).toMatch(/已经有一个区（明湖区）/);
  expect(later.code).toBe(1);
  expect(later.stderr).toMatch(/已经有一个区/);
  expect(await counts()).toEqual({ areas: 1, users: 1, audits: 1 });
}, 120_000);

it('the first super-admin logs in to the production entry and manages the district', async () => {
  server = await startProductionEntry(db.url, settings);
  const res = await fetch(`${server.url}/api/auth/password/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  const body = (await res.json()) as TokenPair;
  expect(res.status).toBe(200);
  expect(body.user).toMatchObject({ role: Role.SuperAdmin, area: { name: '明湖区', level: 'district' }, passwordChangeRequired: false });
  const auth = { authorization: `Bearer ${body.accessToken}` };
  const tree = await fetch(`${server.url}/api/areas/manage`, { headers: auth });
  expect(tree.status).toBe(200);
  expect(await tree.json()).toMatchObject({ name: '明湖区', code: '330212000000', children: [] });
  const staff = await fetch(`${server.url}/api/admin/staff`, { headers: auth });
  expect(((await staff.json()) as { items: { username: string }[] }).items.map((s) => s.username)).toEqual([USERNAME]);
}, 120_000);
