import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What a clean reconciliation proved, as the next run reads it back (bigints as text). */
export interface LedgerCheckpoint {
  id: string;
  createdAt: Date;
  transferUpto: string;
  entryUpto: string;
  accountUpto: string;
  recordUpto: string;
  transfers: string;
  entries: string;
  accounts: string;
  records: string;
  transferDigest: string;
  entryDigest: string;
  accountDigest: string;
  recordDigest: string;
}

/** One table's part of a checkpoint: rows up to an id, how many, and their digest. */
export interface Prefix {
  upto: string;
  count: string;
  digest: string;
}

/** An id range a run read row by row (checked every invariant on), and how many rows. */
export interface Range {
  count: number;
  from: string | null;
  to: string | null;
}

export interface LedgerCheck {
  /** Totals in the snapshot. */
  transfers: number;
  accounts: number;
  problems: string[];
  mode: 'full' | 'incremental';
  basedOn: string | null;
  /** What was checked invariant by invariant: new rows only when from a checkpoint. */
  checked: { transfers: Range; entries: Range; accounts: number };
  /** Rows up to the checkpoint proved unchanged by count and digest (incremental runs only). */
  verifiedPrefix: { transfers: number; entries: number; accounts: number } | null;
  /** What the next checkpoint records, if this run is clean. */
  next: { transfers: Prefix; entries: Prefix; accounts: Prefix };
}

/**
 * Order-free 64-bit hashes of tuples of bigint expressions: hashint8extended nested, one value into
 * the seed of the next. Sums (as multisets) and bit_xor (as sets of distinct rows) of these compare
 * whole tables in one parallel scan each, with no sort and no join.
 */
const hash = (seed: number, ...values: string[]) => values.reduce((acc, v) => `hashint8extended(${v}, ${acc})`, `${seed}::bigint`);
/** An entry as a row: every column the invariants read. */
const ENTRY_ROW = hash(11, 'e.id', 'e.transfer_id', 'e.account_id', 'e.version', 'e.amount_milli', 'e.balance_before');
/** A transfer as a row (a NULL category hashed as 'health': only grants have one, and the kind is hashed too). */
const TRANSFER_ROW = `hashtextextended(t.idempotency_key, hashenumextended(t.kind, hashenumextended(COALESCE(t.cap_category, 'health'), ${hash(
  12,
  't.id',
  't.from_account_id',
  't.to_account_id',
  't.amount_milli',
  'COALESCE(t.learning_record_id, 0)',
  'COALESCE(t.rule_set_id, 0)',
  'COALESCE(t.cap_year, 0)',
  'COALESCE(t.conversion_id, 0)',
  'COALESCE(t.reverses_transfer_id, 0)',
)})))`;
/** An account's state: its entry count and balance. */
const accountRow = (id: string, version: string, balance: string) => hash(13, id, version, balance);
/** A link of an account's chain: "version v of account a starts from balance x". */
const link = (account: string, version: string, balance: string) => hash(14, account, version, balance);
/** One side of a transfer: "transfer t moves amount on account a". */
const side = (transfer: string, account: string, amount: string) => hash(15, transfer, account, amount);

/** What the proofs lean on and PostgreSQL enforces: a missing or disabled one is a problem in itself. */
const CONSTRAINTS = [
  'ledger_entry_once',
  'ledger_entry_arithmetic',
  'ledger_entry_version_once',
  'ledger_entry_version_check',
  'ledger_transfer_idempotency_key',
  'ledger_account_not_negative',
];
/** On the partitioned tables each trigger is defined once and cloned onto every yearly partition; every clone must be on too. */
const TRIGGERS = [
  'ledger_entry_append_only',
  'ledger_transfer_append_only',
  'ledger_transfer_balanced',
  'ledger_checkpoint_append_only',
  // the global keys of the yearly partitioned tables (idempotency key, account versions), kept by these
  'ledger_transfer_key',
  'ledger_entry_key',
  'ledger_transfer_key_append_only',
  'ledger_entry_version_append_only',
];

const n = (v: string | number | null) => Number(v ?? 0);
const xor = (...values: string[]) => values.reduce((acc, v) => BigInt.asIntN(64, acc ^ BigInt(v)), 0n).toString();

