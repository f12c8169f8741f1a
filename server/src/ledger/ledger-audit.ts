import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface LedgerCheck {
  transfers: number;
  accounts: number;
  problems: string[];
}

/**
 * Proves the ledger's invariants from its rows: each transfer has two entries that balance,
 * each account's balance is the sum of its entries and its entries chain without a gap,
 * nothing but an issuer is below zero, no idempotency key appears twice.
 */
@Injectable()
export class LedgerAudit {
  async check(m: EntityManager): Promise<LedgerCheck> {
    const [{ transfers, accounts }] = (await m.query(
      `SELECT (SELECT count(*)::int FROM ledger_transfer) AS transfers, (SELECT count(*)::int FROM ledger_account) AS accounts`,
    )) as { transfers: number; accounts: number }[];
    const problems: string[] = [];
    const unbalanced = (await m.query(
      `SELECT t.id FROM ledger_transfer t
       LEFT JOIN ledger_entry e ON e.transfer_id = t.id
       GROUP BY t.id, t.amount_milli, t.from_account_id, t.to_account_id
       HAVING count(e.id) <> 2 OR COALESCE(sum(e.amount_milli), 1) <> 0
           OR count(*) FILTER (WHERE e.account_id = t.from_account_id AND e.amount_milli = -t.amount_milli) <> 1
           OR count(*) FILTER (WHERE e.account_id = t.to_account_id AND e.amount_milli = t.amount_milli) <> 1
       LIMIT 20`,
    )) as { id: string }[];
    for (const r of unbalanced) problems.push(`transfer ${r.id} does not balance`);
    const drifted = (await m.query(
      `SELECT a.id, a.balance_milli, COALESCE(sum(e.amount_milli), 0) AS total
       FROM ledger_account a LEFT JOIN ledger_entry e ON e.account_id = a.id
       GROUP BY a.id HAVING a.balance_milli <> COALESCE(sum(e.amount_milli), 0) LIMIT 20`,
    )) as { id: string; balance_milli: string; total: string }[];
    for (const r of drifted) problems.push(`account ${r.id} holds ${r.balance_milli} but its entries sum to ${r.total}`);
    const broken = (await m.query(
      `SELECT id, account_id FROM (
         SELECT e.id, e.account_id, e.balance_before,
                lag(e.balance_after, 1, 0::bigint) OVER (PARTITION BY e.account_id ORDER BY e.id) AS previous
         FROM ledger_entry e) x
       WHERE balance_before <> previous LIMIT 20`,
    )) as { id: string; account_id: string }[];
    for (const r of broken) problems.push(`entry ${r.id} of account ${r.account_id} does not follow the one before`);
    const negative = (await m.query(
      `SELECT id FROM ledger_account WHERE kind <> 'issuer' AND balance_milli < 0
       UNION ALL SELECT DISTINCT account_id FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
       WHERE a.kind <> 'issuer' AND e.balance_after < 0 LIMIT 20`,
    )) as { id: string }[];
    for (const r of negative) problems.push(`account ${r.id} went below zero`);
    const keys = (await m.query(
      `SELECT idempotency_key FROM ledger_transfer GROUP BY idempotency_key HAVING count(*) > 1 LIMIT 20`,
    )) as { idempotency_key: string }[];
    for (const r of keys) problems.push(`idempotency key ${r.idempotency_key} used twice`);
    return { transfers, accounts, problems };
  }
}
