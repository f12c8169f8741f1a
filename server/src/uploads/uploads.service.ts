import { ErrorCode, Role, UPLOAD_MAX_BYTES, UPLOAD_TYPES, type UploadType, type UploadedFile } from '@lp/shared';
import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { UploadReviewers } from './upload-reviewers';
import { UploadsRepository } from './uploads.repository';
import { personalDataShown } from '../common/personal-data';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { residentCryptoOf } from '../resident-keys/sealed-places';

/** What the first bytes of each accepted type must be: the declared type alone proves nothing. */
const SIGNATURES: Record<UploadType, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
};

/**
 * Evidence files (certificate photos and PDFs), kept in PostgreSQL so every instance serves
 * them and a backup holds them, each sealed under its owner's data key (ResidentCrypto): closing
 * the account leaves the file unreadable in every backup too. Never listed; read by their owner and
 * by admins reviewing them. Files kept before sealing are sealed by the periodic job `upload-seal` (UploadSealing).
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly reviewers: UploadReviewers,
    private readonly areas: AreasService,
    /** global in the portal (ResidentKeysModule); commands that only carry this module along have none */
    @Optional() private readonly keys?: ResidentCrypto,
  ) {}

  private get residentCrypto(): ResidentCrypto {
    return residentCryptoOf(this.keys);
  }

  /** Closing an account: the resident's evidence files are emptied for good, in the caller's transaction. */
  eraseOwnedBy(m: EntityManager, ownerId: string): Promise<number> {
    return this.uploads.eraseOwnedBy(m, ownerId);
  }

  async store(actor: Actor, contentType: string | undefined, body: unknown): Promise<UploadedFile> {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase() as UploadType;
    if (!UPLOAD_TYPES.includes(type) || !Buffer.isBuffer(body)) {
      throw new AppError(415, ErrorCode.UnsupportedMediaType, '只能上传 JPG、PNG 照片或 PDF 文件');
    }
    if (body.length === 0) throw AppError.badRequest('文件是空的，请重新选择');
    if (body.length > UPLOAD_MAX_BYTES) throw new AppError(413, ErrorCode.PayloadTooLarge, '文件太大了，请不要超过 5 MB');
    const signature = SIGNATURES[type];
    if (body.length < signature.length || signature.some((b, i) => body[i] !== b)) {
      throw new AppError(415, ErrorCode.UnsupportedMediaType, '文件内容和类型不符，请上传真实的照片或 PDF');
    }
    const sha = createHash('sha256').update(body).digest('hex');
    const id = await this.uploads.insert(actor.userId, type, sha, body.length, await this.residentCrypto.sealBytes(actor.userId, body), true);
    return { id, contentType: type, sizeBytes: body.length };
  }

  /** Whether an upload exists and belongs to this user (for attaching it to a submission). */
  ownedBy(userId: string, uploadId: string): Promise<boolean> {
    return this.uploads.ownedBy(userId, uploadId);
  }

  async read(actor: Actor, uploadId: string): Promise<{ contentType: UploadType; data: Buffer }> {
    const row = await this.uploads.find(uploadId);
    if (!row) throw AppError.notFound('没有找到这个文件');
    if (row.ownerId !== actor.userId) {
      if (actor.role !== Role.Admin && actor.role !== Role.SuperAdmin) throw AppError.notFound('没有找到这个文件');
      const areas = await this.reviewers.areasOf(uploadId);
      if (!areas.length) throw AppError.notFound('没有找到这个文件');
      await this.areas.assertAdminOf(actor, areas[0]);
      personalDataShown(row.ownerId);
    }
    const data = row.sealed ? await this.residentCrypto.openBytes(row.ownerId, row.data) : row.data;
    if (!data) throw AppError.notFound('没有找到这个文件');
    return { contentType: row.contentType, data };
  }
}
