// bench:account — the 学习账户 endpoint (GET /api/me/learning-account) for one resident with
// BENCH_TARGET_RECORDS learning records (default 2,000 over five years, with their grants, two
// approved certificates, a pending one, voided records and a conversion), in a district of
// BENCH_RESIDENTS residents (default 1,000,000) who have BENCH_RECORDS_PER_RESIDENT records each on
// average over the last year, with their grants, spread over communities of ~3,300 residents.
// Requests one at a time (for that resident, then for an ordinary learner in the middle of their
// community's ranking), then at BENCH_CONNECTIONS (default 8) concurrent connections; against
// the naive SQL for the same figures (one query straight from learning_record and the ledger) in
// the same run, and both must give the same numbers.
//
// Data is generated inside PostgreSQL, set-based, by credit-district.mjs (shared with
// bench:reconcile): records, every grant the conversion rules make of them, reversals of voided
// records, and the ledger's entries with their balance chains and versions. The reconciliation
// command then proves the ledger sound and equal to a replay of the records through the rules
// (BENCH_RECONCILE=0 skips it), and the statistics rebuild command writes the aggregates that the
// ranking reads.
// BENCH_KEEP=1 keeps the generated database (lp_bench_account and its key store); BENCH_REUSE=1 then
// measures a kept one of the asked size again (its pending migrations applied, generation,
// reconciliation and rebuild skipped): a district of 20,000,000 records takes over 20 minutes to make.
// Last line: {"p50_ms":…,"p99_ms":…,"residents":…,"records":…, …}.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { generateCreditDistrict, keptDistrict, step } from './credit-district.mjs';
import { benchDatabase, percentile, round, ROOT, serverEnv, startServer, time } from './harness.mjs';

