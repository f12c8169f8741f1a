// bench:close — the evening peak of a district: BENCH_SESSIONS sessions of BENCH_PER_SESSION checked-in
// residents each are closed by their teachers within the same moment (POST /api/teacher/sessions/:id/close,
// which fixes the minutes and writes each learning record and its ledger grant in the closing transaction),
// while BENCH_HEARTBEATS_PER_SECOND online-lesson heartbeats a second arrive (POST /api/lessons/:id/heartbeats)
// at a fixed rate, however slowly they are answered.
// Measured: seconds from the first close request until every expected learning record and grant exists;
// heartbeat p99 over the same window. Baseline: the same number of rows (records and two ledger entries
// each) written by bare INSERT … SELECT, one transaction per session, all at once, as many connections. Then `stats:rebuild` (before and after the statistics deltas are
// folded) and `ledger:reconcile` must find no difference.
// Last line: {"sessions","records","seconds_to_credit_all","errors","heartbeat_p99_ms","reconcile_ok", …}.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { benchDatabase, boundResident, cpuMs, machineCpuMs, percentile, round, runCli, seedDistrict, startServer } from './harness.mjs';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 200);
const PER_SESSION = Number(process.env.BENCH_PER_SESSION ?? 100);
const HEARTBEATS_PER_SECOND = Number(process.env.BENCH_HEARTBEATS_PER_SECOND ?? 500);
/** Each watcher beats every 15 s in the mini program; here every few seconds, so fewer of them make the rate. */
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? Math.max(50, HEARTBEATS_PER_SECOND * 4));
/** Untimed: the same work on sessions the measurement does not use (JIT, pools, prepared statements, every worker). */
const WARM_SESSIONS = Number(process.env.BENCH_WARM_SESSIONS ?? 6);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);
/** The closes are spread over this many milliseconds (0: all at once, the worst case of "within the same minute"). */
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 0);
const COMMUNITIES = Number(process.env.BENCH_COMMUNITIES ?? 40);
const TARGET_SECONDS = 10;
const TARGET_P99_MS = 100;

const db = await benchDatabase('lp_bench_close');
const client = new pg.Client({ connectionString: db.url });
await client.connect();
const ALL = SESSIONS + WARM_SESSIONS;
process.stdout.write(`preparing ${ALL} sessions × ${PER_SESSION} checked-in residents and ${WATCHERS} residents watching a lesson… `);
const t0 = Date.now();
await seedDistrict(client, COMMUNITIES);
const teacherId = randomUUID();
await client.query(`
  INSERT INTO school (id, name, type, area_id) VALUES (1, '基准学校', 'community_college', 1);
  INSERT INTO venue (id, name, address, latitude, longitude, capacity, area_id) VALUES (1, '礼堂', '地址', 29.66, 121.41, 100000, 1000);
  INSERT INTO app_user (id, role, display_name, username, password_hash, school_id) VALUES ('${teacherId}', 'teacher', '基准老师', 'bench', 'x', 1);`);
