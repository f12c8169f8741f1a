import { Role, TokenPair } from '@lp/shared';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Http } from '../support/api';
import { tinyPng } from '../support/files';
import { freshDatabase } from '../support/global-setup';
import { isApiRefusal, rawRequest, RawReply } from '../support/raw-http';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { TEST_SECRETS } from '../support/test-env';

/**
 * Class 7 of the hardening issue, against the portal as it runs (its own process, its log read):
 * hostile URLs (encoded and double-encoded traversal, backslashes, NUL, overlong UTF-8, broken
 * percent-encoding, very long paths) at the H5 files and in every route of the OpenAPI document,
 * and tokens of accounts that were removed, at every route. Each answer is a 4xx `{ code, message }`
 * in Chinese, never a 5xx, and nothing is logged as an error; the H5 files are still served.
 */
interface Operation {
  method: string;
  path: string;
  access: { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'partner' };
}

const HOSTILE_SEGMENTS = [
  '..',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%252e%252e%252f%252e%252e%252fetc%252fpasswd',
  '..%5c..%5c..%5cwindows%5cwin.ini',
  '..\\..\\etc\\passwd',
  '%00',
  'index.html%00.js',
  '%c0%ae%c0%ae%c0%af',
  '%e0%80%ae%e0%80%ae',
  '%zz',
  '%',
  '%ff%fe',
  'x'.repeat(8000),
];

let server: ServerProcess;
let dbUrl: string;
let ops: Operation[];
let admin: string;

beforeAll(async () => {
  const h5 = mkdtempSync(join(tmpdir(), 'lp-h5-'));
  mkdirSync(join(h5, 'assets'));
  writeFileSync(join(h5, 'index.html'), '<!doctype html><title>终身学习</title>');
  writeFileSync(join(h5, 'assets', 'app.js'), 'console.info("app")');
  dbUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_hostile_urls');
  server = await startServerProcess(dbUrl, { H5_DIR: h5, LOG_LEVEL: 'info' });
  const http = new Http(server.url);
  const doc = (await http.get<{ paths: Record<string, Record<string, { 'x-access': Operation['access'] }>> }>('/api/docs/openapi.json')).body;
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-access'] })),
  );
  admin = (await http.post<TokenPair>('/api/auth/password/login', { username: 'admin_district', password: 'demo12345' })).body.accessToken;
}, 120_000);
afterAll(() => server?.stop());

/** Error lines (pino level 50 and up) the server wrote since `from`. */
function errorLines(from: number): string[] {
  return server
    .output()
    .slice(from)
    .split('\n')
    .filter((l) => /"level":(5|6)\d/.test(l));
}

/** The route with every parameter filled with a harmless value, or with `segment` in one of them. */
function pathsOf(op: Operation, segment: string): string[] {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const fill = (hostile?: string) => op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === hostile ? segment : '1'));
  // the route's fixed part with the segment after it, as a path into /api that matches no route
  return [...params.map((p) => fill(p)), `${fill().replace(/\/$/, '')}/${segment}`];
}

it('hostile URLs get a 4xx { code, message } at the H5 files and every route, with no 5xx and no error log', async () => {
  const from = server.output().length;
  const bad: string[] = [];
  let sent = 0;
  let longest = 0;
  const check = async (method: string, path: string, headers: Record<string, string> = {}) => {
    sent += 1;
    longest = Math.max(longest, path.length);
    // a connection the server drops without an answer is a failure like any other
    const reply = await rawRequest(server.url, method, path, headers).catch((err: Error): RawReply => ({ status: 0, text: err.message, json: null }));
    // a hostile segment may still name something real (`..` from /api/offerings/1 is /api/offerings)
    if (reply.status >= 500 || reply.status === 0 || (reply.status >= 400 && !isApiRefusal(reply))) bad.push(`${method} ${path.slice(0, 80)} → ${reply.status} ${reply.text.slice(0, 120)}`);
    return reply;
  };
  for (const segment of HOSTILE_SEGMENTS) {
    for (const prefix of ['/', '/assets/', '/api/', '/verify/']) await check('GET', `${prefix}${segment}`);
  }
  for (const path of ['/' + 'a'.repeat(20_000), '/api/' + 'a'.repeat(20_000)]) {
    const reply = await check('GET', path);
    if (reply.status !== 431) bad.push(`a ${path.length}-character path → ${reply.status}, not 431`);
  }
  for (const op of ops) {
    if (op.path.endsWith('/stream')) continue; // an endless event stream
    const headers: Record<string, string> = op.access.kind === 'partner' ? {} : { authorization: `Bearer ${admin}` };
    for (const segment of HOSTILE_SEGMENTS) for (const path of pathsOf(op, segment)) await check(op.method, path, headers);
  }
  const index = await rawRequest(server.url, 'GET', '/');
  const asset = await rawRequest(server.url, 'GET', '/assets/app.js');
  await new Promise((r) => setTimeout(r, 300)); // the last log lines reach the pipe
  const errors = errorLines(from);
  process.stdout.write(
    `hostile URLs: ${sent} requests (${HOSTILE_SEGMENTS.length} families × H5 files, /api and ${ops.length} routes, paths up to ${longest.toLocaleString('en')} characters), ` +
      `${bad.length} not a 4xx { code, message }, ${errors.length} error log lines, H5 files ${index.status}/${asset.status}\n`,
  );
  expect(bad).toEqual([]);
  expect(errors).toEqual([]);
  expect([index.status, asset.status]).toEqual([200, 200]);
  expect(index.text).toContain('终身学习');
}, 300_000);

