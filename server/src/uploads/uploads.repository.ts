import { type UploadType } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The upload table: evidence files with their owner. */
@Injectable()
export class UploadsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(ownerId: string, type: UploadType, sha256: string, data: Buffer): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO upload (owner_id, content_type, size_bytes, sha256, data) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [ownerId, type, data.length, sha256, data],
    )) as { id: string }[];
    return row.id;
  }

  async ownedBy(userId: string, uploadId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM upload WHERE id = $1 AND owner_id = $2`, [uploadId, userId])) as unknown[];
    return rows.length > 0;
  }

  async find(uploadId: string): Promise<{ ownerId: string; contentType: UploadType; data: Buffer } | null> {
    const rows = (await this.db.query(`SELECT owner_id AS "ownerId", content_type AS "contentType", data FROM upload WHERE id = $1 AND erased_at IS NULL`, [uploadId])) as {
      ownerId: string;
      contentType: UploadType;
      data: Buffer;
    }[];
    return rows[0] ?? null;
  }

  /** Empties every file of an owner (a closed account): the rows stay, for the requests that name them. */
  async eraseOwnedBy(m: EntityManager, ownerId: string): Promise<number> {
    const [, affected] = (await m.query(
      `UPDATE upload SET data = ''::bytea, sha256 = repeat('0', 64), erased_at = now() WHERE owner_id = $1 AND erased_at IS NULL`,
      [ownerId],
    )) as [unknown, number];
    return affected;
  }
}