// offering n (1 … ALL) in community 1000 + n % COMMUNITIES, one session n that started 100 minutes ago and ended 5 minutes ago
await client.query(
  `INSERT INTO offering (id, kind, title, description, category, area_id, school_id, venue_id, author_id, capacity, enrolled_count,
                         enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
   SELECT n, 'course', '晚间课程' || n, '基准', 'theory', 1000 + n % $2, 1, 1, $3, $4, $4,
          now() - interval '3 days', now() - interval '2 hours', now() - interval '100 minutes', now() - interval '5 minutes', 1, 'published', now()
     FROM generate_series(1, $1) n`,
  [ALL, COMMUNITIES, teacherId, PER_SESSION],
);
await client.query(
  `INSERT INTO offering_session (id, offering_id, seq, starts_at, ends_at, minutes)
   SELECT n, n, 1, now() - interval '100 minutes', now() - interval '5 minutes', 90 FROM generate_series(1, $1) n`,
  [ALL],
);
await client.query(`INSERT INTO offering_teacher SELECT n, $2 FROM generate_series(1, $1) n`, [ALL, teacherId]);
// the lesson being watched: a micro course of one two-hour video (nobody reaches the 90 % that credits it here)
await client.query(
  `INSERT INTO offering (id, kind, title, description, category, area_id, school_id, author_id, capacity, enrolled_count,
                         enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
   VALUES ($1, 'micro_course', '线上微课', '基准', 'health', 1, 1, $2, 100000, $3,
           now() - interval '3 days', now() + interval '30 days', now() - interval '3 days', now() + interval '60 days', 0, 'published', now())`,
  [ALL + 1, teacherId, WATCHERS],
);
await client.query(
  `INSERT INTO offering_lesson (id, offering_id, seq, title, video_url, duration_seconds, minutes)
   VALUES (1, $1, 1, '第一节', 'https://video.example.cn/1.mp4', 7200, 120)`,
  [ALL + 1],
);
await client.query(`SELECT setval(pg_get_serial_sequence('offering', 'id'), $1)`, [ALL + 1]);
await client.query(`SELECT setval(pg_get_serial_sequence('offering_session', 'id'), $1)`, [ALL]);
// residents: those of session n live in its community and checked in before it started; then the watchers
await client.query(
  `WITH r AS (SELECT gen_random_uuid() AS id, s, 1 + (s - 1) / $2 AS session FROM generate_series(1, $1) s),
        u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '居民' || s, true FROM r RETURNING id),
        p AS (INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
              SELECT id, '居民' || s, 'v1.x.x.x', md5(id::text) || md5(s::text), '1958-01-01', 1000 + session % $3 FROM r RETURNING user_id),
        e AS (INSERT INTO enrollment (offering_id, resident_id, status) SELECT session, id, 'enrolled' FROM r RETURNING 1)
   INSERT INTO attendance (session_id, offering_id, resident_id, method, checked_in_at, session_year)
   SELECT r.session, r.session, r.id, 'scan', now() - interval '105 minutes', s.year FROM r JOIN offering_session s ON s.id = r.session`,
  [ALL * PER_SESSION, PER_SESSION, COMMUNITIES],
);
await client.query(
  `WITH r AS (SELECT gen_random_uuid() AS id, s FROM generate_series(1, $1) s),
        u AS (INSERT INTO app_user (id, role, display_name, is_demo) SELECT id, 'resident', '线上居民' || s, true FROM r RETURNING id),
        p AS (INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id)
              SELECT id, '线上居民' || s, 'v1.x.x.x', md5(id::text) || md5(s::text), '1965-01-01', 1000 + s % $3 FROM r RETURNING user_id),
        e AS (INSERT INTO enrollment (offering_id, resident_id, status) SELECT $2, id, 'enrolled' FROM r RETURNING 1)
   INSERT INTO lesson_progress (resident_id, lesson_id, playback_id, last_position, last_heartbeat_at)
   SELECT id, 1, gen_random_uuid(), 0, now() FROM r`,
  [WATCHERS, ALL + 1, COMMUNITIES],
);
const watchers = (await client.query(`SELECT resident_id AS id, playback_id AS playback FROM lesson_progress ORDER BY resident_id`)).rows;
await client.query('ANALYZE');
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);

