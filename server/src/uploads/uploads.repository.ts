import { type UploadType } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
    const rows = (await this.db.query(`SELECT owner_id AS "ownerId", content_type AS "contentType", data FROM upload WHERE id = $1`, [uploadId])) as {
      ownerId: string;
      contentType: UploadType;
      data: Buffer;
    }[];
    return rows[0] ?? null;
  }
}
