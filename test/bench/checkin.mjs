// bench:checkin — the full check-in request (token, QR check, enrollment, attendance, roster event)
// at 50 concurrent connections for BENCH_SECONDS with distinct residents, against the bare limit
// measured in the same run: node:http doing INSERT … ON CONFLICT DO NOTHING (bare-insert-server.mjs).
// Both run in one process and in N (one per core, node:cluster, as the portal is deployed); the
// bare server runs with one INSERT per request and with the portal's freedom to batch. The ratio is
// the portal as deployed (N processes) against the strongest bare figure of the four.
// Last line: {"checkin_rps":…,"bare_rps":…,"ratio":…,"p99_ms":…, …every figure of the table}.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { benchDatabase, benchDistrict, boundResident, cpuMs, freePort, percentile, round, ROOT, startServer } from './harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Both servers are warmed up alike before they are measured: JIT, pools, prepared statements, every worker. */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);
/** Enough for 7,000 check-ins a second (an activity holds at most 100,000). */
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? Math.min(100_000, Math.max(5000, (SECONDS + WARM_SECONDS) * 7000)));

/**
 * With BENCH_PGBOUNCER_URL (a PgBouncer in transaction mode set up as docs/pgbouncer.ini, e.g.
 * postgres://postgres@127.0.0.1:6432) the portal reaches the database through it, to show what the
 * pooler costs; the bare servers, the minimal job, stay directly connected.
 */
const POOLER = process.env.BENCH_PGBOUNCER_URL ?? '';

const db = await benchDatabase('lp_bench_checkin');
const portalDatabase = POOLER ? Object.assign(new URL(POOLER), { pathname: new URL(db.url).pathname }).toString() : db.url;
const poolerEnv = POOLER ? { DATABASE_POOLER: 'transaction' } : {};
const client = new pg.Client({ connectionString: db.url });
await client.connect();
process.stdout.write(`preparing ${RESIDENTS} enrolled residents… `);
let t0 = Date.now();
const teacherId = await benchDistrict(client);
await client.query(`
  INSERT INTO offering (id, kind, title, description, category, area_id, school_id, venue_id, author_id, capacity, enrolled_count,
                        enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
    VALUES (1, 'activity', '活动周开幕式', '基准', 'theory', 3, 1, 1, '${teacherId}', 100000, ${RESIDENTS},
            now() - interval '2 days', now() - interval '1 hour', now() - interval '10 minutes', now() + interval '2 hours', 2, 'published', now());
  INSERT INTO offering_session (id, offering_id, seq, starts_at, ends_at, minutes)
    VALUES (1, 1, 1, now() - interval '10 minutes', now() + interval '2 hours', 90),
           (2, 1, 2, now() - interval '10 minutes', now() + interval '2 hours', 90);
  INSERT INTO offering_teacher VALUES (1, '${teacherId}');
  CREATE TABLE bench_bare (session_id integer NOT NULL, resident_id uuid NOT NULL, checked_in_at timestamptz NOT NULL DEFAULT now(),
                           PRIMARY KEY (session_id, resident_id));
`);
await client.query(
  `WITH r AS (SELECT gen_random_uuid() AS id, s FROM generate_series(1, $1) s),
        u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '居民' || s, true FROM r RETURNING id),
        -- name_hash filled, as on a deployed portal: a NULL one is hashed by every server at its start, during the runs
        p AS (INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, name_hash, birth_date, community_id)
              SELECT id, '居民' || s, 'v1.x.x.x', md5(id::text) || md5(s::text), md5('n' || s) || md5(id::text), '1960-01-01', 3 FROM r RETURNING user_id)
   INSERT INTO enrollment (offering_id, resident_id, status) SELECT 1, id, 'enrolled' FROM r`,
  [RESIDENTS],
);
const residents = (await client.query(`SELECT resident_id AS id FROM enrollment ORDER BY id`)).rows.map((r) => r.id);
await client.query('ANALYZE');
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);

