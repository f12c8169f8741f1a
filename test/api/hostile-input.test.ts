import { Role, TokenPair } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { newAreaTree, newBoundResident, newResident, newSchool, newStaff } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { isApiRefusal, rawRequest } from '../support/raw-http';
import { TEST_SECRETS } from '../support/test-env';

/**
 * Hostile input at every endpoint, driven by the OpenAPI document so a new endpoint is covered
 * without anyone remembering: every answer must be < 500, every refusal `{ code, message }` in
 * Chinese without a stack trace, and no table may gain or lose a row.
 */
interface Operation {
  method: string;
  path: string;
  access: { kind: 'public' } | { kind: 'roles'; roles: Role[] } | { kind: 'partner'; scope: string; consent: boolean };
  query: { name: string; schema?: { type?: string } }[];
  body: Schema | null;
}
interface Schema {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

let api: TestApi;
let ops: Operation[];
let tokens: Record<Role, string>;
let ids: Record<string, string>;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_fuzz');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  const doc = (await api.http.get<{ paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, Schema> } }>('/api/docs/openapi.json')).body;
  const resolve = (s: Schema | undefined): Schema | null => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s ?? null);
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      access: op['x-access'] as Operation['access'],
      query: ((op.parameters as { in: string; name: string; schema?: { type?: string } }[]) ?? []).filter((p) => p.in === 'query'),
      body: resolve((op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json']?.schema),
    })),
  );
  const tree = await newAreaTree(api);
  const school = await newSchool(api, tree.communityA1);
  const who = await newPublisher(api, school, tree.streetA);
  const venue = await newVenue(api, tree.communityA1, 29.6, 121.4);
  const offering = await publish(api, who, activityInput(venue.id));
  const resident = await newBoundResident(api, tree.communityA1);
  const superAdmin: TokenPair = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens;
  tokens = { resident: resident.tokens.accessToken, teacher: who.teacher.tokens.accessToken, admin: who.admin.tokens.accessToken, super_admin: superAdmin.accessToken };
  ids = { id: String(offering.id), sessionId: String(offering.sessions[0].id), userId: resident.userId, year: '2026' };
  const gone = await newResident(api);
  const goneId = (jwt.decode(gone.tokens.accessToken) as { sub: string }).sub;
  await api.db.query('DELETE FROM refresh_token WHERE user_id = $1', [goneId]);
  await api.db.query('DELETE FROM refresh_token_family WHERE user_id = $1', [goneId]);
  await api.db.query('DELETE FROM app_user WHERE id = $1', [goneId]);
  // every process hears of a removal within a few seconds (its revocation list reloads every second)
  const removedAt = Date.now();
  while ((await api.http.as(gone.tokens.accessToken).get('/api/me/learning-records')).status !== 401) {
    if (Date.now() - removedAt > 5_000) throw new Error('a removed account’s token still worked after 5 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  removed = [gone.tokens.accessToken, jwt.sign({ sub: randomUUID(), role: Role.SuperAdmin, sch: null, area: tree.district.id }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 })];
}, 120_000);
afterAll(() => api?.close());

const HOSTILE_TEXT = ['', 'x'.repeat(5000), "' OR 1=1 --", '<script>alert(1)</script>', 'NaN', '-1e309', '𠀀😀\u0000', '../../etc/passwd', '{{7*7}}', '+275760-09-13T00:00:00.000Z', '2026-02-31', '2026-01-01 00:00:00+99', '0000-01-01'];
const HOSTILE_PATH = ['-1', '0', 'abc', '1.5', '99999999999999999999', "1' OR '1'='1", '%F0%9F%98%80', '%00', 'x'.repeat(3000),
  // traversal encoded once and twice, backslashes, overlong UTF-8, broken percent-encoding (sent byte for byte)
  '%2e%2e', '..%2f..%2fetc%2fpasswd', '%252e%252e%252f', '..%5c..%5cwin.ini', '%c0%ae%c0%ae', '%zz', 'a%00.json'];
/** Instants JavaScript reads but PostgreSQL does not, in every place of the keyset cursors' JSON arrays (the API hands them out base64url-encoded). */
const HOSTILE_INSTANTS = ['-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00.000Z', '294277-01-01T00:00:00Z', '2026-02-31T00:00:00Z', '1', 'Thu, 01 Jan 1970 00:00:00 GMT', '2026-01-01 00:00:00+99'];
const HOSTILE_CURSORS = HOSTILE_INSTANTS.flatMap((d) =>
  [[d, '1'], [d, 1], [d, '00000000-0000-4000-8000-000000000001'], [0, d, '1'], [1, d, '1'], [d, 1, d], [5, 1, d], ['张', d]].map((parts) => JSON.stringify(parts)),
);
const HOSTILE_VALUES: unknown[] = ['', 'x'.repeat(3000), "'; DROP TABLE app_user; --", '<img src=x onerror=alert(1)>', '𠀀😀', -1, -99999999999, 1e308, 0.5, true, null, [], {}, [[[[[]]]]], { $gt: '' }, '+275760-09-13T00:00:00.000Z', '2026-02-31T00:00:00Z', '0000-01-01', '1900-02-29'];

