import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../database/data-source';
import { databasePooler, databaseUrl, runCommand } from './command';

/** `npm run migrate` applies pending migrations; `npm run migrate -- down` reverts the last one. A plain DataSource is all it needs. */
async function main(): Promise<void> {
  const url = databaseUrl();
  if (process.argv[2] === 'down') {
    const ds = new DataSource(dataSourceOptions(url, 1, databasePooler()));
    await ds.initialize();
    await ds.undoLastMigration({ transaction: 'each' });
    await ds.destroy();
    process.stdout.write('reverted the last migration\n');
    return;
  }
  const applied = await runMigrations(url, databasePooler());
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
}

runCommand('migration', main);
