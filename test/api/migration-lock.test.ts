import { MIGRATIONS, runMigrations } from '@lp/server/dist/database/data-source';
import { Client } from 'pg';
import { freshDatabase } from '../support/global-setup';

/*
 * Production nodes do not migrate on boot: `npm run migrate` runs once per deployment. Two runs at
 * once (a job started twice, two operators) must still apply each migration exactly once.
 */
it('three migration runs at once on an empty database apply each migration once, and all succeed', async () => {
  const url = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_migration_lock');
  const started = Date.now();
  const runs = await Promise.allSettled([runMigrations(url), runMigrations(url), runMigrations(url)]);
  const seconds = (Date.now() - started) / 1000;
  const failures = runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));
  const applied = runs.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));

  const db = new Client({ connectionString: url });
  await db.connect();
  let recorded: string[];
  try {
    recorded = (await db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY id')).rows.map((r) => r.name);
  } finally {
    await db.end();
  }
  const perRun = runs.map((r) => (r.status === 'fulfilled' ? r.value.length : 'failed')).join(' + ');
  process.stdout.write(
    `migration lock: 3 runs at once, ${failures.length} failed, migrations applied per run ${perRun} = ${applied.length} of ${MIGRATIONS.length}; ` +
      `schema_migration holds ${recorded.length} rows, ${new Set(recorded).size} distinct; ${seconds.toFixed(1)} s\n`,
  );
  expect(failures).toEqual([]);
  expect(applied.length).toBe(MIGRATIONS.length);
  expect(new Set(applied).size).toBe(MIGRATIONS.length);
  expect(recorded.length).toBe(MIGRATIONS.length);
  // a fourth run later finds nothing to do
  expect(await runMigrations(url)).toEqual([]);
}, 120_000);
