// bench:enroll — the opening of enrollment: BENCH_RESIDENTS (5,000) residents enroll into
// BENCH_COURSES (100) courses of BENCH_CAPACITY (30) places at once, then BENCH_POPULAR (20,000)
// into one popular course of as many places, at BENCH_CONNECTIONS (200) concurrent connections,
// against the portal with one worker per core. Baseline in the same run: bare-enroll-server.mjs
// (node:http, same process count, one statement per course takes places or waitlist numbers).
// Checked after each run, in the database: every 201 has its row, no course holds more residents
// than places, and arrival order: when B's request was sent after A's answer came back, A is ahead
// of B in the course (enrolled before waitlisted; by enrollment, then by waitlist number).
// Last line: {"enroll_rps","bare_rps","ratio","p99_ms","errors","overbooked","order_violations",…};
// exits 1 when a check fails.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { accessTokens, benchDatabase, benchDistrict, boundResident, benchResidents, freePort, percentile, round, ROOT, startServer } from './harness.mjs';

const COURSES = Number(process.env.BENCH_COURSES ?? 100);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 30);
const SPREAD = Number(process.env.BENCH_RESIDENTS ?? 5000);
const POPULAR = Number(process.env.BENCH_POPULAR ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
/** Both servers first take this many enrollments the same way, into courses of their own: JIT, pools, prepared statements, every worker. */
const WARM = Number(process.env.BENCH_WARM ?? 2000);
const WARM_COURSES = Math.max(1, Math.round((COURSES * WARM) / 2 / Math.max(1, SPREAD)));
// one worker per core as in production (workers share state through Redis, so without REDIS_URL the portal runs as one process)
const WORKERS = process.env.REDIS_URL ? Number(process.env.BENCH_WORKERS ?? availableParallelism()) : 1;

/** Course ids: the spread courses, the popular one, then the warm-up's. */
const POPULAR_ID = COURSES + 1;
const WARM_POPULAR_ID = COURSES + 2;
const warmCourseId = (k) => COURSES + 3 + k;
const TOTAL_COURSES = COURSES + 2 + WARM_COURSES;

const db = await benchDatabase('lp_bench_enroll');
const client = new pg.Client({ connectionString: db.url });
await client.connect();
const RESIDENTS = WARM + SPREAD + POPULAR;
process.stdout.write(`preparing ${TOTAL_COURSES} courses and ${RESIDENTS} residents… `);
const t0 = Date.now();
const teacherId = await benchDistrict(client);
await client.query(
  `INSERT INTO offering (id, kind, title, description, category, area_id, school_id, venue_id, author_id, capacity,
                         enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
   SELECT s, 'course', '基准课程' || s, '基准', 'digital_literacy', 3, 1, 1, $1, $2,
          now() - interval '1 minute', now() + interval '7 days', now() + interval '8 days', now() + interval '60 days', 0, 'published', now()
   FROM generate_series(1, $3) s`,
  [teacherId, CAPACITY, TOTAL_COURSES],
);
await client.query(`
  CREATE TABLE bench_course (id integer PRIMARY KEY, capacity integer NOT NULL, taken integer NOT NULL DEFAULT 0);
  CREATE TABLE bench_seat (course_id integer NOT NULL, resident_id uuid NOT NULL, number integer NOT NULL, waitlisted boolean NOT NULL,
                           PRIMARY KEY (course_id, resident_id));
`);
await client.query(`INSERT INTO bench_course (id, capacity) SELECT s, $1 FROM generate_series(1, $2) s`, [CAPACITY, TOTAL_COURSES]);
const residents = await benchResidents(client, RESIDENTS);
await client.query('ANALYZE');
const access = accessTokens();
const bearer = residents.map((id) => `Bearer ${access.sign(id, 'resident', boundResident())}`);
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);

/**
 * The residents of each burst, in the order they are sent, and their course: the warm-up's, then
 * the opening (resident k into course k mod COURSES, so the courses fill side by side), then the
 * popular course. Both servers get the same residents in the same order.
 */
const bursts = [];
{
  let r = 0;
  const burst = (name, n, courseOf, measured) => {
    bursts.push({ name, measured, who: Array.from({ length: n }, (_, k) => ({ resident: r + k, course: courseOf(k) })) });
    r += n;
  };
  burst('warm-up, courses', Math.floor(WARM / 2), (k) => warmCourseId(k % WARM_COURSES), false);
  burst('warm-up, popular', WARM - Math.floor(WARM / 2), () => WARM_POPULAR_ID, false);
  burst(`${COURSES} courses`, SPREAD, (k) => 1 + (k % COURSES), true);
  burst('popular course', POPULAR, () => POPULAR_ID, true);
}