const JWT_SECRET = randomBytes(32).toString('hex');
const token = (sub, role, extra = {}) => jwt.sign({ sub, role, sch: null, area: null, ...extra }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
const tokens = residents.map((id) => token(id, 'resident', boundResident()));

/**
 * `connections` keep-alive connections posting for `seconds` (autocannon, so the load generator
 * itself costs little CPU: the fetch loop this replaced used more CPU than the bare server it was
 * measuring); every request takes the next unused resident.
 */
async function load(name, url, bodyFor, headersFor, expectStatus, { seconds = SECONDS, available = residents.length, method = 'POST', pid = null } = {}) {
  let next = 0;
  let errors = 0;
  const cpuBefore = pid ? cpuMs(pid) : NaN;
  const result = await autocannon({
    url, connections: CONNECTIONS, duration: seconds, method,
    requests: [{
      setupRequest: (req) => {
        const i = next++;
        if (method === 'GET') return { ...req, headers: headersFor(i) };
        return { ...req, headers: { 'content-type': 'application/json', ...headersFor(i) }, body: JSON.stringify(bodyFor(i)) };
      },
      onResponse: (status) => { if (status !== expectStatus) errors += 1; },
    }],
  });
  if (next >= available) console.warn(`${name}: ran out of residents — raise BENCH_RESIDENTS`);
  if (errors + result.errors + result.timeouts > 0) console.warn(`${name}: ${errors} unexpected answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  errors += result.errors + result.timeouts;
  // the server's CPU per answer (all its processes): what one request costs, however busy the machine
  const cpuPerRequest = round((cpuMs(pid) - cpuBefore) / result.requests.total);
  return { name, requests: result.requests.total, errors, rps: round(result.requests.total / (result.duration)), p50: result.latency.p50, p99: result.latency.p99, cpuPerRequest };
}

// The portal and the bare server, each in one process and in WORKERS (one per core, as deployed).
// Workers share state through Redis, so without REDIS_URL the portal runs as one process only.
const WORKERS = process.env.REDIS_URL ? Number(process.env.BENCH_WORKERS ?? availableParallelism()) : 1;
const PROCESS_COUNTS = WORKERS > 1 ? [1, WORKERS] : [1];
const teacherToken = token(teacherId, 'teacher', { sch: 1 });
const warmCount = Math.min(Math.floor(residents.length / 2), WARM_SECONDS * 7000);
const warm = residents.splice(residents.length - warmCount, warmCount);
const warmTokens = tokens.splice(tokens.length - warmCount, warmCount);
const xacts = async () => (await client.query(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0].n;

/**
 * One measured run of the real check-in in `workers` processes, on its own session (so every run
 * has the same residents, none of them checked in yet): WARM_SECONDS of the same load by residents
 * the measured run does not use, then SECONDS measured.
 */
async function portalRun(workers, sessionId) {
  const server = await startServer(portalDatabase, { JWT_SECRET, WEB_CONCURRENCY: String(workers), ...poolerEnv });
  let qr = null;
  const refreshQr = async () => {
    const res = await fetch(`${server.url}/api/teacher/sessions/${sessionId}/qr`, { headers: { authorization: `Bearer ${teacherToken}` } });
    qr = (await res.json()).qr;
  };
  await refreshQr();
  const qrTimer = setInterval(refreshQr, 4000);
  try {
    const warmed = WARM_SECONDS > 0
      ? (await load(`check-in warm-up (${workers})`, `${server.url}/api/check-ins`, () => ({ qr }), (i) => ({ authorization: `Bearer ${warmTokens[i]}` }), 201, { seconds: WARM_SECONDS, available: warm.length })).requests
      : 0;
    const before = await xacts();
    const run = await load(`check-in (${workers})`, `${server.url}/api/check-ins`, () => ({ qr }), (i) => ({ authorization: `Bearer ${tokens[i]}` }), 201, { pid: server.pid });
    clearInterval(qrTimer);
    await new Promise((r) => setTimeout(r, 600)); // statistics are flushed every half second
    run.transactionsPerCheckIn = round((Number(await xacts()) - Number(before)) / run.requests);
    run.warmed = warmed;
    // the framework's floor in the same processes: the cheapest answer the portal gives (no token,
    // no database), through the same hooks, guards and throttle
    run.floor = await load(`floor (${workers})`, `${server.url}/api/health/live`, null, () => ({}), 200, { method: 'GET', seconds: Math.max(1, Math.ceil(SECONDS / 2)), available: Infinity, pid: server.pid });
    return run;
  } finally {
    clearInterval(qrTimer);
    await server.stop();
  }
}

// The bare table has no foreign keys, so its keys need not be enrolled residents: generated for
// each run, sorted like the residents (whose order the check-in runs follow), the warm-up taking
// the top of the range. The table is emptied before each run, so every run starts alike.
const BARE_KEYS_PER_SECOND = 40_000;
async function bareRun(workers, batch) {
  await client.query('TRUNCATE bench_bare');
  const port = await freePort();
  const name = `bare ${workers} ${batch ? 'batched' : 'unbatched'}`;
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}/bare`] : [];
  const bareProc = fork(join(ROOT, 'test/bench/bare-insert-server.mjs'), {
    execArgv: profile,
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), BARE_WORKERS: String(workers), BARE_BATCH: batch ? '1' : '0' },
    stdio: 'inherit',
  });
  await new Promise((ok, fail) => {
    bareProc.once('message', ok);
    bareProc.once('exit', (code) => fail(new Error(`${name}: the bare server stopped (${code})`)));
  });
  // enough for 40,000 inserts a second (the batched server did over 12,000 on two cores)
  const keys = Array.from({ length: (SECONDS + WARM_SECONDS) * BARE_KEYS_PER_SECOND }, () => randomUUID()).sort();
  const warmKeys = keys.splice(keys.length - WARM_SECONDS * BARE_KEYS_PER_SECOND);
  try {
    if (WARM_SECONDS > 0) {
      await load(`${name} warm-up`, `http://127.0.0.1:${port}/`, (i) => ({ sessionId: 1, residentId: warmKeys[i] }), () => ({}), 201, { seconds: WARM_SECONDS, available: warmKeys.length });
    }
    return await load(name, `http://127.0.0.1:${port}/`, (i) => ({ sessionId: 1, residentId: keys[i] }), () => ({}), 201, { available: keys.length, pid: bareProc.pid });
  } finally {
    await new Promise((done) => {
      if (bareProc.exitCode !== null) return done();
      bareProc.once('exit', done);
      bareProc.kill('SIGTERM');
      setTimeout(() => bareProc.kill('SIGKILL'), 10_000).unref();
    });
  }
}