/** Tokens of accounts that are gone: a resident removed after logging in, a super-admin who never was in this database. */
let removed: string[];

function tokenFor(op: Operation): string | null {
  if (op.access.kind === 'partner') return null; // partners present an API key, not a user token
  return op.access.kind === 'public' ? tokens.resident : tokens[op.access.roles[0]];
}

function pathWith(op: Operation, hostile?: [string, string]): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (hostile && hostile[0] === name ? hostile[1] : ids[name] ?? '1'));
}

/** Every request this test sends for one operation. */
interface Case {
  label: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** The one status this case must get, where there is one. */
  status?: number;
}

function cases(op: Operation): Case[] {
  const out: Case[] = [];
  const base = pathWith(op);
  for (const name of [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
    for (const v of HOSTILE_PATH) out.push({ label: `path ${name}=${v.slice(0, 20)}`, path: pathWith(op, [name, v]) });
  }
  for (const q of op.query) {
    for (const v of HOSTILE_TEXT) out.push({ label: `query ${q.name}`, path: `${base}?${q.name}=${encodeURIComponent(v)}` });
    out.push({ label: `query ${q.name} twice`, path: `${base}?${q.name}=1&${q.name}=2` });
    if (q.name === 'cursor') for (const c of HOSTILE_CURSORS) out.push({ label: `cursor ${c.slice(0, 40)}`, path: `${base}?cursor=${Buffer.from(c).toString('base64url')}` });
  }
  // an endpoint reads only the parts it declares: unknown keys go where a query is read (and refused there)
  if (op.query.length) out.push({ label: 'unknown query', path: `${base}?__proto__[x]=1&constructor[prototype][y]=2` });
  for (const auth of ['Bearer abc.def', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(5000)}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6InN1cGVyX2FkbWluIn0.']) {
    out.push({ label: 'malformed token', path: base, headers: { authorization: auth } });
  }
  // a genuine token of an account that no longer exists: 401 wherever a login is required
  if (op.access.kind === 'roles') for (const token of removed) out.push({ label: 'removed account', path: base, headers: { authorization: `Bearer ${token}` }, status: 401 });
  // the route's fixed part, then a hostile segment: a path into /api that names no route
  for (const v of HOSTILE_PATH.slice(-7)) out.push({ label: `after the route ${v}`, path: `${base.replace(/\/$/, '')}/${v}` });
  if (op.body) {
    for (const raw of ['', '{', '[]', 'null', '"text"', '123', '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}', JSON.stringify({ huge: 'x'.repeat(300_000) })]) {
      out.push({ label: `body ${raw.slice(0, 12)}`, path: base, body: raw });
    }
    out.push({ label: 'invalid UTF-8', path: base, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1') });
    const props = op.body?.properties ?? op.body?.items?.properties ?? {};
    for (const prop of Object.keys(props)) {
      for (const v of HOSTILE_VALUES) {
        const one = { [prop]: v, isAdmin: true };
        out.push({ label: `field ${prop}`, path: base, body: JSON.stringify(op.body?.type === 'array' ? [one] : one) });
      }
    }
  }
  return out;
}

async function rowCounts(): Promise<Record<string, number>> {
  // a yearly partition's rows are counted in its partitioned table
  const tables = (await api.db.query(
    `SELECT relname AS tablename FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition`,
  )) as { tablename: string }[];
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) counts[tablename] = (await api.db.query(`SELECT count(*)::int AS n FROM "${tablename}"`))[0].n;
  return counts;
}

it('every endpoint answers hostile input with a Chinese 4xx and writes nothing', async () => {
  expect(ops.length).toBeGreaterThan(40);
  const before = await rowCounts();
  const bad: string[] = [];
  let sent = 0;
  let fiveHundreds = 0;
  let removedRefused = 0;
  for (const op of ops) {
    if (op.path.endsWith('/stream')) continue; // an endless event stream; its access rule is tested elsewhere
    for (const c of cases(op)) {
      sent += 1;
      const token = tokenFor(op);
      const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}), ...c.headers };
      // byte for byte: fetch would resolve `..` and `%2e%2e` and refuse `%zz` before sending
      const res = await rawRequest(api.http.baseUrl, op.method, c.path, headers, c.body);
      if (res.status >= 500) fiveHundreds += 1;
      if (c.label === 'removed account') removedRefused += res.status === 401 ? 1 : 0;
      if (res.status >= 500 || (res.status >= 400 && !isApiRefusal(res)) || (c.status !== undefined && res.status !== c.status)) {
        bad.push(`${op.method} ${op.path} [${c.label}] → ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
  }
  const after = await rowCounts();
  // the partner API logs every call, refused ones too: that table is meant to grow
  const written = Object.keys(after).filter((t) => after[t] !== before[t] && t !== 'partner_api_call').map((t) => `${t}: ${before[t]} → ${after[t]}`);
  process.stdout.write(`fuzz: ${ops.length} endpoints, ${sent} requests, ${fiveHundreds} × 5xx, ${removedRefused} removed-account tokens refused with 401, ${bad.length} bad answers, ${written.length} tables changed\n`);
  expect(bad).toEqual([]);
  expect(written).toEqual([]);
}, 300_000);
