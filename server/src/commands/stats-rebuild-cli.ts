import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';
import { ParticipationAggregates } from '../statistics/participation-aggregates';
import { databasePooler, databaseUrl, runCommand } from './command';

/**
 * `npm run stats:rebuild -w @lp/server`: recomputes the participation aggregates from the learning
 * records and reports every difference from what was maintained incrementally (exit code 1 if any).
 * `-- --replace` then replaces the maintained aggregates with the recomputed ones. A plain DataSource
 * on one connection; the rebuild lifts the statement timeout for its own transaction (it reads every
 * record at once).
 */
async function main(): Promise<void> {
  const replace = process.argv.includes('--replace');
  const ds = new DataSource(dataSourceOptions(databaseUrl(), 1, databasePooler()));
  await ds.initialize();
  try {
    const started = Date.now();
    const report = await ds.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = 0`);
      return new ParticipationAggregates().rebuild(m, { replace, samples: 10 });
    });
    const differing = report.differences.reduce((s, d) => s + d.differing, 0);
    for (const d of report.differences) {
      process.stdout.write(`${d.table}: ${d.differing} rows differ\n`);
      for (const s of d.samples) process.stdout.write(`  ${s.key}: maintained ${s.maintained}, records say ${s.recomputed}\n`);
    }
    process.stdout.write(
      `${report.records} valid learning records read in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${differing === 0 ? 'the aggregates match the records' : `${differing} rows differ`}` +
        `${replace ? '; aggregates replaced by the recomputed ones' : ''}\n`,
    );
    process.stdout.write(`${JSON.stringify({ records: report.records, differing, replaced: report.replaced })}\n`);
    if (differing > 0 && !replace) process.exitCode = 1;
  } finally {
    await ds.destroy();
  }
}

runCommand('statistics rebuild', main, 2);
