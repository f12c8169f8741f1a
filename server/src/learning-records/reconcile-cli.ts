import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { LedgerAudit } from '../ledger/ledger-audit';
import { CreditReconciler } from './credit-reconciler';

/**
 * `npm run ledger:reconcile -w @lp/server`: checks the ledger's invariants, then replays every
 * learning record through the conversion rules and compares with the ledger. Exit code 1 on any difference.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const runner = app.get(DataSource).createQueryRunner();
    await runner.connect();
    // the whole ledger is read at once: no statement timeout on this connection
    await runner.query(`SET statement_timeout = 0`);
    await runner.startTransaction('REPEATABLE READ');
    const audit = await app.get(LedgerAudit).check(runner.manager).finally(async () => {
      await runner.rollbackTransaction();
      await runner.release();
    });
    const replay = await app.get(CreditReconciler).reconcile();
    process.stdout.write(
      `ledger: ${audit.transfers} transfers, ${audit.accounts} accounts, ${audit.problems.length} problems\n` +
        `replay: ${replay.residents} residents, ${replay.records} records, ${replay.grants} grants, ${replay.reversals} reversals, ${replay.differences.length} differences\n`,
    );
    for (const p of [...audit.problems, ...replay.differences]) process.stdout.write(`  ${p}\n`);
    process.exitCode = audit.problems.length || replay.differences.length ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`reconciliation failed: ${err.message}\n`);
  process.exit(1);
});