/**
 * Sends one burst at CONNECTIONS keep-alive connections (autocannon: each connection sends its
 * next request when the previous answer arrives) and notes when each request went out and its
 * answer came back. A request's send time is noted as it is built, just before it is written.
 */
async function send(url, burst, request) {
  const n = burst.who.length;
  const sentAt = new Float64Array(n).fill(NaN);
  const answeredAt = new Float64Array(n).fill(NaN);
  const status = new Int16Array(n);
  if (n === 0) return { ...burst, sentAt, answeredAt, status, seconds: 0, socketErrors: 0 };
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url, connections: Math.min(CONNECTIONS, n), amount: n, timeout: 60, method: 'POST',
    requests: [{
      setupRequest: (req, context) => {
        const i = next++;
        context.i = i;
        sentAt[i] = performance.now();
        return { ...req, ...request(burst.who[i]) };
      },
      onResponse: (code, _body, context) => {
        answeredAt[context.i] = performance.now();
        status[context.i] = code;
      },
    }],
  });
  const seconds = (answeredAt.reduce((last, t) => (t > last ? t : last), started) - started) / 1000;
  return { ...burst, sentAt, answeredAt, status, seconds, socketErrors: result.errors + result.timeouts };
}

/** Answers, places and arrival order of one server's bursts, given each resident's rank in their course. */
function judge(label, sent, rankOf, seats) {
  const rows = [];
  let errors = 0;
  let lost = 0;
  const answered = [];
  for (const b of sent) {
    const latencies = [];
    let failed = 0;
    b.who.forEach(({ resident, course }, i) => {
      if (b.status[i] !== 201) return void (failed += 1);
      const rank = rankOf.get(`${course}:${residents[resident]}`);
      if (rank === undefined) lost += 1;
      else answered.push({ course, rank, sentAt: b.sentAt[i], answeredAt: b.answeredAt[i] });
      latencies.push(b.answeredAt[i] - b.sentAt[i]);
    });
    if (failed || b.socketErrors) console.warn(`${label}, ${b.name}: ${failed} requests not answered 201 (${b.socketErrors} socket errors or timeouts)`);
    latencies.sort((x, y) => x - y);
    errors += failed;
    rows.push({ name: b.name, measured: b.measured, requests: b.who.length, errors: failed, seconds: b.seconds, latencies });
  }
  const measured = rows.filter((r) => r.measured);
  const all = measured.flatMap((r) => r.latencies).sort((x, y) => x - y);
  const total = {
    name: 'opening, in all', requests: measured.reduce((s, r) => s + r.requests, 0), errors: measured.reduce((s, r) => s + r.errors, 0),
    seconds: measured.reduce((s, r) => s + r.seconds, 0), latencies: all,
  };
  // over-booked: more residents holding a place than the course has; under-filled: a place left
  // empty while someone of that course waits
  const overbooked = seats.reduce((s, c) => s + Math.max(0, c.enrolled - c.capacity), 0);
  const underfilled = seats.filter((c) => c.waitlisted > 0 && c.enrolled < c.capacity).length;
  const order = orderViolations(answered);
  return { rows: [...rows, total], total, errors: errors + lost, lost, overbooked, underfilled, ...order };
}

/**
 * For each request B, every A of the same course answered before B was sent must be ahead of B:
 * B breaks the order when its rank is below the highest rank answered in its course by then.
 */
function orderViolations(answered) {
  const bySent = [...answered].sort((x, y) => x.sentAt - y.sentAt);
  const byAnswer = [...answered].sort((x, y) => x.answeredAt - y.answeredAt);
  const highest = new Map();
  let j = 0;
  let violations = 0;
  let checked = 0;
  for (const b of bySent) {
    for (; j < byAnswer.length && byAnswer[j].answeredAt < b.sentAt; j++) {
      const a = byAnswer[j];
      if ((highest.get(a.course) ?? -Infinity) < a.rank) highest.set(a.course, a.rank);
    }
    const ahead = highest.get(b.course);
    if (ahead === undefined) continue;
    checked += 1;
    if (ahead > b.rank) violations += 1;
  }
  return { order_violations: violations, order_checked: checked };
}

