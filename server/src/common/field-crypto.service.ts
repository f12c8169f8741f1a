import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { sm4 } from 'sm-crypto-v2';
import { AppConfig } from '../config/app-config';

/** The two families of algorithms the portal can run on: international, or the national 国密 ones. */
export type CryptoSuite = 'international' | 'guomi';
/** The cipher named inside each stored value: `a` AES-256-GCM, `s` SM4-GCM (GB/T 32907 + RFC 8998's GCM). */
type Cipher = 'a' | 's';

interface FieldKey {
  /** What a stored value names: the first 8 hex digits of a hash of the key and its cipher. */
  id: string;
  cipher: Cipher;
  /** AES: the 32 configured bytes; SM4: 16 bytes derived from them with HKDF-SM3. */
  bytes: Buffer;
}

/** `v2.<cipher>.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). */
const CURRENT = 'v2';
/** Before key ids: `v1.<iv>.<tag>.<ciphertext>`, AES-256-GCM under a key the value does not name. */
const LEGACY = 'v1';
const TAG_BYTES = 16;

function fieldKey(raw: Buffer, cipher: Cipher): FieldKey {
  const bytes = cipher === 'a' ? raw : Buffer.from(hkdfSync('sm3', raw, Buffer.alloc(0), 'lp field encryption sm4', 16));
  const id = createHash(cipher === 'a' ? 'sha256' : 'sm3').update(`lp-field-key:${cipher}:`).update(bytes).digest('hex').slice(0, 8);
  return { id, cipher, bytes };
}

/**
 * Encryption at rest for phone and ID numbers, and the keyed hash that finds them without decrypting.
 *
 * Every value names its cipher and key, so keys rotate and the suite changes without downtime:
 * FIELD_ENCRYPTION_KEY encrypts everything new with the suite's cipher (CRYPTO_SUITE: AES-256-GCM,
 * or SM4-GCM under 国密); values under FIELD_ENCRYPTION_OLD_KEYS, or under the other cipher, stay
 * readable until the re-encryption job (field-reencrypt.job.ts) has moved them to the current key.
 * Look-up hashes are HMAC-SHA256, or HMAC-SM3 under 国密.
 */
@Injectable()
export class FieldCrypto {
  readonly suite: CryptoSuite;
  private readonly current: FieldKey;
  private readonly keys = new Map<string, FieldKey>();
  /** AES keys tried, in order, on values written before key ids. */
  private readonly legacyKeys: FieldKey[] = [];
  private readonly lookupKey: Buffer;

  constructor(config: AppConfig) {
    this.suite = config.CRYPTO_SUITE;
    const raws = [config.FIELD_ENCRYPTION_KEY, ...config.fieldEncryptionOldKeys()].map((k) => Buffer.from(k, 'base64'));
    for (const raw of raws) {
      for (const cipher of ['a', 's'] as const) this.keys.set(fieldKey(raw, cipher).id, fieldKey(raw, cipher));
      this.legacyKeys.push(fieldKey(raw, 'a'));
    }
    this.current = fieldKey(raws[0], this.suite === 'guomi' ? 's' : 'a');
    this.lookupKey = Buffer.from(config.LOOKUP_HASH_KEY, 'utf8');
  }

  /** The prefix every value encrypted under the current key and cipher starts with. */
  get currentPrefix(): string {
    return `${CURRENT}.${this.current.cipher}.${this.current.id}.`;
  }

  /** The name of the look-up hash in use, recorded in the database beside the hashes it made. */
  get lookupAlgorithm(): 'hmac-sha256' | 'hmac-sm3' {
    return this.suite === 'guomi' ? 'hmac-sm3' : 'hmac-sha256';
  }

  encrypt(plain: string): string {
    const key = this.current;
    const iv = randomBytes(12);
    const { body, tag } = key.cipher === 'a' ? aesSeal(key.bytes, iv, plain) : sm4Seal(key.bytes, iv, plain);
    return [`${CURRENT}.${key.cipher}.${key.id}`, ...[iv, tag, body].map((p) => p.toString('base64url'))].join('.');
  }

