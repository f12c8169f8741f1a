// bench:stats — the indicators endpoint of a district with BENCH_RESIDENTS residents and
// BENCH_RECORDS learning records in one year, against the naive SQL (count(DISTINCT resident_id)
// over the year's records) for the same figures, measured in the same run on the same data.
// Data is generated inside PostgreSQL with INSERT … SELECT generate_series (set-based), the
// aggregates are built by the rebuild command. The endpoint is timed first alone, then while a
// writer adds learning records through the real service at a steady rate (BENCH_WRITE_RATE
// requests a second over HTTP: residents' offline check-ins to this year's sessions of an
// activity, the teacher closing each session, late scans credited as they arrive). Afterwards
// the endpoint must agree with the naive SQL and `stats:rebuild` must find no difference between
// the figures kept current and those recomputed from the records.
// Last line: {"district_p95_ms":…,"community_p95_ms":…,"naive_ms":…,"speedup":…,"same_numbers":true,…}
// (the p95 figures with writes going on).
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { benchDatabase, boundResident, percentile, round, ROOT, seedDistrict, startServer } from './harness.mjs';

const { PRIVACY_TEXT_VERSION } = createRequire(import.meta.url)(join(ROOT, 'packages/shared/dist/rights.js'));
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000_000);
/** Years of records: BENCH_RECORDS in this year and as many in each year before (history, in its own yearly partitions). */
const YEARS = Math.max(1, Number(process.env.BENCH_YEARS ?? 1));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
/** Write requests a second while the endpoint is timed, and for at least how long. */
const WRITE_RATE = Number(process.env.BENCH_WRITE_RATE ?? 50);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 10);
const HOUR = 3600_000;
// the year the writer's sessions fall in (they started 100 minutes ago), Beijing time
const YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(Date.now() - 2 * HOUR));
const YEAR_START = Date.parse(`${YEAR}-01-01T00:00:00+08:00`);
// generated records fall between the start of the year and three hours ago, never in the future
const SPAN_SECONDS = Math.max(3600, Math.min(365 * 86400, Math.floor((Date.now() - 3 * HOUR - YEAR_START) / 1000)));
const STREETS = Math.max(2, Math.min(12, Math.round(RESIDENTS / 80_000)));
const PER_STREET = Math.max(2, Math.min(20, Math.round(RESIDENTS / STREETS / 4_000)));
const COMMUNITIES = STREETS * PER_STREET;
// two thirds of the residents learn in the year; one record in 40 is written in the next community (a move)
const ACTIVE = Math.max(1, Math.floor(RESIDENTS * 0.66));
const CHUNK = 2_000_000;

const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const step = (label) => {
  process.stdout.write(`${label}… `);
  const t = Date.now();
  return () => console.log(secs(t));
};

const db = await benchDatabase('lp_bench_stats');
const client = new pg.Client({ connectionString: db.url });
await client.connect();
await client.query(`SET statement_timeout = 0`);

// --- the district: 1 → streets → communities (every fourth community a village), the default conversion rules
let done = step(`district with ${STREETS} streets and ${COMMUNITIES} communities`);
await seedDistrict(client, COMMUNITIES, { perStreet: PER_STREET, ruralEvery: 4 });
done();

// --- residents: id, community, age and groups all follow from the number n, so records need no join
// age(n) = 5 + (n * 37) % 85; groups by n; community(n) = 1000 + n % COMMUNITIES
const AGE = (n) => `(5 + ((${n})::bigint * 37) % 85)`;
const GROUPS = (n) => `(CASE WHEN ${AGE(n)} BETWEEN 18 AND 59 THEN
    CASE (${n}) % 6 WHEN 0 THEN ARRAY['employed'] WHEN 1 THEN ARRAY['employed', 'migrant_worker'] WHEN 2 THEN ARRAY['unemployed']
                    WHEN 3 THEN ARRAY['farmer'] ELSE ARRAY[]::text[] END
  ELSE ARRAY[]::text[] END)`;