/**
 * Proves the ledger's invariants from its rows: each transfer has two entries that balance, each
 * account's entries chain 1, 2, 3 … (each balance before is the balance after of the version
 * before, the first starts at zero) and end at the account's balance and version, nothing but an
 * issuer is below zero, no idempotency key appears twice.
 *
 * Set-based, no row in JavaScript: both "the entries are the transfers' two sides" and "the
 * entries' links are each other's ends" are equalities of multisets, compared as sums of 64-bit
 * hashes in one parallel scan of each table. Only when a sum differs do narrower queries name the
 * transfers, accounts and entries at fault.
 *
 * From a checkpoint the same proofs run over the rows added since (ids above the checkpoint's),
 * joined to the checkpointed state through each touched account's last checkpointed entry, and the
 * rows up to the checkpoint are proved unchanged by their count and digest (bit_xor of a hash of
 * every row), which costs one scan without hashing joins; untouched accounts must be exactly as
 * checkpointed. It trusts the checkpoint row itself (append-only) and the constraints listed above,
 * which it checks are present, validated and enabled.
 *
 * Reads in the caller's snapshot; the caller makes sure no writer was in flight when it was taken,
 * so that no row with an id below the highest one seen can still appear.
 */
@Injectable()
export class LedgerAudit {
  /**
   * Makes the caller's snapshot (taken by its next statement) follow every writer of the ledger:
   * waits for those in flight and holds new ones back until the caller's transaction ends. Then no
   * row with an id at or below the highest one the snapshot sees can commit later.
   */
  async quiesce(m: EntityManager): Promise<void> {
    await m.query(`LOCK TABLE ledger_account, ledger_transfer, ledger_entry IN SHARE MODE`);
  }

  async lastCheckpoint(m: EntityManager): Promise<LedgerCheckpoint | null> {
    const rows = (await m.query(
      `SELECT id, created_at AS "createdAt", transfer_upto AS "transferUpto", entry_upto AS "entryUpto", account_upto AS "accountUpto",
              record_upto AS "recordUpto", transfers, entries, accounts, records, transfer_digest AS "transferDigest",
              entry_digest AS "entryDigest", account_digest AS "accountDigest", record_digest AS "recordDigest"
       FROM ledger_checkpoint ORDER BY id DESC LIMIT 1`,
    )) as LedgerCheckpoint[];
    return rows[0] ?? null;
  }

