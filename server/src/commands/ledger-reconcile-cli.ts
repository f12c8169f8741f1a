import { DataSource } from 'typeorm';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { CreditReconciler } from '../learning-records/credit-reconciler';
import { LedgerAudit } from '../ledger/ledger-audit';
import { LedgerModule } from '../ledger/ledger.module';
import { runCommand } from './command';
import { commandContext } from './command-context';

/**
 * `npm run ledger:reconcile -w @lp/server`: checks the ledger's invariants, then replays every
 * learning record through the conversion rules and compares with the ledger. Exit code 1 on any
 * difference. Boots the ledger and the learning records (with the rules they convert by), nothing more.
 */
async function main(): Promise<void> {
  const app = await commandContext([LedgerModule, LearningRecordsModule]);
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

runCommand('reconciliation', main);
