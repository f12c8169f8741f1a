// bench:checkin — the full check-in request (token, QR check, enrollment, attendance, roster event)
// at 50 concurrent connections for BENCH_SECONDS with distinct residents, against the bare limit
// measured in the same run: node:http doing one prepared INSERT … ON CONFLICT DO NOTHING.
// Last line: {"checkin_rps":…,"bare_rps":…,"ratio":…,"p99_ms":…}.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { benchDatabase, benchDistrict, percentile, round, ROOT, startServer } from './harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Both servers are warmed up alike before they are measured: JIT, pools, prepared statements, every worker. */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);
/** Enough for 7,000 check-ins a second (an activity holds at most 100,000). */
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? Math.min(100_000, Math.max(5000, (SECONDS + WARM_SECONDS) * 7000)));

const db = await benchDatabase('lp_bench_checkin');
const client = new pg.Client({ connectionString: db.url });
await client.connect();
process.stdout.write(`preparing ${RESIDENTS} enrolled residents… `);
let t0 = Date.now();
const teacherId = await benchDistrict(client);
await client.query(`
  INSERT INTO offering (id, kind, title, description, category, area_id, school_id, venue_id, author_id, capacity, enrolled_count,
                        enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
    VALUES (1, 'activity', '活动周开幕式', '基准', 'theory', 3, 1, 1, '${teacherId}', 100000, ${RESIDENTS},
            now() - interval '2 days', now() - interval '1 hour', now() - interval '10 minutes', now() + interval '2 hours', 1, 'published', now());
  INSERT INTO offering_session (id, offering_id, seq, starts_at, ends_at, minutes)
    VALUES (1, 1, 1, now() - interval '10 minutes', now() + interval '2 hours', 90);
  INSERT INTO offering_teacher VALUES (1, '${teacherId}');
  CREATE TABLE bench_bare (session_id integer NOT NULL, resident_id uuid NOT NULL, checked_in_at timestamptz NOT NULL DEFAULT now(),
                           PRIMARY KEY (session_id, resident_id));
`);
await client.query(
  `WITH r AS (SELECT gen_random_uuid() AS id, s FROM generate_series(1, $1) s),
        u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '居民' || s, true FROM r RETURNING id),
        p AS (INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
              SELECT id, '居民' || s, 'v1.x.x.x', md5(id::text) || md5(s::text), '1960-01-01', 3 FROM r RETURNING user_id)
   INSERT INTO enrollment (offering_id, resident_id, status) SELECT 1, id, 'enrolled' FROM r`,
  [RESIDENTS],
);
const residents = (await client.query(`SELECT resident_id AS id FROM enrollment ORDER BY id`)).rows.map((r) => r.id);
await client.query('ANALYZE');
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);

