import { DataSource } from 'typeorm';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { CreditReconciler } from '../learning-records/credit-reconciler';
import { LedgerAudit } from '../ledger/ledger-audit';
import { LedgerModule } from '../ledger/ledger.module';
import { runCommand } from './command';
import { commandContext } from './command-context';
import { reconcile, Reconciliation } from './reconciliation';

/**
 * `npm run ledger:reconcile -w @lp/server [-- --full]`: checks the ledger's invariants and replays
 * the learning records through the conversion rules, comparing with the ledger; from the last
 * checkpoint (what was added since, and proof that the rest is unchanged) unless `--full` or there
 * is none. Says what it checked; a clean run appends a checkpoint. Exit code 1 on any difference.
 * Boots the ledger and the learning records (with the rules they convert by), nothing more.
 */
async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  // the snapshot's gate, then the audit and the replay side by side
  const app = await commandContext([LedgerModule, LearningRecordsModule], undefined, 3);
  try {
    const run = await reconcile(app.get(DataSource), app.get(LedgerAudit), app.get(CreditReconciler), { full });
    process.stdout.write(describe(run));
    process.exitCode = run.audit.problems.length || run.replay.differences.length ? 1 : 0;
  } finally {
    await app.close();
  }
}

const ids = (r: { from: string | null; to: string | null }) => (r.from === null ? 'none' : `ids ${r.from}–${r.to}`);

export function describe({ from, audit, replay, checkpoint, seconds }: Reconciliation): string {
  const lines = [
    from
      ? `mode: from checkpoint ${from.id} (${from.createdAt.toISOString()}): transfers after id ${from.transferUpto}, entries after ${from.entryUpto}, records after ${from.recordUpto}`
      : 'mode: full (no checkpoint used)',
    `ledger: ${audit.transfers} transfers, ${audit.accounts} accounts, ${audit.problems.length} problems`,
    `  checked: ${audit.checked.transfers.count} transfers (${ids(audit.checked.transfers)}), ${audit.checked.entries.count} entries (${ids(audit.checked.entries)}), ${audit.checked.accounts} account chains`,
    audit.verifiedPrefix
      ? `  compared with the checkpoint by count and digest: ${audit.verifiedPrefix.transfers} transfers, ${audit.verifiedPrefix.entries} entries, ${audit.verifiedPrefix.accounts} accounts`
      : '',
    `replay: ${replay.residents} residents, ${replay.records} records, ${replay.grants} grants, ${replay.reversals} reversals, ${replay.differences.length} differences`,
    `  new records: ${replay.newRecords.count} (${ids(replay.newRecords)})${replay.verifiedPrefix === null ? '' : `; compared with the checkpoint by count and digest: ${replay.verifiedPrefix} records`}`,
    checkpoint ? `checkpoint ${checkpoint} written` : 'no checkpoint written: the ledger is not clean',
    `time: snapshot ${seconds.snapshot} s, ledger ${seconds.ledger} s, replay ${seconds.replay} s, total ${seconds.total} s`,
  ].filter(Boolean);
  for (const p of [...audit.problems, ...replay.differences]) lines.push(`  ${p}`);
  return lines.join('\n') + '\n';
}

runCommand('reconciliation', main);