done = step(`${RESIDENTS.toLocaleString()} residents`);
await client.query(`SET session_replication_role = replica`); // bulk load: consistent by construction, skip per-row FK triggers
await client.query(
  `INSERT INTO app_user (id, role, display_name, is_demo)
   SELECT md5('r' || n)::uuid, 'resident', '居民' || n, true FROM generate_series(1, $1) n`,
  [RESIDENTS],
);
await client.query(
  // name_hash filled, as on a deployed portal: a NULL one is hashed by the server at its start, while it is timed
  `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, name_hash, birth_date, community_id, groups, ranking_opt_out)
   SELECT md5('r' || n)::uuid, '居民' || n, 'v1.bench', md5('p' || n) || md5('q' || n), md5('n' || n) || md5('m' || n),
          make_date(${YEAR} - ${AGE('n')}::int, 1 + n % 12, 1 + n % 28), 1000 + n % $2, ${GROUPS('n')}, n % 50 = 0
     FROM generate_series(1, $1) n`,
  [RESIDENTS, COMMUNITIES],
);
// a resident under 14 acts only under a guardian's standing consent (个人信息保护法 第31条), as on a live
// portal: each child's guardian is the next adult resident (ages step by 37 mod 85, so one is at most 3 away)
await client.query(
  `INSERT INTO guardian_binding (child_id, guardian_id, relationship, consent_given, privacy_text_version)
   SELECT md5('r' || n)::uuid, md5('r' || g.m)::uuid, 'parent', true, $2
     FROM generate_series(1, $1) n,
          LATERAL (SELECT 1 + (m - 1) % $1 AS m FROM generate_series(n + 1, n + 4) m WHERE ${AGE('1 + (m - 1) % $1')} >= 18 LIMIT 1) g
    WHERE ${AGE('n')} <= 14`, // 14 by the year is 13 until the birthday
  [RESIDENTS, PRIVACY_TEXT_VERSION],
);
done();

// population base data from the residents themselves (communities), summed up the tree
done = step('population base data');
await client.query(
  `WITH c AS (
     SELECT 1000 + n % $2 AS area_id, count(*) AS t, count(*) FILTER (WHERE ${AGE('n')} >= 60) AS a60, count(*) FILTER (WHERE ${AGE('n')} < 18) AS u18,
            count(*) FILTER (WHERE 'employed' = ANY (${GROUPS('n')})) AS emp, count(*) FILTER (WHERE 'migrant_worker' = ANY (${GROUPS('n')})) AS mig,
            count(*) FILTER (WHERE 'unemployed' = ANY (${GROUPS('n')})) AS une, count(*) FILTER (WHERE 'farmer' = ANY (${GROUPS('n')})) AS rur
       FROM generate_series(1, $1) n GROUP BY 1)
   INSERT INTO area_population (area_id, year, resident_total, aged_60_plus, under_18, employed, migrant_workers, unemployed, rural_labor)
   SELECT node, ${YEAR}, sum(t), sum(a60), sum(u18), sum(emp), sum(mig), sum(une), sum(rur)
     FROM c JOIN area a ON a.id = c.area_id, LATERAL unnest(string_to_array(btrim(a.path, '/'), '/')::int[]) node
    GROUP BY node`,
  [RESIDENTS, COMMUNITIES],
);
done();

// --- learning records, in chunks of INSERT … SELECT generate_series; the two secondary indexes are built after
await client.query(`DROP INDEX learning_record_account_idx, learning_record_area_time_idx`);
const CATEGORIES = `(ARRAY['senior_education', 'vocational_skills', 'family_education', 'traditional_culture', 'popular_science',
                           'health', 'arts_sports', 'digital_literacy', 'theory'])`;
