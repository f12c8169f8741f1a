// bench:stats — the indicators endpoint of a district with BENCH_RESIDENTS residents and
// BENCH_RECORDS learning records in one year, against the naive SQL (count(DISTINCT resident_id)
// over the year's records) for the same figures, measured in the same run on the same data.
// Data is generated inside PostgreSQL with INSERT … SELECT generate_series (set-based), the
// aggregates are built by the rebuild command, then both sides are timed and compared.
// Last line: {"district_p95_ms":…,"community_p95_ms":…,"naive_ms":…,"speedup":…,"same_numbers":true}.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { benchDatabase, percentile, round, ROOT, startServer } from './harness.mjs';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const YEAR = 2025;
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

// --- the district: 1 → streets → communities (every fourth community a village)
let done = step(`district with ${STREETS} streets and ${COMMUNITIES} communities`);
await client.query(`INSERT INTO area (id, code, name, level, parent_id, path) VALUES (1, 'S', '基准区', 'district', NULL, '/1/')`);
await client.query(
  `INSERT INTO area (id, code, name, level, parent_id, path)
   SELECT 1 + s, 'S' || s, '街道' || s, 'street', 1, '/1/' || (1 + s) || '/' FROM generate_series(1, $1) s`,
  [STREETS],
);
await client.query(
  `INSERT INTO area (id, code, name, level, parent_id, path, is_rural)
   SELECT 1000 + c, 'S' || st || 'C' || c, '社区' || c, 'community', 1 + st, '/1/' || (1 + st) || '/' || (1000 + c) || '/', c % 4 = 0
     FROM generate_series(0, $1 - 1) c, LATERAL (SELECT 1 + c / $2 AS st) x`,
  [COMMUNITIES, PER_STREET],
);
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
  `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id, groups, ranking_opt_out)
   SELECT md5('r' || n)::uuid, '居民' || n, 'v1.bench', md5('p' || n) || md5('q' || n),
          make_date(${YEAR} - ${AGE('n')}::int, 1 + n % 12, 1 + n % 28), 1000 + n % $2, ${GROUPS('n')}, n % 50 = 0
     FROM generate_series(1, $1) n`,
  [RESIDENTS, COMMUNITIES],
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
for (let from = 1; from <= RECORDS; from += CHUNK) {
  const to = Math.min(RECORDS, from + CHUNK - 1);
  process.stdout.write(`\rlearning records ${to.toLocaleString()} / ${RECORDS.toLocaleString()} (${secs(t0)})`);
  await client.query(
    `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, resident_groups)
     SELECT md5('r' || n)::uuid, 'admin_import', 'bench:' || s, ${CATEGORIES}[1 + (s * 7 + n) % 9]::offering_category, 30 + s % 91,
            make_timestamptz(${YEAR}, 1, 1, 0, 0, 0, 'Asia/Shanghai') + make_interval(secs => ((s * 7919) % (365 * 86400))::double precision),
            1000 + (n + (s % 40 = 0)::int) % $3, ${AGE('n')}, ${GROUPS('n')}
       FROM generate_series($1::bigint, $2::bigint) s, LATERAL (SELECT 1 + (s * 2654435761) % $4 AS n) r`,
    [from, to, COMMUNITIES, ACTIVE],
  );
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
const rebuildOut = await new Promise((ok, fail) => {
  let out = '';
  const child = spawn(process.execPath, [join(ROOT, 'server/dist/commands/stats-rebuild-cli.js'), '--replace'], {
    env: { PATH: process.env.PATH, DATABASE_URL: db.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (d) => (out += d));
  child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`rebuild exited with ${code}: ${out}`))));
});
const rebuildSeconds = round((Date.now() - t0) / 1000);
done();
const rebuilt = JSON.parse(rebuildOut.trim().split('\n').pop());

// --- the endpoint
const JWT_SECRET = randomBytes(32).toString('hex');
const adminId = randomUUID();
await client.query(`INSERT INTO app_user (id, role, display_name, area_id, is_demo) VALUES ($1, 'super_admin', '基准管理员', 1, true)`, [adminId]);
const token = jwt.sign({ sub: adminId, role: 'super_admin', sch: null, area: 1 }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
const server = await startServer(db.url, { JWT_SECRET });
const community = 1000 + Math.min(5, COMMUNITIES - 1);

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
  samples.sort((a, b) => a - b);
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), max: round(samples.at(-1)) };
}

// the floor on this machine right now: the same server answering its cheapest endpoint
const health = await timed(() => fetch(`${server.url}/api/health`).then((r) => r.arrayBuffer()), REQUESTS, 20);
const district = await timed(() => indicators(1), REQUESTS, 20);
const communityTiming = await timed(() => indicators(community), REQUESTS, 20);
const apiDistrict = await indicators(1);
const apiCommunity = await indicators(community);
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

console.log(`
${RESIDENTS.toLocaleString()} residents, ${RECORDS.toLocaleString()} learning records in ${YEAR} (${rebuilt.records.toLocaleString()} valid), ${COMMUNITIES} communities
generated in ${generateSeconds} s; aggregates rebuilt in ${rebuildSeconds} s
district participation ${participation.numerator} / ${participation.denominator} = ${participation.value}
                          p50 ms   p95 ms   max ms
indicators, district    ${String(district.p50).padStart(8)} ${String(district.p95).padStart(8)} ${String(district.max).padStart(8)}
indicators, community   ${String(communityTiming.p50).padStart(8)} ${String(communityTiming.p95).padStart(8)} ${String(communityTiming.max).padStart(8)}
GET /api/health (floor) ${String(health.p50).padStart(8)} ${String(health.p95).padStart(8)} ${String(health.max).padStart(8)}
naive SQL, district     ${String(naiveDistrict.ms).padStart(8)}
naive SQL, community    ${String(naiveCommunity.ms).padStart(8)}
speedup (naive district / endpoint district p95): ${speedup}× (target: district p95 ≤ 20 ms)
compared with the naive SQL: ${compared} indicator figures of ${COMPARED.length * 2} (${COMPARED.length} indicators × district and community), records and minutes`);
console.log(
  JSON.stringify({
    district_p95_ms: district.p95,
    community_p95_ms: communityTiming.p95,
    naive_ms: naiveDistrict.ms,
    speedup,
    same_numbers: mismatches.length === 0,
    indicators_compared: compared,
    district_p50_ms: district.p50,
    community_p50_ms: communityTiming.p50,
    naive_community_ms: naiveCommunity.ms,
    health_p95_ms: health.p95,
    rebuild_s: rebuildSeconds,
    residents: RESIDENTS,
    records: RECORDS,
  }),
);
if (mismatches.length || compared !== COMPARED.length * 2) process.exitCode = 1;
