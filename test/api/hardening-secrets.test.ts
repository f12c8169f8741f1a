import { Role } from '@lp/shared';
import { fingerprintsModule, publishedFingerprints } from '@lp/server/dist/config/published-secrets-scan';
import { KEY_GENERATORS } from '@lp/server/dist/config/secret-strength';
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { ownDatabase, type OwnDatabase } from '../support/production';
import { selfSignedPdfCertificate } from '@lp/server/dist/transcripts/pdf-certificate';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * Class 8 of the hardening issue: the portal started as production with the secrets of
 * docker-compose.yml must refuse to start, naming every variable; started with secrets of its own,
 * it must refuse a super-admin token signed with the compose file's published JWT secret. The list
 * of published values built into the server must be current with the repository.
 */
const ROOT = resolve(__dirname, '..', '..');

/** What `docker compose --profile trial up` gives the server when the operator sets nothing. */
function composeDefaults(): Record<string, string> {
  const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { environment?: Record<string, string | number> }> };
  const env: Record<string, string> = {};
  // where the database, Redis and the port are is this test's business, not the compose file's
  const own = new Set(['DATABASE_URL', 'REDIS_URL', 'PORT', 'WEB_CONCURRENCY']);
  for (const [name, value] of Object.entries(compose.services.server.environment ?? {}).filter(([name]) => !own.has(name))) {
    // `${NAME:-default}` is the default; a literal is itself
    env[name] = String(value).replace(/^\$\{\w+:-([^}]*)\}$/, '$1');
  }
  return env;
}

const SECRET_NAMES = ['JWT_SECRET', 'FIELD_ENCRYPTION_KEY', 'LOOKUP_HASH_KEY', 'CHECKIN_SIGNING_KEY', 'TRANSCRIPT_SIGNING_KEY', 'WECHAT_APP_SECRET'];

let dbUrl: string;
const production = {
  NODE_ENV: 'production',
  DEMO_MODE: 'false',
  PUBLIC_BASE_URL: 'https://xuexi.example.cn',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHAT_APP_ID: 'wx0123456789abcdef',
};

/** A database role with a password of its own: production refuses the published ones (`postgres`). */
let own: OwnDatabase;
let ownDbUrl: string;

beforeAll(async () => {
  own = await ownDatabase('lp_secrets');
  dbUrl = own.adminUrl;
  ownDbUrl = own.url;
}, 120_000);
afterAll(() => own?.drop());

/** Starts the portal and returns it, or what it printed when it refused to start. */
async function start(env: Record<string, string>): Promise<{ server: ServerProcess | null; output: string }> {
  try {
    const server = await startServerProcess(ownDbUrl, env);
    return { server, output: server.output() };
  } catch (err) {
    return { server: null, output: (err as Error).message };
  }
}

it('production refuses the compose secrets naming each, and a token signed with the compose JWT secret', async () => {
  const compose = composeDefaults();
  expect(Object.keys(compose)).toEqual(expect.arrayContaining(SECRET_NAMES));
  const refused = await start({ ...compose, ...production });
  await refused.server?.stop();
  const named = SECRET_NAMES.filter((name) => new RegExp(`^\\s*- ${name}: `, 'm').test(refused.output));

  // the operator's own secrets: the server starts, and only its own tokens open it
  const own: Record<string, string> = { ...Object.fromEntries(Object.entries(KEY_GENERATORS).map(([k, make]) => [k, make()])), WECHAT_APP_SECRET: randomBytes(16).toString('hex'), TRANSCRIPT_PDF_CERT: selfSignedPdfCertificate('Test District Credit Bank') };
  const ownStart = await start({ ...production, ...own });
  const { server } = ownStart;
  expect(server ? "started" : ownStart.output).toBe("started");
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  let forged = 0;
  let genuine = 0;
  try {
    const tag = Date.now();
    const [area] = (await db.query(`WITH n AS (SELECT nextval('area_id_seq') AS id) INSERT INTO area (id, code, name, level, path) SELECT id, $1, '测试区', 'district', '/' || id || '/' FROM n RETURNING id`, [`S${tag}`])).rows as { id: number }[];
    const [{ id }] = (await db.query(`INSERT INTO app_user (role, display_name, area_id, username, password_hash) VALUES ('super_admin', '区管理员', $1, $2, 'no password logs in here') RETURNING id`, [area.id, `root_${tag}`])).rows as { id: string }[];
    const claims = { sub: id, role: Role.SuperAdmin, sch: null, area: area.id };
    const call = async (secret: string) =>
      (await fetch(`${server!.url}/api/admin/residents`, { headers: { authorization: `Bearer ${jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: 600 })}` } })).status;
    forged = await call(compose.JWT_SECRET);
    genuine = await call(own.JWT_SECRET);
  } finally {
    await db.end();
    await server?.stop();
  }
  process.stdout.write(
    `published secrets: production with the compose file's secrets ${refused.server ? 'started' : 'refused to start'}, naming ${named.length} of ${SECRET_NAMES.length} (${named.join(', ')}); ` +
      `with its own: a super-admin token signed with the compose JWT secret → ${forged}, with its own → ${genuine}\n`,
  );
  expect(refused.server).toBeNull();
  expect(named).toEqual(SECRET_NAMES);
  expect(refused.output).toMatch(/DATABASE_URL|published/);
  expect(forged).toBe(401);
  expect(genuine).not.toBe(401);
}, 180_000);

it('the published values built into the server are those of the repository as it is', () => {
  const current = readFileSync(resolve(ROOT, 'server', 'src', 'config', 'published-secrets.ts'), 'utf8');
  const wanted = fingerprintsModule(publishedFingerprints(ROOT));
  // a changed README or compose file changes the list: say how to bring it up to date
  if (current !== wanted) {
    throw new Error('server/src/config/published-secrets.ts is out of date: run `npm run build -w @lp/server && npm run secrets:published -w @lp/server -- --write` and commit it');
  }
});