// 1. the portal as deployed: `WEB_CONCURRENCY` workers behind one port
const server = await startServer(db.url, { JWT_SECRET: access.secret, WEB_CONCURRENCY: String(WORKERS) });
const portalSent = [];
for (const b of bursts) {
  portalSent.push(await send(server.url, b, ({ resident, course }) => ({ path: `/api/offerings/${course}/enrollments`, headers: { authorization: bearer[resident] } })));
}
await server.stop();
const portalRanks = new Map(
  (await client.query(
    `SELECT offering_id, resident_id,
            row_number() OVER (PARTITION BY offering_id ORDER BY status = 'waitlisted', waitlist_seq NULLS FIRST, id)::int AS rank
     FROM enrollment WHERE status <> 'cancelled'`,
  )).rows.map((r) => [`${r.offering_id}:${r.resident_id}`, r.rank]),
);
const portalSeats = (await client.query(
  `SELECT o.id, o.capacity, count(*) FILTER (WHERE e.status = 'enrolled')::int AS enrolled, count(*) FILTER (WHERE e.status = 'waitlisted')::int AS waitlisted
   FROM offering o LEFT JOIN enrollment e ON e.offering_id = o.id GROUP BY o.id`,
)).rows;
const portal = judge('portal', portalSent, portalRanks, portalSeats);

// 2. the bare limit: same database, same process count, same residents in the same order
const port = await freePort();
const bareProc = fork(join(ROOT, 'test/bench/bare-enroll-server.mjs'), {
  env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), WORKERS: String(WORKERS) }, stdio: 'inherit',
});
await new Promise((ok) => bareProc.once('message', ok));
const bareSent = [];
for (const b of bursts) {
  bareSent.push(await send(`http://127.0.0.1:${port}`, b, ({ resident, course }) => ({
    path: `/courses/${course}/enrollments`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ residentId: residents[resident] }),
  })));
}
await new Promise((done) => { bareProc.once('exit', done); bareProc.kill('SIGTERM'); });
const bareRanks = new Map((await client.query('SELECT course_id, resident_id, number FROM bench_seat')).rows.map((r) => [`${r.course_id}:${r.resident_id}`, r.number]));
const bareSeats = (await client.query(
  `SELECT c.id, c.capacity, count(*) FILTER (WHERE NOT s.waitlisted)::int AS enrolled, count(*) FILTER (WHERE s.waitlisted)::int AS waitlisted
   FROM bench_course c LEFT JOIN bench_seat s ON s.course_id = c.id GROUP BY c.id`,
)).rows;
const bare = judge('bare', bareSent, bareRanks, bareSeats);

await client.end();
await db.close();

const rps = (r) => round(r.requests / r.seconds);
const ms = (r, p) => round(percentile(r.latencies, p));
const line = (who, r) =>
  `${`${who} ${r.name}`.padEnd(28)}${String(r.requests).padStart(9)}${String(r.errors).padStart(8)}${String(rps(r)).padStart(9)}${String(ms(r, 50)).padStart(9)}${String(ms(r, 99)).padStart(9)}`;
const enrollRps = rps(portal.total);
const bareRps = rps(bare.total);
const ratio = round(enrollRps / bareRps);
const p99 = ms(portal.total, 99);
console.log(`
${SPREAD} residents into ${COURSES} courses of ${CAPACITY} places, then ${POPULAR} into one course of ${CAPACITY}, at ${CONNECTIONS} connections,
after ${WARM} warm-up enrollments each; the portal in ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}, the bare server in ${WORKERS}
                              requests  errors      rps   p50 ms   p99 ms
${[...portal.rows.map((r) => line('portal', r)), ...bare.rows.map((r) => line('bare', r))].join('\n')}
checks                          portal    bare
answered 201 without a row   ${String(portal.lost).padStart(9)}${String(bare.lost).padStart(8)}
over-booked places           ${String(portal.overbooked).padStart(9)}${String(bare.overbooked).padStart(8)}
courses with a place left
  while someone waits        ${String(portal.underfilled).padStart(9)}${String(bare.underfilled).padStart(8)}
arrival order violations     ${String(portal.order_violations).padStart(9)}${String(bare.order_violations).padStart(8)}
  (requests sent after an answer in their course, checked)
                             ${String(portal.order_checked).padStart(9)}${String(bare.order_checked).padStart(8)}
ratio ${ratio} (target ≥ 0.5), p99 ${p99} ms (target ≤ 1000), errors ${portal.errors}, over-booked ${portal.overbooked}, order violations ${portal.order_violations} (targets 0)`);

const failed = [portal, bare].some((x) => x.errors + x.overbooked + x.underfilled + x.order_violations > 0);
if (failed) process.exitCode = 1;
console.log(JSON.stringify({
  enroll_rps: enrollRps, bare_rps: bareRps, ratio, p99_ms: p99, errors: portal.errors, overbooked: portal.overbooked,
  order_violations: portal.order_violations, p50_ms: ms(portal.total, 50), bare_p99_ms: ms(bare.total, 99), workers: WORKERS,
}));
