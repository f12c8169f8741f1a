import { Category } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type TransferKind = 'grant' | 'conversion' | 'reversal';

export interface TransferRow {
  kind: TransferKind;
  fromAccountId: string;
  toAccountId: string;
  amountMilli: number;
  idempotencyKey: string;
  learningRecordId?: string | null;
  ruleSetId?: number | null;
  capYear?: number | null;
  capCategory?: Category | null;
  conversionId?: string | null;
  reversesTransferId?: string | null;
  memo?: string;
  createdBy?: string | null;
}

/** A transfer as posted: what decides whether a second posting under its key is the same one. */
export type PostedTransfer = Required<Pick<TransferRow, 'kind' | 'fromAccountId' | 'toAccountId' | 'amountMilli' | 'learningRecordId' | 'conversionId' | 'reversesTransferId'>> & {
  id: string;
};

export interface EntryRow {
  idempotencyKey: string;
  accountId: string;
  amountMilli: number;
  balanceBefore: number;
  balanceAfter: number;
  /** The account's entry count with this entry: 1 for its first, no gap. */
  version: number;
}

export interface OpenGrant {
  id: string;
  fromAccountId: string;
  toAccountId: string;
  amountMilli: number;
  capYear: number;
  capCategory: Category;
  ruleSetId: number;
}

export interface LockedAccount {
  id: string;
  kind: 'resident' | 'issuer' | 'partner';
  balanceMilli: number;
  /** How many entries the account has: the next one gets version + 1. */
  version: number;
}

/** An account's state after a posting: its balance and its entry count. */
export interface AccountState {
  balanceMilli: number;
  version: number;
}

/** The ledger's SQL. Transfers and entries are only ever inserted; balances move with them. */
@Injectable()
export class LedgerRepository {
  /**
   * The credit accounts of these residents and categories, created on first use, in one statement
   * for a whole closing session. Returns ids keyed `residentId|category`.
   */
  async residentAccounts(m: EntityManager, wanted: { residentId: string; category: Category }[]): Promise<Map<string, string>> {
    const json = JSON.stringify(wanted.map((w) => ({ resident_id: w.residentId, category: w.category })));
    const read = async (sql: string) =>
      new Map(((await m.query(sql, [json])) as { id: string; resident_id: string; category: Category }[]).map((r) => [`${r.resident_id}|${r.category}`, r.id]));
    const found = await read(
      `WITH wanted AS (
         SELECT DISTINCT resident_id, category::offering_category AS category
         FROM jsonb_to_recordset($1::jsonb) AS w(resident_id uuid, category text)),
       made AS (
         INSERT INTO ledger_account (kind, resident_id, category)
         SELECT 'resident', resident_id, category FROM wanted ORDER BY resident_id, category
         ON CONFLICT ON CONSTRAINT ledger_account_resident_key DO NOTHING
         RETURNING id, resident_id, category)
       SELECT id, resident_id, category FROM made
       UNION ALL
       SELECT a.id, a.resident_id, a.category FROM ledger_account a JOIN wanted w USING (resident_id, category)`,
    );
    if (found.size >= new Set(wanted.map((w) => `${w.residentId}|${w.category}`)).size) return found;
    // another transaction created some between our snapshot and our insert: a fresh statement sees them
    return read(
      `SELECT a.id, a.resident_id, a.category FROM ledger_account a
       JOIN jsonb_to_recordset($1::jsonb) AS w(resident_id uuid, category text) ON a.resident_id = w.resident_id AND a.category = w.category::offering_category`,
    );
  }

  /** A conversion's transfers that were not reversed yet, in id order. */
  async openConversionTransfers(m: EntityManager, conversionId: string): Promise<{ id: string; fromAccountId: string; toAccountId: string; amountMilli: number }[]> {
    const rows = (await m.query(
      `SELECT t.id, t.from_account_id, t.to_account_id, t.amount_milli::bigint AS amount FROM ledger_transfer t
       WHERE t.conversion_id = $1 AND t.kind = 'conversion' AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_transfer_id = t.id)
       ORDER BY t.id`,
      [conversionId],
    )) as { id: string; from_account_id: string; to_account_id: string; amount: string }[];
    return rows.map((r) => ({ id: r.id, fromAccountId: r.from_account_id, toAccountId: r.to_account_id, amountMilli: Number(r.amount) }));
  }

