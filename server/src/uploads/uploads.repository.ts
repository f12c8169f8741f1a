import { type UploadType } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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
   * Seals files stored in clear before sealing existed, up to `limit` of them (rows other nodes hold
   * are skipped); returns how many. `seal` gives null for an owner whose account was closed.
   */
  async sealOld(limit: number, seal: (ownerId: string, data: Buffer) => Promise<Buffer | null>): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, owner_id AS "ownerId", data FROM upload WHERE NOT sealed AND erased_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as { id: string; ownerId: string; data: Buffer }[];
      let sealed = 0;
      for (const r of rows) {
        const stored = await seal(r.ownerId, r.data);
        if (!stored) continue;
        await m.query(`UPDATE upload SET data = $2, sealed = true WHERE id = $1`, [r.id, stored]);
        sealed += 1;
      }
      return sealed;
    });
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
