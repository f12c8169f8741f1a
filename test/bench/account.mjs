// bench:account — the 学习账户 endpoint (GET /api/me/learning-account) for one resident with
// BENCH_TARGET_RECORDS learning records (default 2,000 over five years, with their grants, two
// approved certificates, a pending one, voided records and a conversion), in a district of
// BENCH_RESIDENTS residents (default 1,000,000) who have BENCH_RECORDS_PER_RESIDENT records each on
// average over the last year, with their grants, spread over communities of ~3,300 residents.
// Requests one at a time, then at BENCH_CONNECTIONS (default 8) concurrent connections; against
// the naive SQL for the same figures (one query straight from learning_record and the ledger) in
// the same run, and both must give the same numbers.
//
// Data is generated inside PostgreSQL, set-based (INSERT … SELECT generate_series): records first,
// then every grant the conversion rules make of them (rounding and the yearly caps by category and
// overall, in record id order, as window sums), the reversals of voided records, and the ledger's
// two entries per transfer with their balance chains (running sums per account). The bulk load runs
// with session_replication_role = replica (no per-row FK or deferred balance triggers); the
// reconciliation command then proves the ledger sound and equal to a replay of the records through
// the rules (BENCH_RECONCILE=0 skips it), and the statistics rebuild command writes the aggregates
// that the ranking reads.
// Last line: {"p50_ms":…,"p99_ms":…,"residents":…,"records":…, …}.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { benchDatabase, percentile, round, ROOT, serverEnv, startServer, time } from './harness.mjs';

