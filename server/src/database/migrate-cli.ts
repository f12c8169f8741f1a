import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from './data-source';

/** `npm run migrate` applies pending migrations; `npm run migrate -- down` reverts the last one. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (process.argv[2] === 'down') {
    const ds = new DataSource(dataSourceOptions(url, 1));
    await ds.initialize();
    await ds.undoLastMigration({ transaction: 'each' });
    await ds.destroy();
    process.stdout.write('reverted the last migration\n');
    return;
  }
  const applied = await runMigrations(url);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
}

main().catch((err: Error) => {
  process.stderr.write(`migration failed: ${err.message}\n`);
  process.exit(1);
});
