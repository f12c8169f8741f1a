// bench:reconcile — `ledger:reconcile` on a district of BENCH_RESIDENTS residents (default 1,000,000)
// with BENCH_RECORDS_PER_RESIDENT learning records each on average (default 20: 20,000,000 records,
// with their grants, reversals and ledger entries; see credit-district.mjs), generated set-based in
// PostgreSQL. Times a full run (no checkpoint: every transfer, entry, account chain and record),
// then BENCH_RUNS times (default 3): BENCH_NEW_RECORDS new records (default 10,000) written through
// the real LearningRecordsService (grants posted by LedgerService, in transactions of 500, for
// residents who already have records), and a run from the last checkpoint. Reports medians.
//
// Baseline: the least any check of the whole ledger must do on the same hardware, reading each
// table once (a parallel count(*) of learning_record, ledger_transfer and ledger_entry); for the
// checkpoint run, the same reads of the rows since the checkpoint only.
//
// The generated database is kept: BENCH_REUSE=1 skips generation when lp_bench_reconcile already
// holds a district of the asked size (generating 20,000,000 records takes a long while).
// Last line: {"full_s":…,"checkpoint_s":…,"residents":…,"records":…, …}.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { generateCreditDistrict, keptDistrict, step } from './credit-district.mjs';
import { benchDatabase, round, ROOT, serverEnv } from './harness.mjs';