let t0 = Date.now();
// the oldest year first, as they were written; this year's records are the same in every run
for (let back = YEARS - 1; back >= 0; back--) {
  const span = back === 0 ? SPAN_SECONDS : 365 * 86400;
  for (let from = 1; from <= RECORDS; from += CHUNK) {
    const to = Math.min(RECORDS, from + CHUNK - 1);
    process.stdout.write(`\rlearning records of ${YEAR - back} ${to.toLocaleString()} / ${RECORDS.toLocaleString()} (${secs(t0)})`);
    await client.query(
      `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, resident_groups)
       SELECT md5('r' || n)::uuid, 'admin_import', 'bench:' || ${back === 0 ? '' : `'${YEAR - back}:' || `}s, ${CATEGORIES}[1 + (s * 7 + n) % 9]::offering_category, 30 + s % 91,
              make_timestamptz(${YEAR - back}, 1, 1, 0, 0, 0, 'Asia/Shanghai') + make_interval(secs => ((s * 7919) % ${span})::double precision),
              1000 + (n + (s % 40 = 0)::int) % $3, ${AGE('n')}, ${GROUPS('n')}
         FROM generate_series($1::bigint, $2::bigint) s, LATERAL (SELECT 1 + (s * 2654435761) % $4 AS n) r`,
      [from, to, COMMUNITIES, ACTIVE],
    );
  }
}
console.log('');
// one record in a thousand voided
await client.query(
  `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, resident_groups, voids_id, void_reason)
   SELECT resident_id, 'admin_import', 'void:' || id, category, -minutes, occurred_at, area_id, age_years, resident_groups, id, '基准作废'
     FROM learning_record WHERE id % 1000 = 0`,
);
done = step('indexes and ANALYZE');
await client.query(`CREATE INDEX learning_record_account_idx ON learning_record (resident_id, occurred_at DESC, id DESC) INCLUDE (category, minutes)`);
await client.query(`CREATE INDEX learning_record_area_time_idx ON learning_record (area_id, occurred_at)`);
await client.query(`SET session_replication_role = origin`);
await client.query(`VACUUM ANALYZE`);
done();
const generateSeconds = round((Date.now() - t0) / 1000);

// --- the aggregates, by the rebuild command exactly as an operator runs it
done = step('rebuilding the aggregates (npm run stats:rebuild -- --replace)');
t0 = Date.now();
/** `stats:rebuild` as an operator runs it; exit code 1 (differences found) is an answer, not a failure, without --replace. */
function rebuild(args) {
  return new Promise((ok, fail) => {
    let out = '';
    const child = spawn(process.execPath, [join(ROOT, 'server/dist/commands/stats-rebuild-cli.js'), ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 || (code === 1 && !args.includes('--replace')) ? ok({ out, code }) : fail(new Error(`rebuild exited with ${code}: ${out}`))));
  });
}
const rebuildOut = (await rebuild(['--replace'])).out;
const rebuildSeconds = round((Date.now() - t0) / 1000);
done();
const rebuilt = JSON.parse(rebuildOut.trim().split('\n').pop());