  /** A resident's existing accounts with their balances, without locking. */
  async balancesOf(m: EntityManager, residentId: string): Promise<{ id: string; category: Category; balanceMilli: number }[]> {
    const rows = (await m.query(
      `SELECT id, category, balance_milli::bigint AS balance FROM ledger_account WHERE resident_id = $1 ORDER BY id`,
      [residentId],
    )) as { id: string; category: Category; balance: string }[];
    return rows.map((r) => ({ id: r.id, category: r.category, balanceMilli: Number(r.balance) }));
  }

  /** One of a district's issuer accounts (shard 0 … ISSUER_SHARDS − 1), created on first use. */
  async issuerAccount(m: EntityManager, districtId: number, shard: number): Promise<string> {
    return this.ownerAccount(m, 'issuer', 'district_id', 'ledger_account_issuer_key', districtId, shard);
  }

  async partnerAccount(m: EntityManager, partnerId: number): Promise<string> {
    return this.ownerAccount(m, 'partner', 'partner_id', 'ledger_account_partner_key', partnerId, 0);
  }

  private async ownerAccount(m: EntityManager, kind: string, column: string, constraint: string, ownerId: number, shard: number): Promise<string> {
    const rows = (await m.query(
      `WITH made AS (
         INSERT INTO ledger_account (kind, ${column}, issuer_shard) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT ${constraint} DO NOTHING RETURNING id)
       SELECT id FROM made UNION ALL SELECT id FROM ledger_account WHERE ${column} = $2 AND issuer_shard = $3`,
      [kind, ownerId, shard],
    )) as { id: string }[];
    if (rows[0]) return rows[0].id;
    // another transaction created it between our snapshot and our insert: a fresh statement sees it
    const again = (await m.query(`SELECT id FROM ledger_account WHERE ${column} = $1 AND issuer_shard = $2`, [ownerId, shard])) as { id: string }[];
    return again[0].id;
  }