const require = createRequire(import.meta.url);
const { DEFAULT_CREDIT_RULES } = require(join(ROOT, 'packages/shared/dist/index.js'));

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const PER_RESIDENT = Number(process.env.BENCH_RECORDS_PER_RESIDENT ?? 2.5);
const TARGET_RECORDS = Number(process.env.BENCH_TARGET_RECORDS ?? 2_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const RECONCILE = process.env.BENCH_RECONCILE !== '0';
const RECORDS = Math.round(RESIDENTS * PER_RESIDENT);
// ~3,300 residents a community (at most 300 communities), 20 communities a street
const COMMUNITIES = Math.max(2, Math.min(300, Math.round(RESIDENTS / 3_300)));
const STREETS = Math.ceil(COMMUNITIES / 20);
// four residents in five learn; resident 1 is the one whose account is read, and gets only its own records
const ACTIVE = Math.max(2, Math.floor(RESIDENTS * 0.8));
const TARGET_YEARS = 5;
const CHUNK = 2_000_000;
const CATEGORIES = `(ARRAY['senior_education', 'vocational_skills', 'family_education', 'traditional_culture', 'popular_science',
                           'health', 'arts_sports', 'digital_literacy', 'theory'])`;
const AGE = (n) => `(18 + ((${n})::bigint * 37) % 70)`;

const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const step = (label) => {
  process.stdout.write(`${label}… `);
  const t = Date.now();
  return () => console.log(secs(t));
};

const db = await benchDatabase('lp_bench_account');
const client = new pg.Client({ connectionString: db.url });
await client.connect();
await client.query(`SET statement_timeout = 0`);
await client.query(`SET work_mem = '256MB'`);
const generateStarted = Date.now();

// --- the district: 1 → streets → communities; the conversion rules the demo district starts with
let done = step(`district with ${STREETS} streets and ${COMMUNITIES} communities, default conversion rules`);
await client.query(`INSERT INTO area (id, code, name, level, parent_id, path) VALUES (1, 'A', '基准区', 'district', NULL, '/1/')`);
await client.query(
  `INSERT INTO area (id, code, name, level, parent_id, path)
   SELECT 1 + s, 'A' || s, '街道' || s, 'street', 1, '/1/' || (1 + s) || '/' FROM generate_series(1, $1) s`,
  [STREETS],
);
await client.query(
  `INSERT INTO area (id, code, name, level, parent_id, path)
   SELECT 1000 + c, 'A' || st || 'C' || c, '社区' || c, 'community', 1 + st, '/1/' || (1 + st) || '/' || (1000 + c) || '/'
     FROM generate_series(0, $1 - 1) c, LATERAL (SELECT 1 + c / 20 AS st) x`,
  [COMMUNITIES],
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
done();

// --- residents: resident n has id md5('r' || n), lives in community 1000 + n % COMMUNITIES; one in 50 opted out of rankings
done = step(`${RESIDENTS.toLocaleString()} residents`);
await client.query(`SET session_replication_role = replica`); // bulk load, consistent by construction; proven below
await client.query(
  `INSERT INTO app_user (id, role, display_name, is_demo)
   SELECT md5('r' || n)::uuid, 'resident', '居民' || n, true FROM generate_series(1, $1) n`,
  [RESIDENTS],
);
await client.query(
  `INSERT INTO resident_profile (user_id, real_name, phone_enc, phone_hash, birth_date, community_id, ranking_opt_out)
   SELECT md5('r' || n)::uuid, '居民' || n, 'v1.bench', md5('p' || n) || md5('q' || n),
          make_date(2026 - ${AGE('n')}::int, 1 + n % 12, 1 + n % 28), 1000 + n % $2, n % 50 = 0 AND n > 1
     FROM generate_series(1, $1) n`,
  [RESIDENTS, COMMUNITIES],
);
done();
const target = (await client.query(`SELECT md5('r1')::uuid AS id, 1000 + 1 % $1 AS community`, [COMMUNITIES])).rows[0];

// --- learning records. The district's: residents 2…ACTIVE, about PER_RESIDENT each, over the last 365 days.
// The resident read (resident 1): TARGET_RECORDS over five years, oldest first, half of them 老年教育 (so the
// category cap binds as well as the overall one), from all three sources. Its records are interleaved with
// everyone else's, as they are written in production, so they lie on as many heap pages as they would there.
const targetRows = `
  SELECT (1 + ((i - 1)::bigint * $4) / $5) AS pos, 1 AS k, $6::uuid AS resident_id,
         (ARRAY['attendance', 'online_lesson', 'admin_import'])[1 + i % 3]::learning_source AS source, 'bench-target:' || i AS source_ref,
         CASE WHEN i % 2 = 0 THEN 'senior_education' ELSE ${CATEGORIES}[1 + i % 9] END::offering_category AS category,
         30 + (i * 37) % 151 AS minutes,
         now() - make_interval(secs => (($5 - i)::double precision * ${TARGET_YEARS} * 365 * 86400 / $5 + (i * 3301) % 3600)) AS occurred_at,
         $7::int AS area_id, ${AGE(1)} AS age_years, '社区课程第' || i || '讲' AS title
    FROM generate_series(1, $5) i WHERE 1 + ((i - 1)::bigint * $4) / $5 BETWEEN $1 AND $2`;
let t0 = Date.now();
for (let from = 1; from <= RECORDS; from += CHUNK) {
  const to = Math.min(RECORDS, from + CHUNK - 1);
  process.stdout.write(`\rlearning records ${to.toLocaleString()} / ${RECORDS.toLocaleString()} (${secs(t0)})`);
  await client.query(
    `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, title)
     SELECT resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, title FROM (
       SELECT s AS pos, 0 AS k, md5('r' || n)::uuid AS resident_id, 'admin_import'::learning_source AS source, 'bench:' || s AS source_ref,
              ${CATEGORIES}[1 + (s * 7 + n) % 9]::offering_category AS category, 30 + s % 91 AS minutes,
              now() - make_interval(secs => ((s * 7919) % (365 * 86400))::double precision) AS occurred_at,
              1000 + n % $3 AS area_id, ${AGE('n')} AS age_years, NULL AS title
         FROM generate_series($1::bigint, $2::bigint) s, LATERAL (SELECT 2 + (s * 2654435761) % (${ACTIVE} - 1) AS n) r
       UNION ALL ${targetRows}) x
     ORDER BY pos, k`,
    [from, to, COMMUNITIES, RECORDS, TARGET_RECORDS, target.id, target.community],
  );
}
console.log('');

done = step('3 certificates, voided records and a conversion for the resident read');
// three certificates: two approved (a record of 0 minutes each, credited from the achievement table), one pending
await client.query(
  `INSERT INTO upload (owner_id, content_type, size_bytes, sha256, data)
   SELECT $1, 'image/png', 8, encode(sha256(decode('89504e470d0a1a0a', 'hex')), 'hex'), decode('89504e470d0a1a0a', 'hex')
     FROM generate_series(1, 3)`,
  [target.id],
);
await client.query(
  `WITH c(n, code, issued) AS (VALUES (1, 'skill_level_middle', date '2024-06-01'), (2, 'award_city_first', date '2025-10-15'))
   INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, title, evidence)
   SELECT $1, 'certification', 'certification:' || c.n, a.category, 0, (c.issued::timestamp AT TIME ZONE 'Asia/Shanghai'), $2, ${AGE(1)},
          a.name || '（' || a.level || '）', 'certificate:BENCH' || c.n
     FROM c JOIN credit_achievement a ON a.rule_set_id = 1 AND a.code = c.code ORDER BY c.n`,
  [target.id, target.community],
);
await client.query(
  `WITH c(n, code, issued, status) AS (VALUES (1, 'skill_level_middle', date '2024-06-01', 'approved'),
                                              (2, 'award_city_first', date '2025-10-15', 'approved'),
                                              (3, 'open_university_course', date '2026-03-01', 'pending')),
        u AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM upload WHERE owner_id = $1)
   INSERT INTO credit_certification (id, resident_id, area_id, rule_set_id, achievement_code, certificate_no, certificate_key, issuer, issued_on,
                                     evidence_upload_id, status, reviewed_at, learning_record_id, created_at)
   SELECT c.n, $1, $2, 1, c.code, 'BENCH-' || c.n, 'BENCH' || c.n, '基准发证机构', c.issued, u.id, c.status::certification_status,
          CASE WHEN c.status = 'approved' THEN c.issued + 30 END,
          (SELECT r.id FROM learning_record r WHERE r.source = 'certification' AND r.source_ref = 'certification:' || c.n),
          c.issued + 1
     FROM c JOIN u ON u.n = c.n`,
  [target.id, target.community],
);
await client.query(`SELECT setval(pg_get_serial_sequence('credit_certification', 'id'), 3)`);
// one record in a thousand voided (as the service does: a reversing record with the negated minutes, written last)
await client.query(
  `INSERT INTO learning_record (resident_id, source, source_ref, category, minutes, occurred_at, area_id, age_years, resident_groups,
                                title, voids_id, void_reason)
   SELECT resident_id, source, 'void:' || id, category, -minutes, occurred_at, area_id, age_years, resident_groups, title, id, '基准作废'
     FROM learning_record WHERE id % 1000 = 0 AND source <> 'certification' ORDER BY id`,
);
done();

// --- the grants, exactly as the rules make them: worth = minutes × 1000 / minutes_per_credit rounded to
// the rule's step; then, per resident and Shanghai year in record id order, held to the category cap
// (running sum capped) and then to the overall cap (running sum of what the category caps let through,
// capped). Once the overall cap is reached nothing more is granted that year, so this is exact.
done = step('grants, reversals and the ledger');
await client.query(`
  CREATE TEMP TABLE bench_grant AS
  WITH r AS (
    SELECT r.id, r.resident_id, r.category, date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
           ((r.minutes * 1000) / (c.minutes_per_credit * c.rounding_step_milli)
            + CASE WHEN c.rounding = 'up' AND (r.minutes * 1000) % (c.minutes_per_credit * c.rounding_step_milli) > 0 THEN 1
                   WHEN c.rounding = 'nearest' AND 2 * ((r.minutes * 1000) % (c.minutes_per_credit * c.rounding_step_milli))
                                                   >= c.minutes_per_credit * c.rounding_step_milli THEN 1
                   ELSE 0 END) * c.rounding_step_milli AS worth,
           c.yearly_cap_milli AS category_cap, s.overall_yearly_cap_milli AS overall_cap
      FROM learning_record r
      JOIN credit_rule_set s ON s.id = 1
      JOIN credit_rule c ON c.rule_set_id = s.id AND c.category = r.category
     WHERE r.voids_id IS NULL AND r.source <> 'certification' AND r.minutes > 0),
  by_category AS (
    SELECT *, least(sum(worth) OVER w, category_cap) - least(sum(worth) OVER w - worth, category_cap) AS within_category
      FROM r WINDOW w AS (PARTITION BY resident_id, year, category ORDER BY id)),
  overall AS (
    SELECT *, least(sum(within_category) OVER w, overall_cap) - least(sum(within_category) OVER w - within_category, overall_cap) AS amount
      FROM by_category WINDOW w AS (PARTITION BY resident_id, year ORDER BY id))
  SELECT id AS record_id, resident_id, category, year, amount::bigint, true AS counts_against_caps FROM overall WHERE amount > 0
  UNION ALL
  -- approved certificates: the achievement's credits, outside the caps
  SELECT r.id, r.resident_id, a.category, date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::int, a.credits_milli, false
    FROM credit_certification c
    JOIN learning_record r ON r.id = c.learning_record_id
    JOIN credit_achievement a ON a.rule_set_id = c.rule_set_id AND a.code = c.achievement_code`);
// account ids: the issuer 1, the partner 2, then one per resident and category that was granted something
await client.query(`
  CREATE TEMP TABLE bench_account AS
  SELECT 2 + row_number() OVER (ORDER BY resident_id, category) AS id, resident_id, category
    FROM (SELECT DISTINCT resident_id, category FROM bench_grant) x`);
await client.query(`CREATE INDEX ON bench_account (resident_id, category)`);
// transfers in this order: grants by record, then reversals of voided records' grants, then the conversion
await client.query(`
  CREATE TEMP TABLE bench_transfer AS
  SELECT row_number() OVER (ORDER BY g.record_id) AS id, 'grant'::ledger_transfer_kind AS kind, 1::bigint AS from_account_id,
         a.id AS to_account_id, g.amount AS amount_milli, 'grant:' || g.record_id AS idempotency_key, g.record_id AS learning_record_id,
         1 AS rule_set_id, g.year::smallint AS cap_year, g.category AS cap_category, NULL::bigint AS conversion_id,
         NULL::bigint AS reverses_transfer_id, ''::varchar(200) AS memo, g.counts_against_caps, g.resident_id
    FROM bench_grant g JOIN bench_account a ON a.resident_id = g.resident_id AND a.category = g.category`);
await client.query(`CREATE INDEX ON bench_transfer (learning_record_id)`);
await client.query(`
  INSERT INTO bench_transfer
  SELECT (SELECT max(id) FROM bench_transfer) + row_number() OVER (ORDER BY v.id), 'reversal', t.to_account_id, t.from_account_id,
         t.amount_milli, 'reverse:' || t.id, v.id, NULL, NULL, NULL, NULL, t.id, v.void_reason, t.counts_against_caps, t.resident_id
    FROM learning_record v JOIN bench_transfer t ON t.learning_record_id = v.voids_id AND t.kind = 'grant'
   WHERE v.voids_id IS NOT NULL`);
// the conversion: an 开放大学 course exemption of 5 credits, drawn from the resident's accounts in category order
await client.query(`
  INSERT INTO partner (id, name, district_id) VALUES (1, '基准开放大学', 1);
  INSERT INTO partner_offer (id, partner_id, title, credits_milli) VALUES (1, 1, '开放大学课程免修', 5000);
  INSERT INTO credit_conversion (id, resident_id, offer_id, credits_milli, receipt_no, request_key, created_at)
    VALUES (1, '${target.id}', 1, 5000, 'BENCH-0001', 'bench-1', now() - interval '3 days');
  SELECT setval(pg_get_serial_sequence('partner', 'id'), 1);
  SELECT setval(pg_get_serial_sequence('partner_offer', 'id'), 1);
  SELECT setval(pg_get_serial_sequence('credit_conversion', 'id'), 1);`);
await client.query(
  `WITH held AS (
     SELECT a.id, a.category, sum(CASE WHEN t.to_account_id = a.id THEN t.amount_milli ELSE -t.amount_milli END) AS balance
       FROM bench_account a JOIN bench_transfer t ON a.id IN (t.from_account_id, t.to_account_id)
      WHERE a.resident_id = $1 AND t.resident_id = $1 GROUP BY a.id, a.category),
   drawn AS (
     SELECT id, category, least(balance, 5000 - (sum(balance) OVER (ORDER BY category) - balance)) AS take FROM held)
   INSERT INTO bench_transfer
   SELECT (SELECT max(id) FROM bench_transfer) + row_number() OVER (ORDER BY category), 'conversion', id, 2, take,
          'conversion:1:' || category, NULL, NULL, NULL, NULL, 1, NULL, '开放大学课程免修', false, $1
     FROM drawn WHERE take > 0`,
  [target.id],
);
// the two entries of each transfer, each account's chain in transfer order: balance_after is the running sum
await client.query(`
  CREATE TEMP TABLE bench_entry AS
  SELECT row_number() OVER (ORDER BY transfer_id, side) AS id, transfer_id, account_id, amount_milli,
         sum(amount_milli) OVER (PARTITION BY account_id ORDER BY transfer_id) - amount_milli AS balance_before,
         sum(amount_milli) OVER (PARTITION BY account_id ORDER BY transfer_id) AS balance_after
    FROM (SELECT id AS transfer_id, 0 AS side, from_account_id AS account_id, -amount_milli AS amount_milli FROM bench_transfer
          UNION ALL
          SELECT id, 1, to_account_id, amount_milli FROM bench_transfer) e`);
await client.query(`
  INSERT INTO ledger_account (id, kind, district_id, balance_milli)
    SELECT 1, 'issuer', 1, COALESCE((SELECT sum(amount_milli) FROM bench_entry WHERE account_id = 1), 0);
  INSERT INTO ledger_account (id, kind, partner_id, balance_milli)
    SELECT 2, 'partner', 1, COALESCE((SELECT sum(amount_milli) FROM bench_entry WHERE account_id = 2), 0);
  INSERT INTO ledger_account (id, kind, resident_id, category, balance_milli)
    SELECT a.id, 'resident', a.resident_id, a.category, b.balance
      FROM bench_account a JOIN (SELECT account_id, sum(amount_milli) AS balance FROM bench_entry GROUP BY 1) b ON b.account_id = a.id
     ORDER BY a.id;
  SELECT setval(pg_get_serial_sequence('ledger_account', 'id'), (SELECT max(id) FROM ledger_account));
  INSERT INTO ledger_transfer (id, kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id,
                               cap_year, cap_category, conversion_id, reverses_transfer_id, memo)
    SELECT id, kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id, rule_set_id,
           cap_year, cap_category, conversion_id, reverses_transfer_id, memo
      FROM bench_transfer ORDER BY id;
  SELECT setval(pg_get_serial_sequence('ledger_transfer', 'id'), (SELECT max(id) FROM ledger_transfer));
  INSERT INTO ledger_entry (id, transfer_id, account_id, amount_milli, balance_before, balance_after)
    SELECT id, transfer_id, account_id, amount_milli, balance_before, balance_after FROM bench_entry ORDER BY id;
  SELECT setval(pg_get_serial_sequence('ledger_entry', 'id'), (SELECT max(id) FROM ledger_entry));
  -- what counts against the yearly caps: hours grants less their reversals
  INSERT INTO credit_year_total (resident_id, year, category, granted_milli)
    SELECT resident_id, cap_year, cap_category, sum(CASE WHEN kind = 'grant' THEN amount_milli ELSE -amount_milli END)
      FROM (SELECT t.kind, t.amount_milli, t.resident_id, COALESCE(t.cap_year, g.cap_year) AS cap_year,
                   COALESCE(t.cap_category, g.cap_category) AS cap_category
              FROM bench_transfer t LEFT JOIN bench_transfer g ON g.id = t.reverses_transfer_id
             WHERE t.counts_against_caps AND t.kind IN ('grant', 'reversal')) x
     GROUP BY 1, 2, 3;
  DROP TABLE bench_entry, bench_transfer, bench_account, bench_grant;`);
await client.query(`SET session_replication_role = origin`);
done();
done = step('VACUUM ANALYZE');
await client.query(`VACUUM ANALYZE`);
done();
const generateSeconds = round((Date.now() - generateStarted) / 1000);
const totals = (
  await client.query(`SELECT (SELECT count(*) FROM learning_record)::int AS records, (SELECT count(*) FROM ledger_transfer)::int AS transfers,
                             (SELECT count(*) FROM learning_record WHERE resident_id = $1)::int AS target_records,
                             pg_size_pretty(pg_database_size(current_database())) AS size`, [target.id])
).rows[0];

/** Runs one of the server's command-line tools against the benchmark database; resolves with its output. */
function cli(script, args = []) {
  return new Promise((ok, fail) => {
    let out = '';
    const child = spawn(process.execPath, [join(ROOT, 'server/dist', script), ...args], {
      env: serverEnv(db.url, 3000), // boots the application context only; nothing listens
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${script} exited with ${code}:\n${out}`))));
  });
}

// --- proof: the ledger is sound and equals a replay of every record through the rules. The command runs
// with the server's statement timeout; if its whole-ledger queries outgrow it, that is reported, not hidden.
let reconciled = null;
let reconcileSeconds = null;
if (RECONCILE) {
  done = step('ledger reconciliation (npm run ledger:reconcile)');
  t0 = Date.now();
  try {
    const out = await cli('commands/ledger-reconcile-cli.js');
    reconciled = true;
    done();
    console.log(out.trim().replace(/^/gm, '  '));
  } catch (err) {
    if (!/statement timeout/.test(err.message)) throw err;
    reconciled = 'statement_timeout';
    done();
    console.warn(`  the reconciliation command hit the server's statement timeout on this ledger: ${err.message.split('\n').slice(1).join(' ').trim()}`);
  }
  reconcileSeconds = round((Date.now() - t0) / 1000);
}

// --- the aggregates the ranking reads, by the rebuild command exactly as an operator runs it
done = step('statistics aggregates (npm run stats:rebuild -- --replace)');
t0 = Date.now();
await cli('commands/stats-rebuild-cli.js', ['--replace']);
const rebuildSeconds = round((Date.now() - t0) / 1000);
await client.query(`ANALYZE stats_member, stats_learners, stats_volume`);
done();

// --- the endpoint
const JWT_SECRET = randomBytes(32).toString('hex');
const token = jwt.sign({ sub: target.id, role: 'resident', sch: null, area: null }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
const server = await startServer(db.url, { JWT_SECRET });
let errors = 0;
async function account() {
  const res = await fetch(`${server.url}/api/me/learning-account`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) {
    errors += 1;
    throw new Error(`learning-account: ${res.status} ${await res.text()}`);
  }
  return res.json();
}
const api = await account();
const sequential = await time(REQUESTS, 50, account);

/** `CONNECTIONS` loops sharing REQUESTS requests; p50/p99 of each request and the throughput. */
async function concurrent(fn) {
  await Promise.all(Array.from({ length: CONNECTIONS * 5 }, fn)); // warm every pooled connection
  const samples = [];
  let left = REQUESTS;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (left-- > 0) {
        const t = process.hrtime.bigint();
        await fn();
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort((a, b) => a - b);
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), rps: round(samples.length / elapsed) };
}
const parallel = await concurrent(account);
await server.stop();

// --- the naive way: one query straight from the resident's records and the ledger's entries, and the
// ranking from every valid record of the community this year
const NAIVE = `
  WITH me AS (SELECT user_id, community_id, ranking_opt_out FROM resident_profile WHERE user_id = $1),
  valid AS (
    SELECT r.* FROM learning_record r
     WHERE r.resident_id = $1 AND r.voids_id IS NULL AND NOT EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id)),
  credited AS (
    SELECT date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year, r.category, g.amount_milli
      FROM valid r JOIN ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'),
  minutes AS (
    SELECT date_part('year', r.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS year, r.category, sum(r.minutes)::int AS minutes
      FROM valid r GROUP BY 1, 2),
  recent AS (
    SELECT r.id, r.minutes, COALESCE(g.amount_milli, 0)::int AS credits,
           EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id) AS voided
      FROM learning_record r LEFT JOIN ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'
     WHERE r.resident_id = $1 AND r.voids_id IS NULL ORDER BY r.occurred_at DESC, r.id DESC LIMIT 20),
  community AS (
    SELECT r.resident_id, sum(r.minutes) AS minutes
      FROM learning_record r, me
     WHERE r.area_id = me.community_id AND r.voids_id IS NULL
       AND r.occurred_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND r.occurred_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
       AND NOT EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id)
     GROUP BY 1),
  ranked AS (
    SELECT c.resident_id, c.minutes FROM community c JOIN resident_profile p ON p.user_id = c.resident_id
     WHERE NOT p.ranking_opt_out AND c.minutes > 0)
  SELECT
    (SELECT COALESCE(sum(e.amount_milli), 0)::int FROM ledger_account a JOIN ledger_entry e ON e.account_id = a.id WHERE a.resident_id = $1) AS balance,
    (SELECT COALESCE(sum(minutes), 0)::int FROM minutes WHERE year = $2) AS year_minutes,
    (SELECT COALESCE(sum(amount_milli), 0)::int FROM credited WHERE year = $2) AS year_credits,
    (SELECT COALESCE(sum(minutes), 0)::int FROM minutes) AS all_minutes,
    (SELECT COALESCE(sum(amount_milli), 0)::int FROM credited) AS all_credits,
    (SELECT jsonb_object_agg(category, minutes) FROM (SELECT category, sum(minutes) AS minutes FROM minutes GROUP BY 1) x) AS minutes_by_category,
    (SELECT jsonb_object_agg(category, credits) FROM (SELECT category, sum(amount_milli) AS credits FROM credited GROUP BY 1) x) AS credits_by_category,
    (SELECT jsonb_agg(jsonb_build_array(id::text, CASE WHEN voided THEN 0 ELSE credits END, voided)) FROM recent) AS recent,
    (SELECT count(*)::int FROM ranked WHERE minutes > (SELECT COALESCE(sum(minutes), 0) FROM community WHERE resident_id = $1)) + 1 AS position,
    (SELECT count(*)::int FROM ranked) AS ranked`;
const naiveTiming = await time(Math.min(REQUESTS, 200), 5, () => client.query(NAIVE, [target.id, api.year]));
const naive = (await client.query(NAIVE, [target.id, api.year])).rows[0];
await client.end();
await db.close();

// --- the same numbers both ways
const mismatches = [];
const same = (what, a, b) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${what}: api ${JSON.stringify(a)}, naive ${JSON.stringify(b)}`);
};
const byCategory = (list, key) => Object.fromEntries(list.filter((t) => t[key] !== 0).map((t) => [t.category, t[key]]).sort());
const sorted = (o) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== 0).sort());
same('balance', api.balanceMilli, naive.balance);
same('this year minutes', api.thisYear.minutes, naive.year_minutes);
same('this year credits', api.thisYear.creditsMilli, naive.year_credits);
same('all-time minutes', api.allTime.minutes, naive.all_minutes);
same('all-time credits', api.allTime.creditsMilli, naive.all_credits);
same('minutes by category', byCategory(api.allTime.byCategory, 'minutes'), sorted(naive.minutes_by_category));
same('credits by category', byCategory(api.allTime.byCategory, 'creditsMilli'), sorted(naive.credits_by_category));
same('recent records', api.recent.map((r) => [r.id, r.creditsMilli, r.voided]), naive.recent);
same('ranking', api.ranking && [api.ranking.position, api.ranking.of], [naive.position, naive.ranked]);
same('certificates', api.certifications.length, 3);
same('conversions', api.conversions.length, 1);
if (mismatches.length) console.warn(`numbers differ:\n  ${mismatches.join('\n  ')}`);
if (errors) console.warn(`${errors} requests failed`);

const pad = (x, n = 8) => String(x).padStart(n);
console.log(`
${RESIDENTS.toLocaleString()} residents in ${COMMUNITIES} communities, ${totals.records.toLocaleString()} learning records, ${totals.transfers.toLocaleString()} ledger transfers (${totals.size})
the resident read: ${totals.target_records.toLocaleString()} records, balance ${api.balanceMilli} milli, ${api.allTime.minutes} minutes all time, ranking ${api.ranking ? `${api.ranking.position} / ${api.ranking.of}` : 'none'}
generated in ${generateSeconds} s; reconciliation ${reconciled === null ? 'skipped' : `${reconciled === true ? 'passed' : reconciled} in ${reconcileSeconds} s`}; aggregates rebuilt in ${rebuildSeconds} s
                                        p50 ms   p99 ms      rps
GET /api/me/learning-account, 1 at a time ${pad(sequential.p50, 6)} ${pad(sequential.p99)}
GET /api/me/learning-account, ${CONNECTIONS} at once ${pad(parallel.p50, 8)} ${pad(parallel.p99)} ${pad(parallel.rps)}
naive SQL, same figures, 1 at a time    ${pad(naiveTiming.p50)} ${pad(naiveTiming.p99)}
same numbers from API and naive SQL: ${mismatches.length === 0}; p99 ${sequential.p99} ms (target ≤ 20)`);
console.log(
  JSON.stringify({
    p50_ms: sequential.p50,
    p99_ms: sequential.p99,
    residents: RESIDENTS,
    records: totals.target_records,
    concurrent_p50_ms: parallel.p50,
    concurrent_p99_ms: parallel.p99,
    concurrent_rps: parallel.rps,
    connections: CONNECTIONS,
    naive_p50_ms: naiveTiming.p50,
    naive_p99_ms: naiveTiming.p99,
    same_numbers: mismatches.length === 0,
    total_records: totals.records,
    transfers: totals.transfers,
    generate_s: generateSeconds,
    reconciled,
    reconcile_s: reconcileSeconds,
    rebuild_s: rebuildSeconds,
  }),
);
if (mismatches.length || errors) process.exitCode = 1;