it('a token of an account that was removed gets 401 at every route, a public one answers as to no token', async () => {
  const http = new Http(server.url);
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    // a resident who logged in and used the app, then was removed from the database
    const resident = (await http.post<TokenPair>('/api/auth/demo/login', { userId: 'new-resident' })).body;
    const residentId = (jwt.decode(resident.accessToken) as { sub: string }).sub;
    expect((await http.as(resident.accessToken).get('/api/me/learning-records')).status).toBe(200);
    await db.query('DELETE FROM refresh_token WHERE user_id = $1', [residentId]);
    await db.query('DELETE FROM refresh_token_family WHERE user_id = $1', [residentId]);
    await db.query('DELETE FROM app_user WHERE id = $1', [residentId]);
    const removedAt = Date.now();
    // before the guard hears of it, a write naming the account is refused by the database's foreign keys
    const early = [
      await rawRequest(server.url, 'POST', '/api/uploads', { authorization: `Bearer ${resident.accessToken}`, 'content-type': 'image/png' }, tinyPng()),
      await rawRequest(server.url, 'POST', '/api/me/consents', { authorization: `Bearer ${resident.accessToken}`, 'content-type': 'application/json' }, JSON.stringify({ partnerId: 1, scopes: ['credits:read'], days: 30 })),
    ];
    let refusedAfter = -1;
    // an endpoint that reads the account's records without looking the account up itself
    while (Date.now() - removedAt < 10_000) {
      if ((await http.as(resident.accessToken).get('/api/me/learning-records')).status === 401) {
        refusedAfter = Date.now() - removedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // staff whose rows are gone (or a database restored from before they existed): genuine signatures, no account
    const ghost = (role: Role) => jwt.sign({ sub: randomUUID(), role, sch: 1, area: 1 }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });
    const tokens = [resident.accessToken, ghost(Role.Teacher), ghost(Role.Admin), ghost(Role.SuperAdmin)];
    const from = server.output().length;
    const bad: string[] = [];
    let sent = 0;
    for (const op of ops) {
      if (op.path.endsWith('/stream') || op.access.kind === 'partner') continue;
      const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (/id$/i.test(name) && name !== 'id' ? randomUUID() : '1'));
      for (const token of tokens) {
        sent += 1;
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const reply = await rawRequest(server.url, op.method, path, headers, op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}');
        const want = op.access.kind === 'roles' ? reply.status === 401 && isApiRefusal(reply) : reply.status < 500;
        if (!want) bad.push(`${op.method} ${op.path} → ${reply.status} ${reply.text.slice(0, 100)}`);
      }
    }
    for (const reply of early) if (!isApiRefusal(reply)) bad.push(`a write right after the removal → ${reply.status} ${reply.text.slice(0, 100)}`);
    // the upload and the profile binding of the removed resident, with real content
    const upload = await rawRequest(server.url, 'POST', '/api/uploads', { authorization: `Bearer ${resident.accessToken}`, 'content-type': 'image/png' }, tinyPng());
    const bind = await http.as(resident.accessToken).put('/api/me/profile', { realName: '测试', phone: '13800001111', idNumber: '11010119900307451X', birthDate: '1990-03-07', communityId: 1, groups: [] });
    for (const [what, status] of [['upload', upload.status], ['profile binding', bind.status]] as const) if (status !== 401) bad.push(`${what} → ${status}`);
    await new Promise((r) => setTimeout(r, 300));
    const errors = errorLines(from);
    process.stdout.write(
      `removed accounts: refused ${refusedAfter < 0 ? 'never' : `after ${refusedAfter} ms`} (writes before that: ${early.map((r) => r.status).join(', ')}), ${sent + 2} requests with 4 tokens of removed accounts at ${ops.length} routes, ` +
        `${bad.length} not 401 (public: not < 500), ${errors.length} error log lines\n`,
    );
    expect(refusedAfter).toBeGreaterThanOrEqual(0);
    // the guard keeps an answer 5 s; the rest is the time a request takes on a busy machine
    expect(refusedAfter).toBeLessThan(8_000);
    expect(bad).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await db.end();
  }
}, 300_000);

it('a resident whose profile was removed gets 4xx refusals, never a 5xx, at every resident route', async () => {
  const http = new Http(server.url);
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const persona = '00000000-0000-4000-8000-000000000002'; // 李建国, bound in the demo data
    const token = (await http.post<TokenPair>('/api/auth/demo/login', { userId: persona })).body.accessToken;
    await db.query('DELETE FROM resident_profile WHERE user_id = $1', [persona]);
    const from = server.output().length;
    const bad: string[] = [];
    let sent = 0;
    for (const op of ops) {
      if (op.path.endsWith('/stream') || op.access.kind !== 'roles' || !op.access.roles.includes(Role.Resident)) continue;
      sent += 1;
      const path = op.path.replace(/\{\w+\}/g, '1');
      const reply = await rawRequest(server.url, op.method, path, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, op.method === 'GET' ? undefined : '{}');
      if (reply.status >= 500 || reply.status === 0 || (reply.status >= 400 && !isApiRefusal(reply))) bad.push(`${op.method} ${op.path} → ${reply.status} ${reply.text.slice(0, 100)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
    const errors = errorLines(from);
    process.stdout.write(`removed profile: ${sent} resident routes, ${bad.length} not a 2xx or a 4xx { code, message }, ${errors.length} error log lines\n`);
    expect(bad).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await db.end();
  }
}, 120_000);
