import { type UploadType } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SealingBatch } from '../resident-keys/sealed-places';

/** The byte naming a sealed file's cipher (1 AES-GCM, 2 SM4-GCM): an empty file has none. */
const FIRST_BYTE = `get_byte(substring(data FROM 1 FOR 1) || '\\x00'::bytea, 0)`;

/** The upload table: evidence files with their owner. */
@Injectable()
export class UploadsRepository {
  constructor(private readonly db: DataSource) {}

  /** `stored` is the file, or the file sealed under the owner's data key (`sealed`); `size` is the file's. */
  async insert(ownerId: string, type: UploadType, sha256: string, size: number, stored: Buffer, sealed: boolean): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO upload (owner_id, content_type, size_bytes, sha256, data, sealed) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [ownerId, type, size, sha256, stored, sealed],
    )) as { id: string }[];
    return row.id;
  }

  /**
   * Seals files stored in clear before sealing existed and, with `resealing`, seals again those whose
   * first byte names another cipher than `current` (up to `limit` files after `after` in id order; rows
   * other nodes hold are skipped). `reseal` gives null for an owner whose account was closed; a file
   * changed meanwhile is left for the next run.
   */
  async sealFiles(
    resealing: boolean,
    current: number,
    after: string | null,
    limit: number,
    reseal: (ownerId: string, data: Buffer, sealed: boolean) => Promise<Buffer | null>,
  ): Promise<SealingBatch> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, owner_id AS "ownerId", data, sealed FROM upload
          WHERE erased_at IS NULL AND (NOT sealed OR ($1 AND ${FIRST_BYTE} <> $2)) AND ($3::uuid IS NULL OR id > $3::uuid)
          ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [resealing, current, after, limit],
      )) as { id: string; ownerId: string; data: Buffer; sealed: boolean }[];
      let moved = 0;
      for (const r of rows) {
        const stored = await reseal(r.ownerId, r.data, r.sealed);
        if (!stored || stored === r.data) continue;
        await m.query(`UPDATE upload SET data = $2, sealed = true WHERE id = $1 AND erased_at IS NULL`, [r.id, stored]);
        moved += 1;
      }
      return { seen: rows.length, moved, last: rows.length ? rows[rows.length - 1].id : null };
    });
  }

  /** Files kept in clear or sealed by another cipher than `current` (emptied ones of closed accounts aside). */
  async filesNotSealedAs(current: number): Promise<number> {
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM upload WHERE erased_at IS NULL AND (NOT sealed OR ${FIRST_BYTE} <> $1)`, [current])) as { n: number }[];
    return n;
  }

  async ownedBy(userId: string, uploadId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM upload WHERE id = $1 AND owner_id = $2`, [uploadId, userId])) as unknown[];
    return rows.length > 0;
  }

  async find(uploadId: string): Promise<{ ownerId: string; contentType: UploadType; data: Buffer; sealed: boolean } | null> {
    const rows = (await this.db.query(`SELECT owner_id AS "ownerId", content_type AS "contentType", data, sealed FROM upload WHERE id = $1 AND erased_at IS NULL`, [uploadId])) as {
      ownerId: string;
      contentType: UploadType;
      data: Buffer;
      sealed: boolean;
    }[];
    return rows[0] ?? null;
  }

  /** Empties every file of an owner (a closed account): the rows stay, for the requests that name them. */
  async eraseOwnedBy(m: EntityManager, ownerId: string): Promise<number> {
    const [, affected] = (await m.query(
      `UPDATE upload SET data = ''::bytea, sha256 = repeat('0', 64), erased_at = now(), sealed = false WHERE owner_id = $1 AND erased_at IS NULL`,
      [ownerId],
    )) as [unknown, number];
    return affected;
  }
}
