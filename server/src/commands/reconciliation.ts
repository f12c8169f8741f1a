import { DataSource, QueryRunner } from 'typeorm';
import { CreditReconciler, ReconcileReport } from '../learning-records/credit-reconciler';
import { LedgerAudit, LedgerCheck, LedgerCheckpoint } from '../ledger/ledger-audit';

export interface Reconciliation {
  from: LedgerCheckpoint | null;
  audit: LedgerCheck;
  replay: ReconcileReport;
  /** The checkpoint this run appended (none when it found a problem). */
  checkpoint: string | null;
  seconds: { snapshot: number; ledger: number; replay: number; total: number };
}

const since = (t: number) => Math.round((Date.now() - t) / 100) / 10;

/**
 * One reconciliation: the ledger audit and the replay of the records, side by side on two
 * connections in one snapshot, from the last checkpoint unless `full` (or there is none). The
 * snapshot is taken while the ledger's and the records' writers are held back (for the instant it
 * takes two connections to import it), so that ids up to the highest seen are final. A clean run
 * appends a checkpoint.
 */
export async function reconcile(db: DataSource, audit: LedgerAudit, replayer: CreditReconciler, options: { full?: boolean } = {}): Promise<Reconciliation> {
  const started = Date.now();
  const [ledgerRunner, replayRunner] = await snapshotPair(db, audit, replayer);
  try {
    const snapshot = since(started);
    const from = options.full ? null : await audit.lastCheckpoint(ledgerRunner.manager);
    let ledgerSeconds = 0;
    let replaySeconds = 0;
    const [checked, replay] = await Promise.all([
      audit.check(ledgerRunner.manager, from).finally(() => (ledgerSeconds = since(started))),
      replayer.replay(replayRunner.manager, from).finally(() => (replaySeconds = since(started))),
    ]);
    const clean = checked.problems.length === 0 && replay.differences.length === 0;
    const seconds = { snapshot, ledger: ledgerSeconds, replay: replaySeconds, total: since(started) };
    const what = {
      mode: checked.mode,
      basedOn: checked.basedOn,
      ledger: { checked: checked.checked, verifiedPrefix: checked.verifiedPrefix },
      replay: { residents: replay.residents, records: replay.records, newRecords: replay.newRecords, verifiedPrefix: replay.verifiedPrefix },
      seconds,
    };
    const checkpoint = clean ? await db.transaction((m) => audit.writeCheckpoint(m, checked, replay.next, what)) : null;
    return { from, audit: checked, replay, checkpoint, seconds: { ...seconds, total: since(started) } };
  } finally {
    for (const r of [ledgerRunner, replayRunner]) {
      await r.rollbackTransaction().catch(() => undefined);
      await r.release();
    }
  }
}

/** Two connections in one snapshot taken while no writer of the ledger or the records is in flight. */
async function snapshotPair(db: DataSource, audit: LedgerAudit, replayer: CreditReconciler): Promise<[QueryRunner, QueryRunner]> {
  for (let attempt = 1; ; attempt += 1) {
    const gate = db.createQueryRunner();
    const runners: QueryRunner[] = [];
    await gate.connect();
    try {
      // never hold writers back for long: give up waiting and try again
      await gate.startTransaction('REPEATABLE READ');
      // LOCAL settings only: behind a transaction pooler a session's would outlive us on a borrowed connection
      await gate.query(`SET LOCAL lock_timeout = '5s'`);
      // in the order writers take them: records, then the ledger
      await replayer.quiesce(gate.manager);
      await audit.quiesce(gate.manager);
      const [{ snapshot }] = (await gate.query(`SELECT pg_export_snapshot() AS snapshot`)) as { snapshot: string }[];
      for (let i = 0; i < 2; i += 1) {
        const r = db.createQueryRunner();
        runners.push(r);
        await r.connect();
        await r.startTransaction('REPEATABLE READ');
        await r.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, '')}'`);
        await r.query(`SET LOCAL statement_timeout = 0`);
      }
      await gate.commitTransaction();
      return [runners[0], runners[1]];
    } catch (err) {
      await gate.rollbackTransaction().catch(() => undefined);
      for (const r of runners) {
        await r.rollbackTransaction().catch(() => undefined);
        await r.release();
      }
      if (attempt >= 5 || !/lock timeout/.test((err as Error).message)) throw err;
    } finally {
      await gate.release();
    }
  }
}