  /** Appends what a clean run proved. */
  async writeCheckpoint(m: EntityManager, check: LedgerCheck, records: Prefix, checked: unknown): Promise<string> {
    const { transfers, entries, accounts } = check.next;
    const [{ id }] = (await m.query(
      `INSERT INTO ledger_checkpoint (mode, based_on, transfer_upto, entry_upto, account_upto, record_upto, transfers, entries, accounts, records,
                                      transfer_digest, entry_digest, account_digest, record_digest, checked)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        check.mode,
        check.basedOn,
        transfers.upto,
        entries.upto,
        accounts.upto,
        records.upto,
        transfers.count,
        entries.count,
        accounts.count,
        records.count,
        transfers.digest,
        entries.digest,
        accounts.digest,
        records.digest,
        JSON.stringify(checked),
      ],
    )) as { id: string }[];
    return id;
  }

  /** The whole ledger, or (given a checkpoint) what was added since plus proof that the rest is unchanged. */
  async check(m: EntityManager, since: LedgerCheckpoint | null = null): Promise<LedgerCheck> {
    const problems: string[] = [];
    problems.push(...(await this.safeguards(m)));
    const issuers = ((await m.query(`SELECT id FROM ledger_account WHERE kind = 'issuer'`)) as { id: string }[]).map((r) => BigInt(r.id).toString());
    // a constant array: PostgreSQL hashes it for = ANY, however many issuers there are
    const issuerArray = `'{${issuers.join(',')}}'::bigint[]`;
    const entryUpto = since?.entryUpto ?? '0';
    const transferUpto = since?.transferUpto ?? '0';
    const accountUpto = since?.accountUpto ?? '0';

    // entries added since (all of them for a full run): sides, links, digest, below zero
    const [e] = (await m.query(
      `SELECT count(*)::bigint AS count, min(e.id) AS "from", max(e.id) AS "to", COALESCE(bit_xor(${ENTRY_ROW}), 0) AS digest,
              COALESCE(sum(${side('e.transfer_id', 'e.account_id', 'e.amount_milli')}), 0)::text AS sides,
              COALESCE(sum(${link('e.account_id', 'e.version', 'e.balance_before')}), 0)::text AS starts,
              COALESCE(sum(${link('e.account_id', 'e.version + 1', 'e.balance_after')}), 0)::text AS ends,
              count(*) FILTER (WHERE e.balance_after < 0 AND NOT e.account_id = ANY(${issuerArray}))::int AS negative
       FROM ledger_entry e WHERE e.id > $1`,
      [entryUpto],
    )) as { count: string; from: string | null; to: string | null; digest: string; sides: string; starts: string; ends: string; negative: number }[];
    // transfers added since: their two sides each
    const [t] = (await m.query(
      `SELECT count(*)::bigint AS count, min(t.id) AS "from", max(t.id) AS "to", COALESCE(bit_xor(${TRANSFER_ROW}), 0) AS digest,
              COALESCE(sum(${side('t.id', 't.from_account_id', '-t.amount_milli')}) + sum(${side('t.id', 't.to_account_id', 't.amount_milli')}), 0)::text AS sides
       FROM ledger_transfer t WHERE t.id > $1`,
      [transferUpto],
    )) as { count: string; from: string | null; to: string | null; digest: string; sides: string }[];
    // the accounts whose chains moved since (every account for a full run, and every account made
    // since the checkpoint): each chain must start where the checkpointed prefix ended (version
    // first - 1, its balance after; nothing for a chain that starts at 1) and end at the account's
    // version and balance
    const chain = since
      ? `WITH moved AS (SELECT account_id, min(version) AS first FROM ledger_entry WHERE id > $1 GROUP BY account_id),
         -- each moved chain's last checkpointed entry, looked up by (account, version) in the unique index
         based AS (
           SELECT mv.account_id AS id, mv.first, p.balance_after AS base, p.id AS base_id
           FROM moved mv LEFT JOIN ledger_entry p ON p.account_id = mv.account_id AND p.version = mv.first - 1),
         scope AS (
           SELECT * FROM based
           UNION ALL
           SELECT a.id, NULL, NULL, NULL FROM ledger_account a WHERE a.id > $2 AND NOT EXISTS (SELECT 1 FROM moved WHERE moved.account_id = a.id))
         SELECT a.id, a.kind, a.version, a.balance_milli, COALESCE(s.first, 1) AS first, s.first IS NOT NULL AND a.id <= $2 AS touched,
                s.base, s.base_id
         FROM scope s JOIN ledger_account a ON a.id = s.id`
      : `SELECT a.id, a.kind, a.version, a.balance_milli, 1 AS first, false AS touched, NULL::bigint AS base, NULL::bigint AS base_id
         FROM ledger_account a WHERE $1::bigint = 0 AND $2::bigint = 0`;
    const [a] = (await m.query(
      `WITH chain AS (${chain})
       SELECT count(*)::int AS count,
              COALESCE(sum(${link('id', 'version + 1', 'balance_milli')}), 0)::text AS ends,
              COALESCE(sum(${link('id', 'first', 'COALESCE(base, 0)')}), 0)::text AS starts,
              count(*) FILTER (WHERE first > 1 AND (base_id IS NULL OR base_id > $1))::int AS unlinked,
              count(*) FILTER (WHERE kind <> 'issuer' AND balance_milli < 0)::int AS negative,
              COALESCE(bit_xor(${accountRow('id', 'first - 1', 'COALESCE(base, 0)')}) FILTER (WHERE touched), 0) AS was,
              COALESCE(bit_xor(${accountRow('id', 'version', 'balance_milli')}) FILTER (WHERE touched), 0) AS "is"
       FROM chain`,
      [entryUpto, accountUpto],
    )) as { count: number; ends: string; starts: string; unlinked: number; negative: number; was: string; is: string }[];
    // every account as it stands: the digest of those checkpointed, and of all for the next checkpoint
    const [all] = (await m.query(
      `SELECT count(*) FILTER (WHERE id <= $1)::bigint AS prefix, COALESCE(bit_xor(${accountRow('id', 'version', 'balance_milli')}) FILTER (WHERE id <= $1), 0) AS "prefixDigest",
              count(*)::bigint AS count, COALESCE(bit_xor(${accountRow('id', 'version', 'balance_milli')}), 0) AS digest, COALESCE(max(id), 0) AS upto
       FROM ledger_account`,
      [accountUpto],
    )) as { prefix: string; prefixDigest: string; count: string; digest: string; upto: string }[];

    if (e.sides !== t.sides) problems.push(...(await this.unbalanced(m, transferUpto, entryUpto)));
    if (BigInt(e.starts) + BigInt(a.ends) !== BigInt(e.ends) + BigInt(a.starts) || a.unlinked) {
      const found = await this.broken(m, since ? entryUpto : null, accountUpto);
      problems.push(...(found.length ? found : ['the entries do not chain into the accounts’ balances and versions (no single account found)']));
    }
    if (e.negative || a.negative) problems.push(...(await this.negative(m, entryUpto, issuerArray)));

    let verifiedPrefix: LedgerCheck['verifiedPrefix'] = null;
    if (since) {
      // the prefix: exactly the rows that were checked, unchanged
      const [pe] = (await m.query(`SELECT count(*)::bigint AS count, COALESCE(bit_xor(${ENTRY_ROW}), 0) AS digest FROM ledger_entry e WHERE e.id <= $1`, [entryUpto])) as {
        count: string;
        digest: string;
      }[];
      const [pt] = (await m.query(`SELECT count(*)::bigint AS count, COALESCE(bit_xor(${TRANSFER_ROW}), 0) AS digest FROM ledger_transfer t WHERE t.id <= $1`, [
        transferUpto,
      ])) as { count: string; digest: string }[];
      if (pe.count !== since.entries || pe.digest !== since.entryDigest) {
        problems.push(`entries up to id ${entryUpto} changed since checkpoint ${since.id}: ${pe.count} rows now, ${since.entries} then${pe.count === since.entries ? ', digest differs' : ''}`);
      }
      if (pt.count !== since.transfers || pt.digest !== since.transferDigest) {
        problems.push(`transfers up to id ${transferUpto} changed since checkpoint ${since.id}: ${pt.count} rows now, ${since.transfers} then${pt.count === since.transfers ? ', digest differs' : ''}`);
      }
      // untouched accounts as checkpointed; touched ones as checkpointed before their new entries
      if (all.prefix !== since.accounts || xor(all.prefixDigest, a.is, a.was) !== since.accountDigest) {
        problems.push(`accounts up to id ${accountUpto} changed since checkpoint ${since.id} other than by entries posted since`);
      }
      verifiedPrefix = { transfers: n(pt.count), entries: n(pe.count), accounts: n(all.prefix) };
    }
    const prefix = (upto: string, count: string, digest: string): Prefix => ({ upto, count, digest });
    return {
      // the totals in the snapshot, from the scans above: checked since plus proved before
      transfers: n(t.count) + (verifiedPrefix?.transfers ?? 0),
      accounts: n(all.count),
      problems,
      mode: since ? 'incremental' : 'full',
      basedOn: since?.id ?? null,
      checked: { transfers: { count: n(t.count), from: t.from, to: t.to }, entries: { count: n(e.count), from: e.from, to: e.to }, accounts: a.count },
      verifiedPrefix,
      next: {
        transfers: prefix(t.to ?? transferUpto, (BigInt(since?.transfers ?? 0) + BigInt(t.count)).toString(), xor(since?.transferDigest ?? '0', t.digest)),
        entries: prefix(e.to ?? entryUpto, (BigInt(since?.entries ?? 0) + BigInt(e.count)).toString(), xor(since?.entryDigest ?? '0', e.digest)),
        accounts: prefix(String(all.upto), all.count, all.digest),
      },
    };
  }

  /** The constraints and triggers the proofs lean on, each present, validated and enabled. */
  private async safeguards(m: EntityManager): Promise<string[]> {
    const found = (await m.query(
      `SELECT conname AS name FROM pg_constraint WHERE conname = ANY($1) AND convalidated
         AND conrelid IN ('ledger_entry'::regclass, 'ledger_transfer'::regclass, 'ledger_account'::regclass,
                          'ledger_transfer_key'::regclass, 'ledger_entry_version'::regclass)
       UNION ALL
       SELECT t.tgname FROM pg_trigger t WHERE t.tgname = ANY($2) AND t.tgenabled IN ('O', 'A') AND t.tgparentid = 0
         AND NOT EXISTS (SELECT 1 FROM pg_trigger c WHERE c.tgparentid = t.oid AND c.tgenabled NOT IN ('O', 'A'))
       UNION ALL
       SELECT c.conname FROM pg_constraint c JOIN pg_index i ON i.indexrelid = c.conindid WHERE c.conname = ANY($1) AND NOT i.indisvalid`,
      [CONSTRAINTS, TRIGGERS],
    )) as { name: string }[];
    const names = found.map((f) => f.name);
    return [...CONSTRAINTS, ...TRIGGERS].filter((c) => names.filter((x) => x === c).length !== 1).map((c) => `safeguard ${c} is missing, disabled or not valid`);
  }

  /** Names the transfers (since `transferUpto`) whose entries are not exactly their two sides. */
  private async unbalanced(m: EntityManager, transferUpto: string, entryUpto: string): Promise<string[]> {
    const rows = (await m.query(
      `SELECT id FROM (
         SELECT t.id FROM ledger_transfer t
         LEFT JOIN ledger_entry e ON e.transfer_id = t.id
         WHERE t.id > $1
         GROUP BY t.id, t.amount_milli, t.from_account_id, t.to_account_id
         HAVING count(e.id) <> 2 OR COALESCE(sum(e.amount_milli), 1) <> 0
             OR count(*) FILTER (WHERE e.account_id = t.from_account_id AND e.amount_milli = -t.amount_milli) <> 1
             OR count(*) FILTER (WHERE e.account_id = t.to_account_id AND e.amount_milli = t.amount_milli) <> 1
         UNION
         -- an entry added since to a transfer of before
         SELECT e.transfer_id FROM ledger_entry e WHERE e.id > $2 AND e.transfer_id <= $1) x
       ORDER BY id LIMIT 20`,
      [transferUpto, entryUpto],
    )) as { id: string }[];
    return rows.map((r) => `transfer ${r.id} does not balance`);
  }

  /**
   * Names accounts whose chain is broken: among those with entries since `entryUpto` (all when
   * null) and those made since `accountUpto`: a balance that is not the sum of the entries, a
   * version that is not their count, an entry that does not follow the one before.
   */
  private async broken(m: EntityManager, entryUpto: string | null, accountUpto: string): Promise<string[]> {
    const params = entryUpto === null ? [] : [entryUpto, accountUpto];
    const scope = entryUpto === null ? `TRUE` : `a.id > $2 OR a.id IN (SELECT account_id FROM ledger_entry WHERE id > $1)`;
    const drifted = (await m.query(
      `SELECT a.id, a.balance_milli, a.version, COALESCE(sum(e.amount_milli), 0) AS total, count(e.id) AS entries
       FROM ledger_account a LEFT JOIN ledger_entry e ON e.account_id = a.id
       WHERE ${scope}
       GROUP BY a.id HAVING a.balance_milli <> COALESCE(sum(e.amount_milli), 0) OR a.version <> count(e.id) ORDER BY a.id LIMIT 20`,
      params,
    )) as { id: string; balance_milli: string; version: string; total: string; entries: string }[];
    const problems = drifted.map((r) =>
      r.balance_milli !== r.total ? `account ${r.id} holds ${r.balance_milli} but its entries sum to ${r.total}` : `account ${r.id} is at version ${r.version} but has ${r.entries} entries`,
    );
    const unchained = (await m.query(
      `SELECT e.id, e.account_id FROM ledger_entry e
       LEFT JOIN ledger_entry p ON p.account_id = e.account_id AND p.version = e.version - 1
       WHERE ${entryUpto === null ? 'TRUE' : 'e.id > $1'}
         AND CASE WHEN e.version = 1 THEN e.balance_before <> 0 ELSE p.id IS NULL OR p.balance_after <> e.balance_before END
       ORDER BY e.id LIMIT 20`,
      params.slice(0, 1),
    )) as { id: string; account_id: string }[];
    problems.push(...unchained.map((r) => `entry ${r.id} of account ${r.account_id} does not follow the one before`));
    return problems;
  }

  private async negative(m: EntityManager, entryUpto: string, issuerArray: string): Promise<string[]> {
    const rows = (await m.query(
      `SELECT id FROM ledger_account WHERE kind <> 'issuer' AND balance_milli < 0
       UNION SELECT account_id FROM ledger_entry WHERE id > $1 AND balance_after < 0 AND NOT account_id = ANY(${issuerArray})
       ORDER BY id LIMIT 20`,
      [entryUpto],
    )) as { id: string }[];
    return rows.map((r) => `account ${r.id} went below zero`);
  }
}