// --- what the writer needs: a school and its teacher, an activity in the timed community with
// this year's sessions (started 100 minutes ago, ending in an hour, each with a known check-in
// secret), and residents enrolled in it: a quarter of the timed community, the rest spread over
// the district (a third of those new learners this year)
const community = 1000 + Math.min(5, COMMUNITIES - 1);
const PER_SESSION = 10; // residents per session: 6 scan before the close, 4 after it
const BEFORE_CLOSE = 6;
// enough for a minute of writing (the reads may take longer than WRITE_SECONDS); past that the writer stops early
const SESSIONS = Math.max(4, Math.ceil((WRITE_RATE * Math.max(60, WRITE_SECONDS * 2)) / (PER_SESSION + 1)));
const writerNumbers = [];
{
  const taken = new Set();
  const want = Math.min(SESSIONS * PER_SESSION, Math.floor(RESIDENTS / 2));
  for (let n = community - 1000 + COMMUNITIES; n <= RESIDENTS && taken.size < want / 4; n += COMMUNITIES) taken.add(n);
  for (let k = 0; taken.size < want; k++) taken.add(1 + ((k * 7919) % RESIDENTS));
  writerNumbers.push(...taken);
}
const uuidOf = (n) => createHash('md5').update(`r${n}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const writerResidents = writerNumbers.map(uuidOf);
const writerSessions = Math.floor(writerResidents.length / PER_SESSION);
const CHECKIN_SIGNING_KEY = randomBytes(32).toString('hex');
const sessionSecret = randomBytes(32);
const sessionStart = new Date(Date.now() - 100 * 60_000);
const teacherId = randomUUID();
done = step(`the writer's activity: ${writerSessions} sessions, ${writerResidents.length} residents enrolled`);
await client.query(
  `INSERT INTO school (id, name, type, area_id) VALUES (1, '基准学校', 'community_college', 1);
   INSERT INTO app_user (id, role, display_name, username, password_hash, school_id) VALUES ('${teacherId}', 'teacher', '基准老师', 'bench', 'x', 1);`,
);
await client.query(
  `INSERT INTO offering (id, kind, title, description, category, area_id, school_id, author_id, capacity, enrolled_count,
                         enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at)
   VALUES (1, 'activity', '技能培训周', '基准', 'vocational_skills', $1, 1, $2, $3, $3,
           $4::timestamptz - interval '2 days', $4::timestamptz - interval '1 hour', $4, $4::timestamptz + interval '160 minutes', $5, 'published', now())`,
  [community, teacherId, writerResidents.length, sessionStart, writerSessions],
);
await client.query(
  `INSERT INTO offering_session (id, offering_id, seq, starts_at, ends_at, minutes, checkin_secret)
   SELECT k, 1, k, $1, $1::timestamptz + interval '160 minutes', 90, $2 FROM generate_series(1, $3) k`,
  [sessionStart, sessionSecret, writerSessions],
);
await client.query(`INSERT INTO offering_teacher VALUES (1, $1)`, [teacherId]);
await client.query(`INSERT INTO enrollment (offering_id, resident_id, status) SELECT 1, unnest($1::uuid[]), 'enrolled'`, [writerResidents]);
await client.query('ANALYZE');
done();

// --- the endpoint
const JWT_SECRET = randomBytes(32).toString('hex');
const adminId = randomUUID();
await client.query(`INSERT INTO app_user (id, role, display_name, area_id, is_demo) VALUES ($1, 'super_admin', '基准管理员', 1, true)`, [adminId]);
const token = jwt.sign({ sub: adminId, role: 'super_admin', sch: null, area: 1 }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
const server = await startServer(db.url, { JWT_SECRET, CHECKIN_SIGNING_KEY });

async function indicators(areaId) {
  const res = await fetch(`${server.url}/api/areas/${areaId}/statistics?year=${YEAR}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`indicators ${areaId}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function timed(fn, n, warm) {
  for (let i = 0; i < warm; i++) await fn();
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return summary(samples);
}
function summary(samples) {
  samples.sort((a, b) => a - b);
  return { n: samples.length, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)), max: round(samples.at(-1)) };
}

/**
 * The writer: WRITE_RATE requests a second through the real service, at most 16 at once. Session
 * by session, 6 residents post a scan kept offline (the QR of the session's fifth minute, so each
 * has measured minutes), the teacher closes the session (their records are written in the close),
 * and 4 more post theirs afterwards (each credited as it arrives). Signed like the teacher's
 * screen signs them, by the server's own code with the key the server was given.
 */
const require = createRequire(import.meta.url);
const { CheckInCodes } = require(join(ROOT, 'server/dist/attendance/check-in-codes.js'));
const codes = new CheckInCodes({ CHECKIN_SIGNING_KEY });
const teacherToken = jwt.sign({ sub: teacherId, role: 'teacher', sch: 1, area: null }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
// as the portal signs a bound resident's token: with the day they turn 14 (boundResident)
const writerBirthDates = new Map(
  (await client.query(`SELECT user_id::text AS id, to_char(birth_date, 'YYYY-MM-DD') AS born FROM resident_profile WHERE user_id = ANY($1::uuid[])`, [writerResidents]))
    .rows.map((r) => [r.id, r.born]),
);
const residentToken = (id) =>
  jwt.sign({ sub: id, role: 'resident', sch: null, area: null, ...(writerBirthDates.has(id) ? boundResident(writerBirthDates.get(id)) : {}) }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
function startWriter() {
  const steps = [];
  for (let k = 1; k <= writerSessions; k++) {
    const qr = codes.qr(k, sessionSecret, codes.qrWindow(new Date(sessionStart.getTime() + 5 * 60_000)));
    const who = writerResidents.slice((k - 1) * PER_SESSION, k * PER_SESSION);
    const scan = (id) => ({ kind: 'scan', session: k, run: () => post('/api/check-ins', residentToken(id), { qr, offline: true }, 201) });
    steps.push(...who.slice(0, BEFORE_CLOSE).map(scan));
    steps.push({ kind: 'close', session: k, run: () => post(`/api/teacher/sessions/${k}/close`, teacherToken, undefined, 200) });
    steps.push(...who.slice(BEFORE_CLOSE).map(scan));
  }
  const stats = { requests: 0, failures: 0, ranOut: false, latencies: [] };
  let stopping = false;
  const started = Date.now();
  const running = (async () => {
    const inFlight = new Set();
    const bySession = new Map(); // per session: its scans so far, and its close once sent
    for (let i = 0; ; i++) {
      if (stopping) break;
      if (i >= steps.length) {
        stats.ranOut = true;
        break;
      }
      const due = started + (i * 1000) / WRITE_RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      while (inFlight.size >= 16) await Promise.race(inFlight);
      const s = steps[i];
      const session = bySession.get(s.session) ?? { scans: [], close: null };
      bySession.set(s.session, session);
      // the close waits for the scans before it; the scans after it wait for the close
      const before = s.kind === 'close' ? Promise.all(session.scans) : session.close;
      const p = (async () => {
        await before;
        const t = process.hrtime.bigint();
        const ok = await s.run().catch((err) => (console.warn(`write failed: ${err.message}`), false));
        stats.latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        stats.requests += 1;
        if (!ok) stats.failures += 1;
      })();
      if (s.kind === 'close') session.close = p;
      else session.scans.push(p);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
  })();
  return {
    stop: async () => {
      stopping = true;
      await running;
      const seconds = (Date.now() - started) / 1000;
      return { ...stats, seconds: round(seconds), rate: round(stats.requests / seconds), latency: summary(stats.latencies) };
    },
  };
}
async function post(path, bearer, body, expect) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
  return true;
}
const attendanceRecords = async () => (await client.query(`SELECT count(*)::int AS n FROM learning_record WHERE source = 'attendance'`)).rows[0].n;

// the floor on this machine right now: the same server answering its cheapest endpoint
const healthCall = () => fetch(`${server.url}/api/health`).then((r) => r.arrayBuffer());
// alone first
const quietHealth = await timed(healthCall, REQUESTS, 20);
const quietDistrict = await timed(() => indicators(1), REQUESTS, 20);
const quietCommunity = await timed(() => indicators(community), REQUESTS, 20);
// then with the writer going: the three in turn, at least REQUESTS each and for at least WRITE_SECONDS
const recordsBefore = await attendanceRecords();
const writer = startWriter();
const writeStarted = Date.now();
const during = { district: [], community: [], health: [] };
const calls = { district: () => indicators(1), community: () => indicators(community), health: healthCall };
await new Promise((r) => setTimeout(r, 500)); // the writer under way
for (let i = 0; during.health.length < REQUESTS || Date.now() - writeStarted < WRITE_SECONDS * 1000; i++) {
  const what = ['district', 'community', 'health'][i % 3];
  const t = process.hrtime.bigint();
  await calls[what]();
  during[what].push(Number(process.hrtime.bigint() - t) / 1e6);
}
const written = await writer.stop();
const district = summary(during.district);
const communityTiming = summary(during.community);
const health = summary(during.health);
// whatever keeps the figures current may lag: wait until the endpoint stops changing (at most 60 s)
const settleStarted = Date.now();
let apiDistrict = await indicators(1);
for (let stable = 0; stable < 2 && Date.now() - settleStarted < 60_000; ) {
  await new Promise((r) => setTimeout(r, 500));
  const again = await indicators(1);
  stable = JSON.stringify(again) === JSON.stringify(apiDistrict) ? stable + 1 : 0;
  apiDistrict = again;
}
const settleSeconds = round((Date.now() - settleStarted) / 1000);
const apiCommunity = await indicators(community);
written.records = (await attendanceRecords()) - recordsBefore;
written.recordRate = round(written.records / written.seconds);
// the figures kept current against those recomputed from every record, by the command an operator runs
done = step('stats:rebuild (check only)');
let check;
for (let attempt = 1; ; attempt++) {
  check = JSON.parse((await rebuild([])).out.trim().split('\n').pop());
  if (check.differing === 0 || attempt === 3) break;
  await new Promise((r) => setTimeout(r, 5000));
}
done();
await server.stop();

// --- the naive SQL for the same figures: every valid record of the year in the subtree, joined to its resident
const NAIVE = `
  SELECT count(DISTINCT r.resident_id)::int AS participation,
         (count(DISTINCT r.resident_id) FILTER (WHERE r.age_years >= 60))::int AS seniors,
         (count(DISTINCT r.resident_id) FILTER (WHERE r.age_years < 18))::int AS minors,
         (count(DISTINCT r.resident_id) FILTER (WHERE r.category = 'vocational_skills' AND 'employed' = ANY (r.resident_groups)))::int AS vocational_training,
         (count(DISTINCT r.resident_id) FILTER (WHERE r.category = 'vocational_skills' AND 'unemployed' = ANY (r.resident_groups)))::int AS unemployed_training,
         (count(DISTINCT r.resident_id) FILTER (WHERE r.category = 'vocational_skills' AND 'migrant_worker' = ANY (r.resident_groups)))::int AS migrant_training,
         (count(DISTINCT r.resident_id) FILTER (WHERE r.category = 'vocational_skills' AND 'farmer' = ANY (r.resident_groups)))::int AS farmer_training,
         count(*)::int AS records, COALESCE(sum(r.minutes), 0)::bigint AS minutes
    FROM learning_record r
    JOIN app_user u ON u.id = r.resident_id
    JOIN area a ON a.id = r.area_id
   WHERE r.occurred_at >= make_timestamptz(${YEAR}, 1, 1, 0, 0, 0, 'Asia/Shanghai')
     AND r.occurred_at < make_timestamptz(${YEAR + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')
     AND a.path LIKE $1 || '%'
     AND r.voids_id IS NULL
     AND NOT EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id)`;
async function naive(path) {
  const t = process.hrtime.bigint();
  const { rows } = await client.query(NAIVE, [path]);
  return { ms: round(Number(process.hrtime.bigint() - t) / 1e6), row: rows[0] };
}
process.stdout.write('naive SQL… ');
await naive('/1/'); // warm the cache: the comparison is with a warm naive query
const naiveDistrict = await naive('/1/');
const communityPath = (await client.query(`SELECT path FROM area WHERE id = $1`, [community])).rows[0].path;
const naiveCommunity = await naive(communityPath);
console.log(`${naiveDistrict.ms} ms (district), ${naiveCommunity.ms} ms (community)`);
await client.end();
await db.close();

/** The indicators the naive SQL computes: each must be in the endpoint's answer, or the run fails (a renamed code is not skipped). */
const COMPARED = ['participation', 'seniors', 'minors', 'vocational_training', 'unemployed_training', 'migrant_training', 'farmer_training'];
let compared = 0;
function sameNumbers(api, row) {
  const mismatches = [];
  for (const code of COMPARED) {
    const ind = api.indicators.find((i) => i.code === code);
    if (!ind) {
      mismatches.push(`${code}: missing from the endpoint's answer (codes there: ${api.indicators.map((i) => i.code).join(', ')})`);
      continue;
    }
    compared++;
    if (row[code] !== ind.numerator) mismatches.push(`${code}: api ${ind.numerator}, naive ${row[code]}`);
  }
  if (api.records !== row.records) mismatches.push(`records: api ${api.records}, naive ${row.records}`);
  if (api.minutes !== Number(row.minutes)) mismatches.push(`minutes: api ${api.minutes}, naive ${row.minutes}`);
  return mismatches;
}
const mismatches = [...sameNumbers(apiDistrict, naiveDistrict.row), ...sameNumbers(apiCommunity, naiveCommunity.row)];
if (mismatches.length) console.warn(`numbers differ:\n  ${mismatches.join('\n  ')}`);
const speedup = round(naiveDistrict.ms / district.p95);
const participation = apiDistrict.indicators.find((i) => i.code === 'participation');

const line = (label, t) => `${label.padEnd(34)} ${String(t.p50).padStart(8)} ${String(t.p95).padStart(8)} ${String(t.p99).padStart(8)} ${String(t.max).padStart(8)} ${String(t.n).padStart(6)}`;
const writesOk = written.failures === 0 && written.records > 0;
if (!writesOk || written.ranOut) console.warn(`the writer: ${written.failures} failed requests${written.ranOut ? ', ran out of sessions before the reads ended' : ''}, ${written.records} records`);
console.log(`
${RESIDENTS.toLocaleString()} residents, ${RECORDS.toLocaleString()} learning records in ${YEAR}${YEARS > 1 ? ` and as many in each of the ${YEARS - 1} years before` : ''} (${rebuilt.records.toLocaleString()} valid), ${COMMUNITIES} communities
generated in ${generateSeconds} s; aggregates rebuilt in ${rebuildSeconds} s
district participation ${participation.numerator} / ${participation.denominator} = ${participation.value}
                                     p50 ms   p95 ms   p99 ms   max ms      n
${line('indicators, district, alone', quietDistrict)}
${line('indicators, community, alone', quietCommunity)}
${line('GET /api/health (floor), alone', quietHealth)}
${line('indicators, district, writing', district)}
${line('indicators, community, writing', communityTiming)}
${line('GET /api/health (floor), writing', health)}
${line('write requests (scan or close)', written.latency)}
writes: ${written.requests} requests in ${written.seconds} s = ${written.rate}/s (asked ${WRITE_RATE}/s), ${written.failures} failed; ${written.records} learning records = ${written.recordRate}/s
after the writes: the endpoint settled in ${settleSeconds} s; stats:rebuild found ${check.differing} differing rows among ${check.records.toLocaleString()} valid records
naive SQL, district     ${String(naiveDistrict.ms).padStart(8)}
naive SQL, community    ${String(naiveCommunity.ms).padStart(8)}
speedup (naive district / endpoint district p95 while writing): ${speedup}× (target: district p95 ≤ 20 ms)
compared with the naive SQL: ${compared} indicator figures of ${COMPARED.length * 2} (${COMPARED.length} indicators × district and community), records and minutes`);
console.log(
  JSON.stringify({
    district_p95_ms: district.p95,
    community_p95_ms: communityTiming.p95,
    naive_ms: naiveDistrict.ms,
    speedup,
    same_numbers: mismatches.length === 0,
    rebuild_differing: check.differing,
    indicators_compared: compared,
    district_p50_ms: district.p50,
    district_p99_ms: district.p99,
    community_p50_ms: communityTiming.p50,
    community_p99_ms: communityTiming.p99,
    district_alone_p95_ms: quietDistrict.p95,
    district_alone_p99_ms: quietDistrict.p99,
    community_alone_p95_ms: quietCommunity.p95,
    write_rps: written.rate,
    write_records_per_s: written.recordRate,
    write_records: written.records,
    write_failures: written.failures,
    write_p99_ms: written.latency.p99,
    naive_community_ms: naiveCommunity.ms,
    health_p95_ms: health.p95,
    rebuild_s: rebuildSeconds,
    residents: RESIDENTS,
    records: RECORDS,
    year: YEAR,
    years: YEARS,
  }),
);
if (mismatches.length || compared !== COMPARED.length * 2 || check.differing !== 0 || !writesOk) process.exitCode = 1;
