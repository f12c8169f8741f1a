import { dataSourceOptions } from '@lp/server/dist/database/data-source';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { freshDatabase } from '../support/global-setup';
import { PgBouncer, startPgBouncer } from '../support/pgbouncer';
import { ownDatabase, productionSettings } from '../support/production';
import { startProductionEntry } from '../support/server-process';
import { TEST_SECRETS } from '../support/test-env';

/**
 * The portal behind Debian's PgBouncer 1.18 in transaction mode, which lends a server connection
 * for one transaction at a time and keeps no named prepared statement across transactions. The
 * suite's check-in and account paths also run through it (npm test, the E2E_PGBOUNCER run); this
 * file shows what the pooler demands of the server and that nothing the server does leaves state
 * on a connection the next client borrows.
 */
const COMMANDS = join(__dirname, '../../server/dist/commands');
let bouncer: PgBouncer;
let pooled: string;
let direct: string;

async function run(command: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(COMMANDS, command)], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  const admin = process.env.E2E_ADMIN_DATABASE_URL!;
  direct = await freshDatabase(admin, 'lp_pooler');
  bouncer = await startPgBouncer(admin, { poolSize: 8 });
  pooled = bouncer.urlFor(new URL(direct).pathname.slice(1));
}, 60_000);
afterAll(() => bouncer?.stop());

it('refuses the statement_timeout startup parameter, so the server is told DATABASE_POOLER=transaction and the pooler sets the timeout', async () => {
  await expect(new DataSource(dataSourceOptions(pooled, 1, 'none')).initialize()).rejects.toThrow(/unsupported startup parameter: statement_timeout/);
  const ds = await new DataSource(dataSourceOptions(pooled, 1, 'transaction')).initialize();
  try {
    const [{ statement_timeout: timeout }] = (await ds.query('SHOW statement_timeout')) as { statement_timeout: string }[];
    expect(timeout).toBe('15s');
  } finally {
    await ds.destroy();
  }
});

it('migrations, demo data, stats:rebuild and ledger:reconcile run through the pooler, and leave no setting on any server connection', async () => {
  const env = { DATABASE_URL: pooled, DATABASE_POOLER: 'transaction' };
  const migrated = await run('migrate-cli.js', env);
  expect(migrated).toMatchObject({ code: 0, stdout: expect.stringMatching(/^applied: Foundation/) });
  expect((await run('seed-cli.js', { ...env, ...TEST_SECRETS })).stdout).toContain('demo data loaded');
  const rebuilt = await run('stats-rebuild-cli.js', env);
  expect(rebuilt.stdout).toContain('the aggregates match the records');
  const reconciled = await run('ledger-reconcile-cli.js', env);
  expect(reconciled.code).toBe(0);
  expect(reconciled.stdout).toMatch(/ledger: \d+ transfers, \d+ accounts, 0 problems/);
  expect(reconciled.stdout).toMatch(/replay: \d+ residents, [1-9]\d* records, [1-9]\d* grants, 0 reversals, 0 differences/);

  // hold every server connection of the pool at once: each must have the pooler's settings, none the commands' own
  const own = new Client({ connectionString: direct });
  await own.connect();
  const defaults = { lock: (await own.query('SHOW lock_timeout')).rows[0].lock_timeout as string, work: (await own.query('SHOW work_mem')).rows[0].work_mem as string };
  await own.end();
  const clients = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = new Client({ connectionString: pooled });
      await c.connect();
      await c.query('BEGIN');
      return c;
    }),
  );
  try {
    const seen = await Promise.all(
      clients.map(async (c) => {
        const read = async (q: string) => Object.values((await c.query(q)).rows[0] as object)[0] as string;
        return { pid: await read('SELECT pg_backend_pid()'), timeout: await read('SHOW statement_timeout'), lock: await read('SHOW lock_timeout'), work: await read('SHOW work_mem') };
      }),
    );
    expect(new Set(seen.map((s) => s.pid)).size).toBe(8);
    for (const s of seen) expect(s).toMatchObject({ timeout: '15s', ...defaults });
  } finally {
    await Promise.all(clients.map(async (c) => (await c.query('ROLLBACK'), await c.end())));
  }
  // and it was the pooler that served them all
  const pools = await bouncer.admin<{ database: string; pool_mode: string }>('SHOW POOLS');
  expect(pools.find((p) => p.database === new URL(pooled).pathname.slice(1))).toMatchObject({ pool_mode: 'transaction' });
}, 300_000);

it('a production server behind a pooler that gives its connections no statement timeout refuses to start, saying what to set', async () => {
  const own = await ownDatabase('lp_pooler_prod');
  const bare = await startPgBouncer(own.url, { statementTimeout: false });
  const right = await startPgBouncer(own.url);
  // the pooler asks for no password; the URL keeps the role's, which production checks
  const through = (b: PgBouncer) => Object.assign(new URL(b.urlFor(new URL(own.url).pathname.slice(1))), { username: new URL(own.url).username, password: new URL(own.url).password }).toString();
  try {
    const refused = await startProductionEntry(through(bare), productionSettings({ DATABASE_POOLER: 'transaction' })).then(
      async (s) => (await s.stop(), ''),
      (err: Error) => err.message,
    );
    expect(refused).toMatch(/connect_query='SET statement_timeout = 15000'/);
    const server = await startProductionEntry(through(right), productionSettings({ DATABASE_POOLER: 'transaction' }));
    try {
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  } finally {
    await bare.stop();
    await right.stop();
    await own.drop();
  }
}, 300_000);