const require = createRequire(import.meta.url);

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const PER_RESIDENT = Number(process.env.BENCH_RECORDS_PER_RESIDENT ?? 2.5);
const TARGET_RECORDS = Number(process.env.BENCH_TARGET_RECORDS ?? 2_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const RECONCILE = process.env.BENCH_RECONCILE !== '0';
/** Years of the district's records: BENCH_RECORDS_PER_RESIDENT a year over each (history in its own yearly partitions). */
const YEARS = Math.max(1, Number(process.env.BENCH_YEARS ?? 1));

const KEEP = process.env.BENCH_KEEP === '1';
const NAME = 'lp_bench_account';
/** A kept district of the asked size (residents, and the records every year asked for, not more years), when BENCH_REUSE=1. */
async function kept() {
  if (process.env.BENCH_REUSE !== '1' || !process.env.DATABASE_URL) return null;
  const found = await keptDistrict(process.env.DATABASE_URL, NAME);
  const expected = RESIDENTS * PER_RESIDENT * YEARS;
  if (!found || found.residents !== RESIDENTS || found.records < expected || found.records >= expected * 1.01 + TARGET_RECORDS + 100) return null;
  await require(join(ROOT, 'server/dist/database/data-source.js')).runMigrations(found.url);
  return { url: found.url, close: async () => undefined };
}
const reused = await kept();
const db = reused ?? (await benchDatabase(NAME, { keep: KEEP }));
const client = new pg.Client({ connectionString: db.url });
await client.connect();
await client.query(`SET statement_timeout = 0`);
await client.query(`SET work_mem = '256MB'`);
const generateStarted = Date.now();
let done;
let t0;

const { target, communities: COMMUNITIES } = reused
  ? await (async () => {
      console.log(`reusing ${NAME}: generation, reconciliation and rebuild skipped`);
      const communities = (await client.query(`SELECT count(*)::int AS n FROM area WHERE level = 'community'`)).rows[0].n;
      return { target: (await client.query(`SELECT md5('r1')::uuid AS id`)).rows[0], communities };
    })()
  : await generateCreditDistrict(client, { residents: RESIDENTS, perResident: PER_RESIDENT, targetRecords: TARGET_RECORDS, years: YEARS });
const generateSeconds = reused ? null : round((Date.now() - generateStarted) / 1000);
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
if (RECONCILE && !reused) {
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
let rebuildSeconds = null;
if (!reused) {
  done = step('statistics aggregates (npm run stats:rebuild -- --replace)');
  t0 = Date.now();
  await cli('commands/stats-rebuild-cli.js', ['--replace']);
  rebuildSeconds = round((Date.now() - t0) / 1000);
  await client.query(`ANALYZE stats_member, stats_learners, stats_volume`);
  done();
}

// --- the endpoint
const JWT_SECRET = randomBytes(32).toString('hex');
const tokenOf = (id) => jwt.sign({ sub: id, role: 'resident', sch: null, area: null }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600 });
const token = tokenOf(target.id);
// the resident read first tops the ranking of their community; an ordinary learner in the middle of
// it is read too (the count of those ahead is then a real count)
const middle = (
  await client.query(
    `SELECT s.resident_id AS id FROM stats_member s JOIN resident_profile p ON p.user_id = s.resident_id
      WHERE s.area_id = (SELECT community_id FROM resident_profile WHERE user_id = $1) AND s.segment = 0
        AND s.year = date_part('year', now() AT TIME ZONE 'Asia/Shanghai') AND s.minutes > 0 AND NOT p.ranking_opt_out
      ORDER BY s.minutes DESC, s.resident_id
      OFFSET (SELECT count(*) / 2 FROM stats_member WHERE area_id = (SELECT community_id FROM resident_profile WHERE user_id = $1)
                 AND segment = 0 AND year = date_part('year', now() AT TIME ZONE 'Asia/Shanghai') AND minutes > 0) LIMIT 1`,
    [target.id],
  )
).rows[0];
const middleToken = tokenOf(middle.id);
const server = await startServer(db.url, { JWT_SECRET });
let errors = 0;
async function account(bearer = token) {
  const res = await fetch(`${server.url}/api/me/learning-account`, { headers: { authorization: `Bearer ${bearer}` } });
  if (res.status !== 200) {
    errors += 1;
    throw new Error(`learning-account: ${res.status} ${await res.text()}`);
  }
  return res.json();
}
const api = await account();
const sequential = await time(REQUESTS, 50, () => account());
const middleApi = await account(middleToken);
const middleSequential = await time(REQUESTS, 50, () => account(middleToken));

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
const parallel = await concurrent(() => account());
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
const middleNaive = (await client.query(NAIVE, [middle.id, api.year])).rows[0];
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
same('the middle learner: balance', middleApi.balanceMilli, middleNaive.balance);
same('the middle learner: this year minutes', middleApi.thisYear.minutes, middleNaive.year_minutes);
same('the middle learner: all-time credits', middleApi.allTime.creditsMilli, middleNaive.all_credits);
same('the middle learner: ranking', middleApi.ranking && [middleApi.ranking.position, middleApi.ranking.of], [middleNaive.position, middleNaive.ranked]);
same('certificates', api.certifications.length, 3);
same('conversions', api.conversions.length, 1);
if (mismatches.length) console.warn(`numbers differ:\n  ${mismatches.join('\n  ')}`);
if (errors) console.warn(`${errors} requests failed`);

const pad = (x, n = 8) => String(x).padStart(n);
console.log(`
${RESIDENTS.toLocaleString()} residents in ${COMMUNITIES} communities, ${totals.records.toLocaleString()} learning records, ${totals.transfers.toLocaleString()} ledger transfers (${totals.size})
the resident read: ${totals.target_records.toLocaleString()} records, balance ${api.balanceMilli} milli, ${api.allTime.minutes} minutes all time, ranking ${api.ranking ? `${api.ranking.position} / ${api.ranking.of}` : 'none'}
generated in ${generateSeconds ?? '(reused)'} s; reconciliation ${reconciled === null ? 'skipped' : `${reconciled === true ? 'passed' : reconciled} in ${reconcileSeconds} s`}; aggregates rebuilt in ${rebuildSeconds} s
                                        p50 ms   p99 ms      rps
GET /api/me/learning-account, 1 at a time ${pad(sequential.p50, 6)} ${pad(sequential.p99)}
the same for a learner in the middle of the ranking (${middleApi.ranking ? `${middleApi.ranking.position} / ${middleApi.ranking.of}` : 'none'}) ${pad(middleSequential.p50, 6)} ${pad(middleSequential.p99)}
GET /api/me/learning-account, ${CONNECTIONS} at once ${pad(parallel.p50, 8)} ${pad(parallel.p99)} ${pad(parallel.rps)}
naive SQL, same figures, 1 at a time    ${pad(naiveTiming.p50)} ${pad(naiveTiming.p99)}
same numbers from API and naive SQL: ${mismatches.length === 0}; p99 ${sequential.p99} ms (target ≤ 20)`);
console.log(
  JSON.stringify({
    p50_ms: sequential.p50,
    p95_ms: sequential.p95,
    p99_ms: sequential.p99,
    years: YEARS,
    residents: RESIDENTS,
    records: totals.target_records,
    middle_p50_ms: middleSequential.p50,
    middle_p95_ms: middleSequential.p95,
    middle_p99_ms: middleSequential.p99,
    middle_position: middleApi.ranking?.position ?? null,
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