// the portal as deployed: one worker per core (workers share state through Redis, so without REDIS_URL one process)
const WORKERS = process.env.REDIS_URL ? Number(process.env.BENCH_WORKERS ?? availableParallelism()) : 1;
const CORES = availableParallelism();
const JWT_SECRET = randomBytes(32).toString('hex');
const token = (sub, role, extra = {}) => jwt.sign({ sub, role, sch: null, area: null, ...extra }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
// SESSION_CLOSE_CONCURRENCY, if set, is handed to the portal (closes at once per process)
const closeConcurrency = process.env.SESSION_CLOSE_CONCURRENCY ? { SESSION_CLOSE_CONCURRENCY: process.env.SESSION_CLOSE_CONCURRENCY } : {};
const server = await startServer(db.url, { JWT_SECRET, WEB_CONCURRENCY: String(WORKERS), ...closeConcurrency });
const { hostname, port } = new URL(server.url);
// each teacher closes from their own phone: the closes, which wait in the portal while others close, go
// on connections of their own, and do not take the heartbeats' connections in the load generator
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const teacherAgent = new http.Agent({ keepAlive: true, maxSockets: SESSIONS });

/** One JSON POST on a keep-alive connection; resolves with the status and the milliseconds it took. */
function post(path, bearer, body, via = agent) {
  const payload = JSON.stringify(body);
  const started = process.hrtime.bigint();
  return new Promise((ok) => {
    const req = http.request(
      { host: hostname, port, path, method: 'POST', agent: via, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${bearer}` } },
      (res) => {
        res.resume();
        res.once('end', () => ok({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, at: started, opened: !req.reusedSocket }));
      },
    );
    req.once('error', () => ok({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, at: started, opened: !req.reusedSocket }));
    req.end(payload);
  });
}

// --- heartbeats at a fixed rate, each watcher in turn, its position moving as the video plays
const watcherTokens = watchers.map((w) => token(w.id, 'resident', boundResident('1965-01-01')));
const positions = new Array(watchers.length).fill(0);
const beats = [];
let beating = true;
let nextWatcher = 0;
const heartbeatsDone = (async () => {
  const TICK_MS = 10;
  const perTick = HEARTBEATS_PER_SECOND / (1000 / TICK_MS);
  const start = Date.now();
  let sent = 0;
  const pending = new Set();
  while (beating) {
    const due = Math.floor(((Date.now() - start) / TICK_MS) * perTick);
    for (; sent < due; sent++) {
      const i = nextWatcher++ % watchers.length;
      positions[i] = Math.min(7200, positions[i] + Math.max(1, Math.round(watchers.length / HEARTBEATS_PER_SECOND)));
      const p = post('/api/lessons/1/heartbeats', watcherTokens[i], { playbackId: watchers[i].playback, position: positions[i] }).then((r) => {
        beats.push(r);
        pending.delete(p);
      });
      pending.add(p);
    }
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  await Promise.all(pending);
})();

const teacherToken = token(teacherId, 'teacher', { sch: 1 });
const close = (sessionId) => post(`/api/teacher/sessions/${sessionId}/close`, teacherToken, {}, teacherAgent);
// The counting query must not depend on statistics: the tables were analysed while they held no records, and a
// nested loop over 20,000 × 20,000 rows once took 9.5 s here, which the poll counted as time to credit.
const credited = async (from, to) =>
  (
    await client.query(
      `SELECT (SELECT count(*)::int FROM learning_record r WHERE r.source = 'attendance' AND r.offering_id BETWEEN $1 AND $2) AS records,
              (SELECT count(*)::int FROM ledger_transfer t JOIN learning_record r ON r.id = t.learning_record_id
                WHERE t.kind = 'grant' AND r.source = 'attendance' AND r.offering_id BETWEEN $1 AND $2) AS grants`,
      [from, to],
    )
  ).rows[0];

// --- warm-up: heartbeats alone, then the warm-up sessions closed one after another. The second half
// of the heartbeats-alone time is also measured: the machine's CPU per heartbeat (portal, database and
// load generator together), to set beside the CPU the peak has
await new Promise((r) => setTimeout(r, (WARM_SECONDS * 1000) / 2));
const ownCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const aloneFrom = { cpu: machineCpuMs(), portal: cpuMs(server.pid), own: ownCpuMs(), beats: beats.length, at: Date.now() };
await new Promise((r) => setTimeout(r, (WARM_SECONDS * 1000) / 2));
const alone = {
  cpu: machineCpuMs() - aloneFrom.cpu, portal: cpuMs(server.pid) - aloneFrom.portal, own: ownCpuMs() - aloneFrom.own,
  beats: beats.length - aloneFrom.beats, ms: Date.now() - aloneFrom.at,
};
// what one heartbeat costs the portal's processes and this load generator; the rest of the machine's share is mostly PostgreSQL's
const perBeat = (ms) => (alone.beats ? round(ms / alone.beats) : null);
let warmErrors = 0;
for (let s = SESSIONS + 1; s <= ALL; s++) if ((await close(s)).status !== 200) warmErrors++;
const warmBeats = beats.length;
// Statistics as autovacuum keeps them on a running portal: the tables were analysed before they held any
// record or resident account, and plans cached for empty tables (seq scans in the ledger's triggers and
// key checks) would grow quadratically with the peak, which no district's database does.
await client.query('ANALYZE');

// --- the peak: every session closed at once (or spread over SPREAD_MS), polled until all is credited
const expected = SESSIONS * PER_SESSION;
const measureFrom = process.hrtime.bigint();
const started = Date.now();
const peakCpuFrom = machineCpuMs();
const closes = await Promise.all(
  Array.from({ length: SESSIONS }, async (_, k) => {
    if (SPREAD_MS > 0) await new Promise((r) => setTimeout(r, (k * SPREAD_MS) / SESSIONS));
    return close(k + 1);
  }),
);
await client.query('SET enable_nestloop = off');
let counts = await credited(1, SESSIONS);
while ((counts.records < expected || counts.grants < expected) && Date.now() - started < 120_000) {
  await new Promise((r) => setTimeout(r, 50));
  counts = await credited(1, SESSIONS);
}
const allCredited = counts.records >= expected && counts.grants >= expected;
const secondsToCreditAll = allCredited ? round((Date.now() - started) / 1000) : null;
const peakCpuMs = machineCpuMs() - peakCpuFrom;
const peakWallMs = Date.now() - started;
const measureTo = process.hrtime.bigint();
await client.query('RESET enable_nestloop');
await new Promise((r) => setTimeout(r, 500));
beating = false;
await heartbeatsDone;

const closeErrors = closes.filter((c) => c.status !== 200).length;
const statusCounts = (rs) => {
  const tally = new Map();
  for (const r of rs) if (r.status !== 200) tally.set(r.status, (tally.get(r.status) ?? 0) + 1);
  return [...tally].map(([st, n]) => `${n}× ${st || 'no answer'}`).join(', ');
};
const closeMs = closes.map((c) => c.ms).sort((a, b) => a - b);
const during = beats.slice(warmBeats).filter((b) => b.at >= measureFrom && b.at <= measureTo);
const beatMs = during.map((b) => b.ms).sort((a, b) => a - b);
const beatErrors = beats.slice(warmBeats).filter((b) => b.status !== 200).length;
const heartbeatP99 = round(percentile(beatMs, 99));
// where the p99 comes from: the peak in slices of PEAK_SLICE_MS (the first second in quarters, then
// whole seconds), and the heartbeats that had to open a connection (the load generator's sockets were all busy)
const sliceOf = (b) => {
  const ms = Number(b.at - measureFrom) / 1e6;
  return ms < 1000 ? Math.floor(ms / 250) * 250 : Math.floor(ms / 1000) * 1000;
};
const slices = new Map();
for (const b of during) {
  const k = sliceOf(b);
  if (!slices.has(k)) slices.set(k, []);
  slices.get(k).push(b.ms);
}
const sliceRows = [...slices].sort((a, b) => a[0] - b[0]).map(([from, ms]) => {
  ms.sort((a, b) => a - b);
  const to = from < 1000 ? from + 250 : from + 1000;
  return `  ${`${(from / 1000).toFixed(2)}–${(to / 1000).toFixed(2)} s`.padEnd(14)} ${String(ms.length).padStart(6)} ${String(round(percentile(ms, 50))).padStart(8)} ${String(round(percentile(ms, 99))).padStart(8)} ${String(round(ms.at(-1))).padStart(8)}`;
});
const opened = during.filter((b) => b.opened).map((b) => b.ms).sort((a, b) => a - b);
const afterFirstSecond = during.filter((b) => Number(b.at - measureFrom) / 1e6 >= 1000).map((b) => b.ms).sort((a, b) => a - b);

// --- proof: the statistics equal a rebuild from the records before and after the job folds the deltas,
// and the ledger passes its audit and equals a replay of every record through the rules
const check = async (label, script) => {
  try {
    await runCli(db.url, script);
    return true;
  } catch (err) {
    console.warn(`${label}: ${err.message.split('\n').slice(0, 12).join('\n')}`);
    return false;
  }
};
const hasDeltas = (await client.query(`SELECT to_regclass('stats_volume_delta') IS NOT NULL AS has`)).rows[0].has;
const pendingDeltas = async () =>
  hasDeltas
    ? Number((await client.query(`SELECT (SELECT count(*) FROM stats_learners_delta) + (SELECT count(*) FROM stats_volume_delta) + (SELECT count(*) FROM stats_attended_delta) AS n`)).rows[0].n)
    : 0;
const unfolded = await pendingDeltas();
const statsBefore = await check('stats:rebuild before folding', 'commands/stats-rebuild-cli.js');
const foldWaitStarted = Date.now();
while ((await pendingDeltas()) > 0 && Date.now() - foldWaitStarted < 30_000) await new Promise((r) => setTimeout(r, 250));
const foldedAfterMs = Date.now() - foldWaitStarted;
const statsAfter = await check('stats:rebuild after folding', 'commands/stats-rebuild-cli.js');
const ledgerOk = await check('ledger:reconcile', 'commands/ledger-reconcile-cli.js');
// --- baseline: the minimal version of the same writes on the same database and connection count — per
// session one transaction inserting its records and two ledger entries per record into bare tables
// (no rules, no locks, no statistics), all sessions at once
await client.query(`CREATE TABLE bench_bare_record (session_id int NOT NULL, resident_id uuid NOT NULL, minutes int NOT NULL, PRIMARY KEY (session_id, resident_id))`);
await client.query(`CREATE TABLE bench_bare_entry (id bigserial PRIMARY KEY, resident_id uuid NOT NULL, amount_milli bigint NOT NULL)`);
const barePool = new pg.Pool({ connectionString: db.url, max: WORKERS * 20 });
const bareStarted = Date.now();
await Promise.all(
  Array.from({ length: SESSIONS }, async (_, k) => {
    const c = await barePool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO bench_bare_record SELECT session_id, resident_id, 90 FROM attendance WHERE session_id = $1`,
        [k + 1],
      );
      await c.query(
        `INSERT INTO bench_bare_entry (resident_id, amount_milli) SELECT resident_id, a FROM attendance, (VALUES (150), (-150)) v(a) WHERE session_id = $1`,
        [k + 1],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  }),
);
const bareSeconds = round((Date.now() - bareStarted) / 1000);
await barePool.end();
const issuers = (await client.query(`SELECT count(*)::int AS n, COALESCE(-sum(balance_milli), 0)::bigint AS issued FROM ledger_account WHERE kind = 'issuer'`)).rows[0];
await server.stop();
agent.destroy();
teacherAgent.destroy();
await client.end();
await db.close();

const reconcileOk = statsBefore && statsAfter && ledgerOk && allCredited;
const errors = closeErrors + beatErrors + warmErrors;
console.log(`
${SESSIONS} sessions × ${PER_SESSION} residents closed ${SPREAD_MS ? `over ${SPREAD_MS} ms` : 'at once'} (after ${WARM_SESSIONS} warm-up closes), ${HEARTBEATS_PER_SECOND} heartbeats/s from ${WATCHERS} watchers; the portal in ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}
close requests     ${String(SESSIONS).padStart(7)}  errors ${String(closeErrors).padStart(5)}  p50 ${round(percentile(closeMs, 50))} ms  max ${round(closeMs.at(-1))} ms${closeErrors ? `  (${statusCounts(closes)})` : ''}
heartbeats         ${String(during.length).padStart(7)}  errors ${String(beatErrors).padStart(5)}  p50 ${round(percentile(beatMs, 50))} ms  p99 ${heartbeatP99} ms (during the peak)${beatErrors ? `  (${statusCounts(beats.slice(warmBeats))})` : ''}
  of which on a connection they opened: ${opened.length}, p50 ${opened.length ? round(percentile(opened, 50)) : '—'} ms, p99 ${opened.length ? round(percentile(opened, 99)) : '—'} ms
  heartbeats by moment of the peak  count   p50 ms   p99 ms   max ms
${sliceRows.join('\n')}
records ${counts.records}/${expected}, grants ${counts.grants}/${expected}, all credited after ${secondsToCreditAll ?? '—'} s (baseline, bare inserts of the same rows: ${bareSeconds} s)
issuer accounts ${issuers.n}, issued ${Number(issuers.issued) / 1000} credits
statistics deltas unfolded after the peak: ${hasDeltas ? unfolded : 'n/a (no delta tables)'}; folded within ${hasDeltas ? `${foldedAfterMs} ms` : 'n/a'}
stats:rebuild before folding ${statsBefore ? 'ok' : 'DIFFERS'}, after folding ${statsAfter ? 'ok' : 'DIFFERS'}; ledger:reconcile ${ledgerOk ? 'ok' : 'FAILED'}
CPU (the whole machine, ${CORES} cores): heartbeats alone ${perBeat(alone.cpu) ?? '—'} ms per heartbeat (portal ${perBeat(alone.portal) ?? '—'}, load generator ${perBeat(alone.own) ?? '—'}, the rest mostly PostgreSQL; ${round((alone.cpu / alone.ms / CORES) * 100)} % busy at ${round((alone.beats * 1000) / alone.ms)}/s); the peak ${round(peakCpuMs / 1000)} s of CPU in ${round(peakWallMs / 1000)} s (${round((peakCpuMs / peakWallMs / CORES) * 100)} % busy)
target: all credited within ${TARGET_SECONDS} s, heartbeat p99 ≤ ${TARGET_P99_MS} ms`);
console.log(JSON.stringify({
  sessions: SESSIONS, records: counts.records, seconds_to_credit_all: secondsToCreditAll, errors, heartbeat_p99_ms: heartbeatP99,
  reconcile_ok: reconcileOk, grants: counts.grants, heartbeat_p50_ms: round(percentile(beatMs, 50)), heartbeats: during.length,
  heartbeat_p99_after_1s_ms: round(percentile(afterFirstSecond, 99)), heartbeats_on_new_connections: opened.length,
  close_p50_ms: round(percentile(closeMs, 50)), baseline_seconds: bareSeconds, issuer_accounts: issuers.n, workers: WORKERS,
  heartbeat_cpu_ms: perBeat(alone.cpu), heartbeat_portal_cpu_ms: perBeat(alone.portal), heartbeat_loadgen_cpu_ms: perBeat(alone.own), peak_cpu_s: round(peakCpuMs / 1000), peak_busy: round(peakCpuMs / peakWallMs / CORES), cores: CORES,
}));
if (!reconcileOk || errors > 0) process.exitCode = 1;