  decrypt(stored: string): string {
    const parts = stored.split('.');
    if (parts[0] === CURRENT && parts.length === 6) {
      const [, cipher, id, iv, tag, body] = parts;
      const key = this.keys.get(id);
      if (!key || key.cipher !== cipher) throw new Error(`encrypted value under key ${id} (${cipher}), which this server was not given`);
      const [ivB, tagB, bodyB] = [iv, tag, body].map((p) => Buffer.from(p, 'base64url'));
      return key.cipher === 'a' ? aesOpen(key.bytes, ivB, tagB, bodyB) : sm4Open(key.bytes, ivB, tagB, bodyB);
    }
    if (parts[0] === LEGACY && parts.length === 4) {
      const [iv, tag, body] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
      // GCM's tag tells a wrong key: the first key that opens the value is its key
      for (const key of this.legacyKeys) {
        try {
          return aesOpen(key.bytes, iv, tag, body);
        } catch {
          continue;
        }
      }
      throw new Error('encrypted value (v1) under a key this server was not given');
    }
    throw new Error('unrecognised encrypted value');
  }

  /** Whether a stored value should be re-encrypted under the current key and cipher. */
  isStale(stored: string): boolean {
    return !stored.startsWith(this.currentPrefix);
  }

  /** Same input, same hash, under this deployment's key: for unique indexes and lookups. */
  lookupHash(value: string): string {
    return this.hmac(this.suite === 'guomi' ? 'sm3' : 'sha256', value);
  }

  /**
   * The hash under the current algorithm, then under the other: for secrets whose hashes cannot be
   * recomputed after a switch of CRYPTO_SUITE because the secret is never stored (partner API keys,
   * consent tokens), so those issued before the switch keep working.
   */
  lookupHashes(value: string): string[] {
    const other = this.suite === 'guomi' ? 'sha256' : 'sm3';
    return [this.lookupHash(value), this.hmac(other, value)];
  }

  private hmac(algorithm: 'sha256' | 'sm3', value: string): string {
    return createHmac(algorithm, this.lookupKey).update(value).digest('hex');
  }
}

function aesSeal(key: Buffer, iv: Buffer, plain: string): { body: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { body, tag: cipher.getAuthTag() };
}

function aesOpen(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer): string {
  // a full 16-byte tag only: Node would otherwise accept a truncated one
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** SM4-GCM (GB/T 32907, RFC 8998) with a 16-byte tag; `aad` is authenticated, not encrypted. */
export function sm4SealBytes(key: Buffer, iv: Buffer, plain: Buffer, aad?: Buffer): { body: Buffer; tag: Buffer } {
  const sealed = sm4.encrypt(plain, key, { mode: 'gcm', iv, output: 'array', outputTag: true, padding: 'none', ...(aad ? { associatedData: aad } : {}) });
  return { body: Buffer.from(sealed.output), tag: Buffer.from(sealed.tag ?? []) };
}

export function sm4Seal(key: Buffer, iv: Buffer, plain: string, aad?: Buffer): { body: Buffer; tag: Buffer } {
  return sm4SealBytes(key, iv, Buffer.from(plain, 'utf8'), aad);
}

export function sm4OpenBytes(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad?: Buffer): Buffer {
  // sm-crypto-v2 checks a tag it is given, and decrypts without checking when given none
  if (tag.length !== TAG_BYTES) throw new Error('encrypted value without its full authentication tag');
  return Buffer.from(sm4.decrypt(body, key, { mode: 'gcm', iv, tag, output: 'array', padding: 'none', ...(aad ? { associatedData: aad } : {}) }));
}

export function sm4Open(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad?: Buffer): string {
  return sm4OpenBytes(key, iv, tag, body, aad).toString('utf8');
}
