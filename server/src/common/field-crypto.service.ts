import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';

const VERSION = 'v1';

/**
 * Encryption at rest for phone and ID numbers: AES-256-GCM with a random IV per value,
 * stored as `v1.<iv>.<tag>.<ciphertext>` (base64url), plus a keyed HMAC for exact lookup.
 */
@Injectable()
export class FieldCrypto {
  private readonly key: Buffer;
  private readonly lookupKey: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(config.FIELD_ENCRYPTION_KEY, 'base64');
    this.lookupKey = Buffer.from(config.LOOKUP_HASH_KEY, 'utf8');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('unrecognised encrypted value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Same input, same hash, under this deployment's key: for unique indexes and lookups. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.lookupKey).update(value).digest('hex');
  }
}