const require = createRequire(import.meta.url);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
const PER_RESIDENT = Number(process.env.BENCH_RECORDS_PER_RESIDENT ?? 20);
const NEW_RECORDS = Number(process.env.BENCH_NEW_RECORDS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FULL_RUNS = Number(process.env.BENCH_FULL_RUNS ?? 1);
const REUSE = process.env.BENCH_REUSE === '1';
const NAME = 'lp_bench_reconcile';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const kept = REUSE ? await keptDistrict(adminUrl, NAME) : null;
const reused = kept !== null && kept.residents === RESIDENTS && kept.records >= Math.round(RESIDENTS * PER_RESIDENT);
const db = reused ? { url: kept.url, close: async () => undefined } : await benchDatabase(NAME, { keep: true });
const client = new pg.Client({ connectionString: db.url });
await client.connect();
await client.query(`SET statement_timeout = 0`);
let generateSeconds = null;
if (reused) {
  console.log(`reusing ${NAME}`);
} else {
  const t = Date.now();
  await generateCreditDistrict(client, { residents: RESIDENTS, perResident: PER_RESIDENT, targetRecords: 2_000 });
  generateSeconds = round((Date.now() - t) / 1000);
}
const totals = async () =>
  (
    await client.query(`SELECT (SELECT count(*) FROM learning_record)::bigint AS records, (SELECT count(*) FROM ledger_transfer)::bigint AS transfers,
                               (SELECT count(*) FROM ledger_entry)::bigint AS entries, (SELECT count(*) FROM ledger_account)::bigint AS accounts,
                               pg_size_pretty(pg_database_size(current_database())) AS size`)
  ).rows[0];
const before = await totals();

/** `ledger:reconcile` as an operator runs it; resolves with its output and wall time. */
function reconcile(args = []) {
  return new Promise((ok, fail) => {
    let out = '';
    const t = Date.now();
    const child = spawn(process.execPath, [join(ROOT, 'server/dist/commands/ledger-reconcile-cli.js'), ...args], {
      env: serverEnv(db.url, 3000),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? ok({ out, seconds: round((Date.now() - t) / 1000) }) : fail(new Error(`ledger:reconcile exited with ${code}:\n${out}`))));
  });
}

/** New learning records through the service, as closings and imports write them: records, grants, entries, totals. */
async function newWork(count, round_) {
  process.env.DATABASE_URL = db.url;
  const { commandContext } = require(join(ROOT, 'server/dist/commands/command-context.js'));
  const { LearningRecordsModule } = require(join(ROOT, 'server/dist/learning-records/learning-records.module.js'));
  const { LearningRecordsService } = require(join(ROOT, 'server/dist/learning-records/learning-records.service.js'));
  const { DataSource } = require(join(ROOT, 'node_modules/typeorm'));
  const app = await commandContext([LearningRecordsModule]);
  try {
    const service = app.get(LearningRecordsService);
    const data = app.get(DataSource);
    const active = Math.max(2, Math.floor(RESIDENTS * 0.8));
    const categories = ['health', 'arts_sports', 'digital_literacy', 'popular_science'];
    for (let from = 0; from < count; from += 500) {
      const batch = [];
      for (let i = from; i < Math.min(count, from + 500); i += 1) {
        const n = 2 + ((i * 7919 + round_ * 104729) % (active - 1));
        batch.push({ n, category: categories[i % 4], minutes: 30 + (i % 60), ref: `bench-new:${round_}:${i}` });
      }
      const residents = (await client.query(`SELECT n, md5('r' || n)::uuid AS id FROM unnest($1::int[]) n`, [batch.map((b) => b.n)])).rows;
      const ids = new Map(residents.map((r) => [r.n, r.id]));
      await data.transaction((m) =>
        service.record(
          m,
          batch.map((b) => ({ residentId: ids.get(b.n), source: 'admin_import', sourceRef: b.ref, category: b.category, minutes: b.minutes, occurredAt: new Date(), title: '基准新记录' })),
        ),
      );
    }
  } finally {
    await app.close();
  }
}

/** The floor: each table read once (parallel count), all of it or only the rows after the ids given. */
async function floor(after = null) {
  const t = Date.now();
  await client.query(`SELECT count(*) FROM learning_record WHERE id > $1`, [after?.record ?? 0]);
  await client.query(`SELECT count(*) FROM ledger_transfer WHERE id > $1`, [after?.transfer ?? 0]);
  await client.query(`SELECT count(*) FROM ledger_entry WHERE id > $1`, [after?.entry ?? 0]);
  return round((Date.now() - t) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const field = (out, re) => (out.match(re) ?? [])[1] ?? null;

const full = [];
let done;
for (let i = 0; i < FULL_RUNS; i += 1) {
  done = step(`ledger:reconcile --full (${i + 1}/${FULL_RUNS})`);
  const run = await reconcile(['--full']);
  done();
  console.log(run.out.trim().replace(/^/gm, '  '));
  full.push(run.seconds);
}
const fullFloor = await floor();
const idle = await reconcile();
console.log(`from the checkpoint with nothing new: ${idle.seconds} s`);
const incremental = [];
const incrementalFloor = [];
let lastOut = '';
for (let i = 0; i < RUNS; i += 1) {
  const mark = (
    await client.query(`SELECT record_upto AS record, transfer_upto AS transfer, entry_upto AS entry FROM ledger_checkpoint ORDER BY id DESC LIMIT 1`)
  ).rows[0];
  done = step(`${NEW_RECORDS.toLocaleString()} new records through the service (${i + 1}/${RUNS})`);
  await newWork(NEW_RECORDS, i + 1);
  done();
  done = step(`ledger:reconcile from the last checkpoint (${i + 1}/${RUNS})`);
  const run = await reconcile();
  done();
  console.log(run.out.trim().replace(/^/gm, '  '));
  lastOut = run.out;
  incremental.push(run.seconds);
  incrementalFloor.push(await floor(mark));
}
const after = await totals();
await client.end();
await db.close();

const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
const pad = (x, n = 10) => String(x).padStart(n);
console.log(`
${RESIDENTS.toLocaleString()} residents, ${Number(before.records).toLocaleString()} learning records, ${Number(before.transfers).toLocaleString()} transfers, ${Number(before.entries).toLocaleString()} entries, ${Number(before.accounts).toLocaleString()} accounts (${before.size}${generateSeconds === null ? ', reused' : `, generated in ${generateSeconds} s`})
load average after the runs: ${load}
                                                   median s   runs              floor s  target s
ledger:reconcile --full (no checkpoint)          ${pad(median(full))}   ${pad(full.join(' '), 16)} ${pad(fullFloor, 8)} ${pad(600, 8)}
from the last checkpoint, ${NEW_RECORDS.toLocaleString()} new records  ${pad(median(incremental))}   ${pad(incremental.join(' '), 16)} ${pad(median(incrementalFloor), 8)} ${pad(60, 8)}
from the last checkpoint, nothing new            ${pad(idle.seconds)}
last checkpoint run: ${field(lastOut, /replay: (\d+) residents/)} residents replayed, ${field(lastOut, /replay: \d+ residents, (\d+) records/)} records`);
console.log(
  JSON.stringify({
    full_s: median(full),
    full_runs: full,
    checkpoint_s: median(incremental),
    checkpoint_runs: incremental,
    idle_checkpoint_s: idle.seconds,
    new_records: NEW_RECORDS,
    full_floor_s: fullFloor,
    checkpoint_floor_s: median(incrementalFloor),
    residents: RESIDENTS,
    records: Number(before.records),
    transfers: Number(before.transfers),
    entries: Number(before.entries),
    records_after: Number(after.records),
    generate_s: generateSeconds,
    full_target_met: median(full) <= 600,
    checkpoint_target_met: median(incremental) <= 60,
  }),
);
