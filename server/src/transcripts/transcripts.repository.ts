import { Category, LearningSource } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { canonicalJson } from './canonical-json';
import { holderNameOf, withNameReplaced } from './holder-name';
import type { SealingBatch } from '../resident-keys/sealed-places';

/** The holder's name in a kept copy's payload ('' when there is none). */
const HOLDER_NAME = `coalesce(payload::jsonb #>> '{credentialSubject,transcript,residentName}', '')`;

/** Who the transcript is about, as the district's records say now. */
export interface HolderFacts {
  residentName: string;
  communityId: number;
  community: string;
  street: string;
  district: string;
}

/** A learning record with the credits its grant left standing (grant minus its reversal). */
export interface CreditedRecord {
  id: string;
  source: LearningSource;
  category: Category;
  minutes: number;
  occurredAt: Date;
  /** Asia/Shanghai calendar day of occurredAt. */
  day: string;
  title: string | null;
  offeringId: number | null;
  voidsId: string | null;
  creditsMilli: number;
}

export interface TranscriptRow {
  id: string;
  residentId: string;
  issuedAt: Date;
  payload: string;
  signature: string;
  keyId: string;
  /** 国密: the SM2 proof value and its key, for transcripts issued with CRYPTO_SUITE=guomi. */
  sm2Signature: string | null;
  sm2KeyId: string | null;
  /** Credential format (credential.ts): 1 rebuilds its proofs from the signatures, 2 keeps them whole in `proofs`. */
  format: number;
  /** Format 2: the proof or proof set as issued, canonical JSON. */
  proofs: string | null;
  /** Format 2: the transcript's entry in the Bitstring Status Lists. */
  statusList: number | null;
  statusListIndex: number | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** A transcript without its document: what lists and the public status need. */
export interface TranscriptHead {
  id: string;
  residentId: string;
  issuedAt: Date;
  keyId: string;
  revokedAt: Date | null;
  revokeReason: string | null;
  residentName: string;
  community: string;
  district: string;
  recordCount: number;
  minutes: number;
  creditsMilli: number;
}

const HEAD_COLUMNS = `t.id, t.resident_id AS "residentId", t.issued_at AS "issuedAt", t.key_id AS "keyId",
  t.revoked_at AS "revokedAt", t.revoke_reason AS "revokeReason",
  d.doc #>> '{credentialSubject,transcript,residentName}' AS "residentName",
  d.doc #>> '{credentialSubject,transcript,community}' AS community,
  d.doc #>> '{credentialSubject,transcript,district}' AS district,
  (d.doc #>> '{credentialSubject,transcript,totals,overall,recordCount}')::int AS "recordCount",
  (d.doc #>> '{credentialSubject,transcript,totals,overall,minutes}')::int AS minutes,
  (d.doc #>> '{credentialSubject,transcript,totals,overall,creditsMilli}')::bigint::float8 AS "creditsMilli"`;

const ROW_COLUMNS = `id, resident_id AS "residentId", issued_at AS "issuedAt", payload, signature, key_id AS "keyId",
  sm2_signature AS "sm2Signature", sm2_key_id AS "sm2KeyId", format, proofs, status_list AS "statusList",
  status_list_index AS "statusListIndex", revoked_at AS "revokedAt", revoke_reason AS "revokeReason"`;

/** Credits per record: its grant, less the reversal of that grant (the view transcript_record, migration ReadModels). */
const CREDITED_RECORDS = `
  SELECT r.id, r.source, r.category, r.minutes, r.occurred_at AS "occurredAt", r.day, r.title, r.offering_id AS "offeringId",
         r.voids_id AS "voidsId", r.credits_milli AS "creditsMilli"
  FROM transcript_record r`;

@Injectable()
export class TranscriptsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly residentCrypto: ResidentCrypto,
  ) {}

  /**
   * The kept copy holds the holder's name sealed under their data key (the same sealed string
   * wherever the name stands), so that destroying the key (a closed account) leaves no name in this
   * database or its dumps; it is opened as it is read, giving back the exact canonical document.
   */
  private async sealed(residentId: string, payload: string): Promise<string> {
    const doc = JSON.parse(payload) as unknown;
    const name = holderNameOf(doc);
    if (!name || ResidentCrypto.isSealed(name)) return payload;
    return canonicalJson(withNameReplaced(doc, name, await this.residentCrypto.seal(residentId, name)));
  }

  /**
   * Seals the holder's name in kept copies written before names were sealed and, with `resealing`,
   * seals again those sealed under the other CRYPTO_SUITE (up to `limit` copies after `after` in id
   * order; rows other nodes hold are skipped). A closed account's copies were emptied of the name
   * already; one closed meanwhile is left as it is, and so is a copy changed meanwhile.
   */
  async sealNames(resealing: boolean, after: string | null, limit: number): Promise<SealingBatch> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, resident_id AS "residentId", payload FROM transcript
          WHERE left(${HOLDER_NAME}, 3) <> '' AND left(${HOLDER_NAME}, 3) <> ALL ($1::text[]) AND ($2::uuid IS NULL OR id > $2::uuid)
          ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [resealing ? [this.residentCrypto.currentPrefix] : ['r1.', 'r2.'], after, limit],
      )) as { id: string; residentId: string; payload: string }[];
      const moved: { id: string; old: string; payload: string }[] = [];
      for (const r of rows) {
        const doc = JSON.parse(r.payload) as unknown;
        const name = holderNameOf(doc);
        const sealed = await this.residentCrypto.reseal(r.residentId, name).catch(() => null);
        if (sealed !== null && sealed !== name) moved.push({ id: r.id, old: r.payload, payload: canonicalJson(withNameReplaced(doc, name, sealed)) });
      }
      if (moved.length) {
        await m.query(
          `UPDATE transcript t SET payload = n.payload FROM unnest($1::uuid[], $2::text[], $3::text[]) AS n(id, old, payload) WHERE t.id = n.id AND t.payload = n.old`,
          [moved.map((x) => x.id), moved.map((x) => x.old), moved.map((x) => x.payload)],
        );
      }
      return { seen: rows.length, moved: moved.length, last: rows.length ? rows[rows.length - 1].id : null };
    });
  }

  /** Kept copies whose holder's name is in clear or sealed under another suite than the current one. */
  async namesNotSealedAs(prefix: string): Promise<number> {
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM transcript WHERE left(${HOLDER_NAME}, 3) NOT IN ('', $1)`, [prefix])) as { n: number }[];
    return n;
  }

  private async opened(rows: TranscriptRow[]): Promise<TranscriptRow[]> {
    const docs = rows.map((r) => JSON.parse(r.payload) as unknown);
    const names = await this.residentCrypto.openAll(rows.map((r, i) => ({ residentId: r.residentId, stored: holderNameOf(docs[i]) })));
    return rows.map((r, i) => {
      const stored = holderNameOf(docs[i]);
      return ResidentCrypto.isSealed(stored) ? { ...r, payload: canonicalJson(withNameReplaced(docs[i], stored, names[i] ?? '')) } : r;
    });
  }

  private async openedHeads(rows: TranscriptHead[]): Promise<TranscriptHead[]> {
    return (await this.residentCrypto.openRows(rows, (r) => r.residentId, 'residentName')).map((r) => ({ ...r, residentName: r.residentName ?? '' }));
  }

  async holder(residentId: string): Promise<HolderFacts | null> {
    const rows = (await this.db.query(
      `SELECT resident_name AS "residentName", community_id AS "communityId", community, street, district
       FROM transcript_holder WHERE resident_id = $1`,
      [residentId],
    )) as HolderFacts[];
    return rows[0] ?? null;
  }

  /**
   * What a transcript lists: every record that stands, oldest first. A voided record and the
   * record that voids it are both left out.
   */
  async standingRecords(residentId: string): Promise<CreditedRecord[]> {
    return (await this.db.query(
      `${CREDITED_RECORDS}
       WHERE r.resident_id = $1 AND r.voids_id IS NULL AND NOT r.voided
       ORDER BY r.occurred_at, r.id`,
      [residentId],
    )) as CreditedRecord[];
  }

  /** Every record, voiding ones included, in the order they were written: the xAPI export. */
  async recordsAfter(residentId: string, afterId: string, limit: number): Promise<CreditedRecord[]> {
    return (await this.db.query(
      `${CREDITED_RECORDS}
       WHERE r.resident_id = $1 AND r.id > $2
       ORDER BY r.id
       LIMIT $3`,
      [residentId, afterId, limit],
    )) as CreditedRecord[];
  }

  async insert(row: Omit<TranscriptRow, 'revokedAt' | 'revokeReason'>): Promise<void> {
    await this.db.query(
      `INSERT INTO transcript (id, resident_id, issued_at, payload, signature, key_id, sm2_signature, sm2_key_id, format, proofs, status_list, status_list_index)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.id,
        row.residentId,
        row.issuedAt,
        await this.sealed(row.residentId, row.payload),
        row.signature,
        row.keyId,
        row.sm2Signature,
        row.sm2KeyId,
        row.format,
        row.proofs,
        row.statusList,
        row.statusListIndex,
      ],
    );
  }

  /**
   * A revocation entry no transcript has had: the sequence's next number, `listLength` entries a
   * list. Taken before signing (the credential names it); an issue that fails leaves it unused.
   */
  async nextStatusEntry(listLength: number): Promise<{ list: number; index: number }> {
    const [{ n }] = (await this.db.query(`SELECT nextval('transcript_status_seq')::text AS n`)) as { n: string }[];
    const number = Number(n);
    return { list: Math.floor(number / listLength) + 1, index: number % listLength };
  }

  /** Whether any transcript has an entry in `list`. */
  async statusListUsed(list: number): Promise<boolean> {
    const [{ used }] = (await this.db.query(`SELECT EXISTS (SELECT 1 FROM transcript WHERE status_list = $1) AS used`, [list])) as { used: boolean }[];
    return used;
  }

  /** The entries of `list` whose transcript is revoked, in order: the bits the list sets. */
  async revokedEntries(list: number): Promise<number[]> {
    const rows = (await this.db.query(
      `SELECT status_list_index AS "index" FROM transcript WHERE status_list = $1 AND revoked_at IS NOT NULL ORDER BY status_list_index`,
      [list],
    )) as { index: number }[];
    return rows.map((r) => r.index);
  }

  async find(id: string): Promise<TranscriptRow | null> {
    const rows = await this.opened((await this.db.query(`SELECT ${ROW_COLUMNS} FROM transcript WHERE id = $1`, [id])) as TranscriptRow[]);
    return rows[0] ?? null;
  }

  /** The newest transcript of a resident that was not revoked. */
  async latestStanding(residentId: string): Promise<TranscriptRow | null> {
    const rows = await this.opened(
      (await this.db.query(
        `SELECT ${ROW_COLUMNS} FROM transcript WHERE resident_id = $1 AND revoked_at IS NULL ORDER BY issued_at DESC, id DESC LIMIT 1`,
        [residentId],
      )) as TranscriptRow[],
    );
    return rows[0] ?? null;
  }

  async head(id: string): Promise<TranscriptHead | null> {
    const rows = await this.openedHeads(
      (await this.db.query(`SELECT ${HEAD_COLUMNS} FROM transcript t CROSS JOIN LATERAL (SELECT t.payload::jsonb AS doc) d WHERE t.id = $1`, [id])) as TranscriptHead[],
    );
    return rows[0] ?? null;
  }

  /** A resident's transcripts, newest first, after the keyset (issuedAt, id) of the last one seen. */
  async heads(residentId: string, after: { issuedAt: string; id: string } | null, limit: number): Promise<TranscriptHead[]> {
    return this.openedHeads((await this.db.query(
      `SELECT ${HEAD_COLUMNS} FROM transcript t CROSS JOIN LATERAL (SELECT t.payload::jsonb AS doc) d
       WHERE t.resident_id = $1 AND ($2::timestamptz IS NULL OR (t.issued_at, t.id) < ($2::timestamptz, $3::uuid))
       ORDER BY t.issued_at DESC, t.id DESC
       LIMIT $4`,
      [residentId, after?.issuedAt ?? null, after?.id ?? null, limit],
    )) as TranscriptHead[]);
  }

  /** Every transcript of a resident, locked until the caller's transaction ends. */
  async ofResident(m: EntityManager, residentId: string): Promise<TranscriptRow[]> {
    return this.opened((await m.query(`SELECT ${ROW_COLUMNS} FROM transcript WHERE resident_id = $1 ORDER BY issued_at FOR UPDATE`, [residentId])) as TranscriptRow[]);
  }

  /** The kept copy without the holder's name (a closed account). */
  async replacePayload(m: EntityManager, id: string, payload: string): Promise<void> {
    await m.query(`UPDATE transcript SET payload = $2 WHERE id = $1`, [id, payload]);
  }

  /** Revokes once: a second revocation changes nothing and returns false. */
  async revoke(m: EntityManager, id: string, reason: string, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected]
    const [, affected] = (await m.query(`UPDATE transcript SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL`, [
      id,
      at,
      reason,
    ])) as [unknown[], number];
    return affected > 0;
  }
}