const JWT_SECRET = randomBytes(32).toString('hex');
const token = (sub, role, extra = {}) => jwt.sign({ sub, role, sch: null, area: null, ...extra }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
const tokens = residents.map((id) => token(id, 'resident'));

/**
 * `connections` keep-alive connections posting for `seconds` (autocannon, so the load generator
 * itself costs little CPU: the fetch loop this replaced used more CPU than the bare server it was
 * measuring); every request takes the next unused resident.
 */
async function load(name, url, bodyFor, headersFor, expectStatus, { seconds = SECONDS, available = residents.length } = {}) {
  let next = 0;
  let errors = 0;
  const result = await autocannon({
    url, connections: CONNECTIONS, duration: seconds, method: 'POST',
    requests: [{
      setupRequest: (req) => {
        const i = next++;
        return { ...req, headers: { 'content-type': 'application/json', ...headersFor(i) }, body: JSON.stringify(bodyFor(i)) };
      },
      onResponse: (status) => { if (status !== expectStatus) errors += 1; },
    }],
  });
  if (next >= available) console.warn(`${name}: ran out of residents — raise BENCH_RESIDENTS`);
  if (errors + result.errors + result.timeouts > 0) console.warn(`${name}: ${errors} unexpected answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  errors += result.errors + result.timeouts;
  return { name, requests: result.requests.total, errors, rps: round(result.requests.total / (result.duration)), p50: result.latency.p50, p99: result.latency.p99 };
}

// 1. the real check-in, deployed as on a production machine: one worker per core (workers share
// state through Redis, so without REDIS_URL the server runs as one process)
const WORKERS = process.env.REDIS_URL ? Number(process.env.BENCH_WORKERS ?? availableParallelism()) : 1;
const server = await startServer(db.url, { JWT_SECRET, WEB_CONCURRENCY: String(WORKERS) });
const teacherToken = token(teacherId, 'teacher', { sch: 1 });
let qr = null;
const refreshQr = async () => {
  const res = await fetch(`${server.url}/api/teacher/sessions/1/qr`, { headers: { authorization: `Bearer ${teacherToken}` } });
  qr = (await res.json()).qr;
};
await refreshQr();
const qrTimer = setInterval(refreshQr, 4000);
// warm-up: the same load for WARM_SECONDS, by residents the measured runs do not use
const warmCount = Math.min(Math.floor(residents.length / 2), WARM_SECONDS * 7000);
const warm = residents.splice(residents.length - warmCount, warmCount);
const warmTokens = tokens.splice(tokens.length - warmCount, warmCount);
const warmCheckIns = WARM_SECONDS > 0
  ? (await load('check-in warm-up', `${server.url}/api/check-ins`, () => ({ qr }), (i) => ({ authorization: `Bearer ${warmTokens[i]}` }), 201, { seconds: WARM_SECONDS, available: warm.length })).requests
  : 0;
const xacts = async () => (await client.query(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0].n;
const xactsBefore = await xacts();
const checkin = await load('check-in', `${server.url}/api/check-ins`, () => ({ qr }), (i) => ({ authorization: `Bearer ${tokens[i]}` }), 201);
clearInterval(qrTimer);
await new Promise((r) => setTimeout(r, 600)); // statistics are flushed every half second
const transactionsPerCheckIn = round((Number(await xacts()) - Number(xactsBefore)) / checkin.requests);
await server.stop();
const stored = (await client.query('SELECT count(*)::int AS n FROM attendance')).rows[0].n;

// 2. the bare limit, same database, same load
const port = 20000 + Math.floor(Math.random() * 20000);
const bareProc = fork(join(ROOT, 'test/bench/bare-insert-server.mjs'), { execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}/bare`] : [], env: { ...process.env, DATABASE_URL: db.url, PORT: String(port) }, stdio: 'inherit' });
await new Promise((ok) => bareProc.once('message', ok));
// The bare table has no foreign keys, so its keys need not be enrolled residents: sorted like the
// residents (whose order the check-in run follows), the warm-up taking the top of the range.
const bareKeys = Array.from({ length: (SECONDS + WARM_SECONDS) * 10_000 }, () => randomUUID()).sort();
const bareWarmKeys = bareKeys.splice(bareKeys.length - WARM_SECONDS * 10_000);
if (WARM_SECONDS > 0) {
  await load('bare warm-up', `http://127.0.0.1:${port}/`, (i) => ({ sessionId: 1, residentId: bareWarmKeys[i] }), () => ({}), 201, { seconds: WARM_SECONDS, available: bareWarmKeys.length });
}
const bare = await load('bare insert', `http://127.0.0.1:${port}/`, (i) => ({ sessionId: 1, residentId: bareKeys[i] }), () => ({}), 201, { available: bareKeys.length });
bareProc.kill('SIGTERM');

await client.end();
await db.close();

const ratio = round(checkin.rps / bare.rps);
console.log(`
${CONNECTIONS} connections, ${SECONDS} s each after ${WARM_SECONDS} s of warm-up, distinct residents; the portal in ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}, the bare server in 1
                 requests  errors      rps   p50 ms   p99 ms
check-in (full) ${String(checkin.requests).padStart(9)} ${String(checkin.errors).padStart(7)} ${String(checkin.rps).padStart(8)} ${String(checkin.p50).padStart(8)} ${String(checkin.p99).padStart(8)}
bare insert     ${String(bare.requests).padStart(9)} ${String(bare.errors).padStart(7)} ${String(bare.rps).padStart(8)} ${String(bare.p50).padStart(8)} ${String(bare.p99).padStart(8)}
attendances stored: ${stored} (warm-up ${warmCheckIns} + measured ${checkin.requests - checkin.errors})
database transactions per check-in: ${transactionsPerCheckIn}
ratio ${ratio} (target ≥ 0.5), check-in p99 ${checkin.p99} ms (target ≤ 50)`);
console.log(JSON.stringify({ checkin_rps: checkin.rps, bare_rps: bare.rps, ratio, p99_ms: checkin.p99, p50_ms: checkin.p50, bare_p99_ms: bare.p99, errors: checkin.errors, workers: WORKERS }));
