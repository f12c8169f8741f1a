import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDatabase } from '../support/global-setup';
import { TEST_SECRETS } from '../support/test-env';

/**
 * The command-line tools an operator runs, each as its own process against a fresh database, in the
 * order a new district would: migrations, demo data, then the two proofs (statistics and ledger).
 * Each gets only the environment it needs: DATABASE_URL, and the secrets for seeding. None is given
 * REDIS_URL, so a command that booted Redis, queues or periodic jobs would fail here.
 */
const COMMANDS = join(__dirname, '../../server/dist/commands');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, env: Record<string, string>, args: string[] = []): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(COMMANDS, command), ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

it('migrate, seed, stats:rebuild and ledger:reconcile run on a fresh database with nothing but what they need', async () => {
  const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_commands');
  const database = { DATABASE_URL: url };

  const migrated = await run('migrate-cli.js', database);
  expect(migrated).toMatchObject({ code: 0, stdout: expect.stringMatching(/^applied: Foundation/) });
  expect(await run('migrate-cli.js', database)).toMatchObject({ code: 0, stdout: 'database is up to date\n' });

  const seeded = await run('seed-cli.js', { ...database, ...TEST_SECRETS });
  expect(seeded).toMatchObject({ code: 0, stdout: expect.stringContaining('demo data loaded') });
  const again = await run('seed-cli.js', { ...database, ...TEST_SECRETS });
  expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('database already has data: nothing loaded') });

  const rebuilt = await run('stats-rebuild-cli.js', database);
  expect(rebuilt.code).toBe(0);
  expect(rebuilt.stdout).toContain('the aggregates match the records');

  const reconciled = await run('ledger-reconcile-cli.js', database);
  expect(reconciled.code).toBe(0);
  expect(reconciled.stdout).toMatch(/ledger: \d+ transfers, \d+ accounts, 0 problems/);
  expect(reconciled.stdout).toMatch(/replay: \d+ residents, [1-9]\d* records, [1-9]\d* grants, 0 reversals, 0 differences/);
  expect(reconciled.stdout).toMatch(/^mode: full \(no checkpoint used\)$/m);
  expect(reconciled.stdout).toMatch(/^checkpoint 1 written$/m);
  // the next run starts from that checkpoint: nothing new to check row by row, the rest proved unchanged by its digests
  const fromCheckpoint = await run('ledger-reconcile-cli.js', database);
  expect(fromCheckpoint.code).toBe(0);
  expect(fromCheckpoint.stdout).toMatch(/^mode: from checkpoint 1 /m);
  expect(fromCheckpoint.stdout).toContain('checked: 0 transfers (none), 0 entries (none), 0 account chains');
  expect(fromCheckpoint.stdout).toMatch(/compared with the checkpoint by count and digest: [1-9]\d* transfers, [1-9]\d* entries, [1-9]\d* accounts/);
  expect(fromCheckpoint.stdout).toMatch(/replay: 0 residents, 0 records, 0 grants, 0 reversals, 0 differences/);
  expect(fromCheckpoint.stdout).toMatch(/^time: snapshot [\d.]+ s, ledger [\d.]+ s, replay [\d.]+ s, total [\d.]+ s$/m);
  expect((await run('ledger-reconcile-cli.js', database, ['--full'])).stdout).toMatch(/^mode: full \(no checkpoint used\)$/m);
  const last = (o: Outcome) => o.stdout.trim().split('\n').pop();
  process.stdout.write(`commands: ${last(seeded)}; ${last(rebuilt)}; ${reconciled.stdout.trim().split('\n').join('; ')}; from the checkpoint: ${fromCheckpoint.stdout.trim().split('\n').join('; ')}\n`);
}, 120_000);

it('a command without DATABASE_URL says so and fails', async () => {
  for (const command of ['migrate-cli.js', 'stats-rebuild-cli.js', 'ledger-reconcile-cli.js']) {
    const outcome = await run(command, {});
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain('DATABASE_URL is not set');
  }
});
