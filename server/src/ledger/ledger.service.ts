import { createHash } from 'node:crypto';
import { Category, CreditError } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { EntryRow, LedgerRepository, OpenGrant, PostedTransfer, TransferRow } from './ledger.repository';

/** A transfer to post: the ledger's own row, what other features hand to LedgerService.post. */
export type { TransferRow };

export const LedgerErrors = {
  insufficient: () => AppError.conflict('学分不够', CreditError.InsufficientCredits),
};

/**
 * Double-entry, append-only postings. Every movement is a transfer from one account to another
 * with a unique idempotency key and two entries that record each balance before and after.
 * Callers run it inside the transaction of what caused the movement.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly repo: LedgerRepository) {}

  /** Resident credit accounts by `residentId|category`, created on first use. */
  residentAccounts(m: EntityManager, wanted: { residentId: string; category: Category }[]): Promise<Map<string, string>> {
    return this.repo.residentAccounts(m, wanted);
  }

  /**
   * The district issuer account a grant is posted from. A district issues from ISSUER_SHARDS
   * accounts so that sessions closing together do not queue on one row; `spreadKey` (the same for
   * every grant of one batch, e.g. its first record id) picks the shard, so a batch locks one issuer
   * account and the same grant always names the same one. What a district issued is the sum of its shards.
   */
  issuerAccount(m: EntityManager, districtId: number, spreadKey: string): Promise<string> {
    return this.repo.issuerAccount(m, districtId, issuerShard(spreadKey));
  }

  partnerAccount(m: EntityManager, partnerId: number): Promise<string> {
    return this.repo.partnerAccount(m, partnerId);
  }

  balancesOf(m: EntityManager, residentId: string): Promise<{ id: string; category: Category; balanceMilli: number }[]> {
    return this.repo.balancesOf(m, residentId);
  }

  /** Grants of these records that were not reversed, by record id. */
  openGrants(m: EntityManager, recordIds: string[]): Promise<Map<string, OpenGrant>> {
    return this.repo.openGrants(m, recordIds);
  }

  /** A credit conversion's transfers that were not reversed yet, for undoing it. */
  openConversionTransfers(m: EntityManager, conversionId: string): Promise<{ id: string; fromAccountId: string; toAccountId: string; amountMilli: number }[]> {
    return this.repo.openConversionTransfers(m, conversionId);
  }

  /**
   * Posts transfers in order. Locks every account involved (in id order) first; refuses, with
   * nothing written, a transfer that would take a resident or partner account below zero.
   * A transfer posted before under the same idempotency key is not posted again: its id is
   * returned as it was (the same accounts' locks make a concurrent repeat wait and then see it);
   * a key that names a different movement is a caller's error and writes nothing.
   * Returns the transfer ids by idempotency key.
   */
  async post(m: EntityManager, transfers: TransferRow[]): Promise<Map<string, string>> {
    if (!transfers.length) return new Map();
    const ids = [...new Set(transfers.flatMap((t) => [t.fromAccountId, t.toAccountId]))];
    const accounts = await this.repo.lock(m, ids);
    const posted = await this.repo.postedByKey(m, transfers.map((t) => t.idempotencyKey));
    const earlier = new Map<string, string>();
    for (const t of transfers) {
      const before = posted.get(t.idempotencyKey);
      if (!before) continue;
      if (!samePosting(before, t)) throw new Error(`idempotency key ${t.idempotencyKey} already names another transfer (${before.id})`);
      earlier.set(t.idempotencyKey, before.id);
    }
    const fresh = transfers.filter((t) => !earlier.has(t.idempotencyKey));
    if (!fresh.length) return earlier;
    const state = new Map([...accounts].map(([id, a]) => [id, { balanceMilli: a.balanceMilli, version: a.version }]));
    const entries: EntryRow[] = [];
    for (const t of fresh) {
      if (!Number.isSafeInteger(t.amountMilli) || t.amountMilli <= 0 || t.fromAccountId === t.toAccountId) {
        throw new Error(`malformed transfer ${t.idempotencyKey}`);
      }
      const from = accounts.get(t.fromAccountId);
      if (!from || !accounts.has(t.toAccountId)) throw new Error(`transfer ${t.idempotencyKey} names an unknown account`);
      const source = state.get(t.fromAccountId)!;
      if (from.kind !== 'issuer' && source.balanceMilli - t.amountMilli < 0) throw LedgerErrors.insufficient();
      // each entry moves its account one version on: the chain of an account is 1, 2, 3 … in posting order
      for (const [accountId, amountMilli] of [[t.fromAccountId, -t.amountMilli], [t.toAccountId, t.amountMilli]] as const) {
        const held = state.get(accountId)!;
        const entry = { balanceBefore: held.balanceMilli, balanceAfter: held.balanceMilli + amountMilli, version: held.version + 1 };
        entries.push({ idempotencyKey: t.idempotencyKey, accountId, amountMilli, ...entry });
        state.set(accountId, { balanceMilli: entry.balanceAfter, version: entry.version });
      }
    }
    const made = await this.repo.insert(m, fresh, entries, state);
    return new Map([...earlier, ...made]);
  }
}

/** Issuer accounts per district. */
export const ISSUER_SHARDS = 16;

/** The issuer shard of a spread key: a stable hash, so neighbouring record ids land on different shards. */
export function issuerShard(spreadKey: string): number {
  return createHash('sha1').update(spreadKey).digest().readUInt16BE(0) % ISSUER_SHARDS;
}

/** Bigint ids arrive from PostgreSQL as text; callers may hold them as numbers. */
const idText = (id: string | number | null | undefined): string | null => (id === null || id === undefined ? null : String(id));

/** Whether a repeated posting asks for the very movement that was posted under its key. */
function samePosting(posted: PostedTransfer, t: TransferRow): boolean {
  return (
    posted.kind === t.kind &&
    posted.amountMilli === t.amountMilli &&
    posted.fromAccountId === idText(t.fromAccountId) &&
    posted.toAccountId === idText(t.toAccountId) &&
    posted.learningRecordId === idText(t.learningRecordId) &&
    posted.conversionId === idText(t.conversionId) &&
    posted.reversesTransferId === idText(t.reversesTransferId)
  );
}