const portal = {};
for (const [i, n] of PROCESS_COUNTS.entries()) portal[n] = await portalRun(n, i + 1);
const stored = (await client.query('SELECT count(*)::int AS n FROM attendance')).rows[0].n;
const bare = {};
for (const n of PROCESS_COUNTS) {
  for (const batch of [false, true]) bare[`${n}${batch ? 'b' : 'u'}`] = await bareRun(n, batch);
}

await client.end();
await db.close();

const deployed = portal[WORKERS];
const strongest = Object.values(bare).reduce((a, b) => (b.rps > a.rps ? b : a));
const bestBare = (n) => Math.max(bare[`${n}u`].rps, bare[`${n}b`].rps);
const ratio = round(deployed.rps / strongest.rps);
// the portal at its better process count on this machine, against the same strongest bare figure
const bestPortal = Object.values(portal).reduce((a, b) => (b.rps > a.rps ? b : a));
const row = (label, r) =>
  `${label.padEnd(28)} ${String(r.requests).padStart(9)} ${String(r.errors).padStart(7)} ${String(r.rps).padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.cpuPerRequest).padStart(10)}`;
const lines = [];
for (const n of PROCESS_COUNTS) lines.push(row(`check-in (full), ${n} proc`, portal[n]));
for (const n of PROCESS_COUNTS) lines.push(row(`portal floor, ${n} proc (*)`, portal[n].floor));
for (const n of PROCESS_COUNTS) {
  lines.push(row(`bare insert, ${n} proc, 1/stmt`, bare[`${n}u`]));
  lines.push(row(`bare insert, ${n} proc, batched`, bare[`${n}b`]));
}
console.log(`
${CONNECTIONS} connections, ${SECONDS} s each after ${WARM_SECONDS} s of warm-up, distinct residents; N = ${WORKERS} process${WORKERS > 1 ? 'es' : ''} (node:cluster, one port)
                                requests  errors      rps   p50 ms   p99 ms  CPU ms/req
${lines.join('\n')}
attendances stored: ${stored} (${PROCESS_COUNTS.map((n) => `${n} proc: warm-up ${portal[n].warmed} + measured ${portal[n].requests - portal[n].errors}`).join('; ')})
database transactions per check-in: ${PROCESS_COUNTS.map((n) => `${portal[n].transactionsPerCheckIn} (${n} proc)`).join(', ')}
${PROCESS_COUNTS.map((n) => `same process count, ${n}: check-in / best bare = ${round(portal[n].rps / bestBare(n))}`).join('\n')}
(*) GET /api/health/live, no token and no database: what the portal's stack alone allows, for comparison
portal at its better process count (${bestPortal.name}): ${bestPortal.rps} rps = ${round(bestPortal.rps / strongest.rps)} of the strongest bare, p99 ${bestPortal.p99} ms
ratio ${ratio} = check-in in ${WORKERS} proc / strongest bare (${strongest.name}) (target ≥ 0.5), check-in p99 ${deployed.p99} ms (target ≤ 50)`);
const figures = {};
for (const n of PROCESS_COUNTS) {
  figures[`checkin_${n}p_rps`] = portal[n].rps;
  figures[`ratio_${n}p`] = round(portal[n].rps / bestBare(n)); // against the best bare at the same process count
  figures[`checkin_${n}p_p99_ms`] = portal[n].p99;
  figures[`checkin_${n}p_cpu_ms`] = portal[n].cpuPerRequest;
  figures[`floor_${n}p_rps`] = portal[n].floor.rps;
  figures[`floor_${n}p_cpu_ms`] = portal[n].floor.cpuPerRequest;
  figures[`bare_${n}p_unbatched_cpu_ms`] = bare[`${n}u`].cpuPerRequest;
  figures[`bare_${n}p_batched_cpu_ms`] = bare[`${n}b`].cpuPerRequest;
  figures[`bare_${n}p_unbatched_rps`] = bare[`${n}u`].rps;
  figures[`bare_${n}p_batched_rps`] = bare[`${n}b`].rps;
}
const errors = Object.values(portal).reduce((s, r) => s + r.errors, 0);
console.log(JSON.stringify({
  checkin_rps: deployed.rps, bare_rps: strongest.rps, ratio, p99_ms: deployed.p99, p50_ms: deployed.p50, bare_p99_ms: strongest.p99,
  bare_best: strongest.name, errors, workers: WORKERS, pooler: POOLER ? 'pgbouncer-transaction' : 'none', best_ratio: round(bestPortal.rps / strongest.rps), best_p99_ms: bestPortal.p99, ...figures,
}));