  /** Transfers already posted under these idempotency keys, by key: what a repeated posting is compared with. */
  async postedByKey(m: EntityManager, keys: string[]): Promise<Map<string, PostedTransfer>> {
    const rows = (await m.query(
      `SELECT id, idempotency_key, kind, from_account_id, to_account_id, amount_milli::bigint AS amount,
              learning_record_id, conversion_id, reverses_transfer_id
       FROM ledger_transfer WHERE idempotency_key = ANY($1::text[])`,
      [keys],
    )) as {
      id: string;
      idempotency_key: string;
      kind: TransferKind;
      from_account_id: string;
      to_account_id: string;
      amount: string;
      learning_record_id: string | null;
      conversion_id: string | null;
      reverses_transfer_id: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.idempotency_key,
        {
          id: r.id,
          kind: r.kind,
          fromAccountId: r.from_account_id,
          toAccountId: r.to_account_id,
          amountMilli: Number(r.amount),
          learningRecordId: r.learning_record_id,
          conversionId: r.conversion_id,
          reversesTransferId: r.reverses_transfer_id,
        },
      ]),
    );
  }

  /** Locks accounts in id order, the one order every transaction uses, so two postings never deadlock. */
  async lock(m: EntityManager, accountIds: string[]): Promise<Map<string, LockedAccount>> {
    const rows = (await m.query(
      `SELECT id, kind, balance_milli::bigint AS balance, version FROM ledger_account WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
      [accountIds],
    )) as { id: string; kind: LockedAccount['kind']; balance: string; version: string }[];
    return new Map(rows.map((r) => [r.id, { id: r.id, kind: r.kind, balanceMilli: Number(r.balance), version: Number(r.version) }]));
  }

  /** Inserts transfers, their entries and the accounts' new balances and versions; returns transfer ids by idempotency key. */
  async insert(m: EntityManager, transfers: TransferRow[], entries: EntryRow[], accounts: Map<string, AccountState>): Promise<Map<string, string>> {
    const made = (await m.query(
      `INSERT INTO ledger_transfer (kind, from_account_id, to_account_id, amount_milli, idempotency_key, learning_record_id,
                                    rule_set_id, cap_year, cap_category, conversion_id, reverses_transfer_id, memo, created_by)
       SELECT t.kind::ledger_transfer_kind, t.from_account_id, t.to_account_id, t.amount_milli, t.idempotency_key,
              t.learning_record_id, t.rule_set_id, t.cap_year, t.cap_category::offering_category, t.conversion_id,
              t.reverses_transfer_id, COALESCE(t.memo, ''), t.created_by
       FROM jsonb_to_recordset($1::jsonb) AS t(kind text, from_account_id bigint, to_account_id bigint,
              amount_milli bigint, idempotency_key text, learning_record_id bigint, rule_set_id int, cap_year smallint,
              cap_category text, conversion_id bigint, reverses_transfer_id bigint, memo text, created_by uuid, n bigint)
       ORDER BY t.n
       RETURNING id, idempotency_key`,
      [
        JSON.stringify(
          transfers.map((t, n) => ({
            n,
            kind: t.kind,
            from_account_id: t.fromAccountId,
            to_account_id: t.toAccountId,
            amount_milli: t.amountMilli,
            idempotency_key: t.idempotencyKey,
            learning_record_id: t.learningRecordId ?? null,
            rule_set_id: t.ruleSetId ?? null,
            cap_year: t.capYear ?? null,
            cap_category: t.capCategory ?? null,
            conversion_id: t.conversionId ?? null,
            reverses_transfer_id: t.reversesTransferId ?? null,
            memo: t.memo ?? '',
            created_by: t.createdBy ?? null,
          })),
        ),
      ],
    )) as { id: string; idempotency_key: string }[];
    const ids = new Map(made.map((r) => [r.idempotency_key, r.id]));
    await m.query(
      `INSERT INTO ledger_entry (transfer_id, account_id, amount_milli, balance_before, balance_after, version)
       SELECT e.transfer_id, e.account_id, e.amount_milli, e.balance_before, e.balance_after, e.version
       FROM jsonb_to_recordset($1::jsonb) AS e(transfer_id bigint, account_id bigint, amount_milli bigint,
              balance_before bigint, balance_after bigint, version bigint, n bigint)
       ORDER BY e.n`,
      [
        JSON.stringify(
          entries.map((e, n) => ({
            n,
            transfer_id: ids.get(e.idempotencyKey),
            account_id: e.accountId,
            amount_milli: e.amountMilli,
            balance_before: e.balanceBefore,
            balance_after: e.balanceAfter,
            version: e.version,
          })),
        ),
      ],
    );
    await m.query(
      `UPDATE ledger_account a SET balance_milli = b.balance, version = b.version
       FROM jsonb_to_recordset($1::jsonb) AS b(id bigint, balance bigint, version bigint) WHERE a.id = b.id`,
      [JSON.stringify([...accounts].map(([id, a]) => ({ id, balance: a.balanceMilli, version: a.version })))],
    );
    return ids;
  }

  /** Grant transfers of these records that have not been reversed, by record id. */
  async openGrants(m: EntityManager, recordIds: string[]): Promise<Map<string, OpenGrant>> {
    const rows = (await m.query(
      `SELECT t.id, t.learning_record_id, t.from_account_id, t.to_account_id, t.amount_milli::bigint AS amount, t.cap_year, t.cap_category, t.rule_set_id
       FROM ledger_transfer t
       WHERE t.kind = 'grant' AND t.learning_record_id = ANY($1::bigint[])
         AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_transfer_id = t.id)`,
      [recordIds],
    )) as { id: string; learning_record_id: string; from_account_id: string; to_account_id: string; amount: string; cap_year: number; cap_category: Category; rule_set_id: number }[];
    return new Map(
      rows.map((r) => [
        r.learning_record_id,
        { id: r.id, fromAccountId: r.from_account_id, toAccountId: r.to_account_id, amountMilli: Number(r.amount), capYear: r.cap_year, capCategory: r.cap_category, ruleSetId: r.rule_set_id },
      ]),
    );
  }
}
