import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { FieldCrypto, sm4Open, sm4OpenBytes, sm4Seal, sm4SealBytes } from '../common/field-crypto.service';
import { RedisChannel } from '../redis/redis-channel';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { ResidentKeyStore } from './resident-key-store';

/**
 * `r1.<iv>.<tag>.<ciphertext>`: AES-256-GCM under the resident's data key; `r2.…` (CRYPTO_SUITE=guomi):
 * SM4-GCM under a 16-byte key drawn from it by HKDF-SM3. The resident's id is the associated data of both.
 */
type Sealing = 'r1' | 'r2';
const SEALINGS: readonly Sealing[] = ['r1', 'r2'];
const TAG_BYTES = 16;
/** Unwrapped keys kept in the process at most (32 bytes each), least recently used out first. */
const MAX_KEPT = 20_000;
/** A kept key is asked for again after this long: a lost "closed" message costs at most this. */
const KEEP_MS = 5 * 60_000;
const CHANNEL = 'resident-keys';

/** Sealing for a resident whose account was closed: no key can be made for them any more. */
export class ClosedAccount extends Error {
  constructor() {
    super('this account was closed: nothing is kept for it any more');
  }
}

/** What is shown where a closed account's name stood: its key is gone, and with it the name. */
export const CLOSED_NAME = '已注销';

/**
 * Envelope encryption of one resident's personal data: a random data key per resident (in the key
 * store, wrapped by the field key), kept unwrapped in a bounded cache. Lists ask for all their
 * residents' keys in one query. Closing an account destroys the key and every process drops it
 * (a Redis message; without Redis this process only, the others within KEEP_MS).
 *
 * A value not sealed (`r1.`) is returned as it is: data from before the migration, until the
 * re-encryption job has sealed it.
 */
@Injectable()
export class ResidentCrypto implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ResidentCrypto.name);
  private readonly kept = new Map<string, { key: Buffer; until: number }>();
  /** The key store question being gathered in this turn of the event loop, if any. */
  private asking: { ids: Set<string>; answer: Promise<Map<string, string>> } | null = null;
  private readonly channel: RedisChannel;
  /** How new values are sealed: the suite's cipher. Values sealed the other way stay readable, and are resealed by the re-encryption job. */
  readonly sealing: Sealing;

  constructor(
    private readonly store: ResidentKeyStore,
    private readonly fieldCrypto: FieldCrypto,
    @Optional() @Inject(REDIS) redis: OptionalRedis | undefined,
  ) {
    this.channel = new RedisChannel(redis ?? null, CHANNEL, (id) => this.kept.delete(id));
    this.sealing = fieldCrypto.suite === 'guomi' ? 'r2' : 'r1';
  }

  /** What every value sealed the current way starts with. */
  get currentPrefix(): string {
    return `${this.sealing}.`;
  }

  onModuleInit(): Promise<void> {
    return this.channel.open(this.logger, 'other instances drop a closed account\'s key only when it expires from their cache');
  }

  onApplicationShutdown(): void {
    this.channel.close();
  }

  static isSealed(stored: string | null | undefined): boolean {
    return typeof stored === 'string' && SEALINGS.some((s) => stored.startsWith(`${s}.`));
  }

  /** Seals a value under the resident's key, made now if they have none; throws for a closed resident. */
  async seal(residentId: string, plain: string): Promise<string> {
    const key = (await this.keysOf([residentId])).get(residentId) ?? (await this.createKey(residentId));
    return sealWith(this.sealing, key, residentId, plain);
  }

  /**
   * A file sealed under the resident's key: one byte naming the cipher (1 AES-GCM, 2 SM4-GCM), the
   * IV, the tag, the ciphertext; the resident's id authenticated as for strings.
   */
  async sealBytes(residentId: string, plain: Buffer): Promise<Buffer> {
    const key = (await this.keysOf([residentId])).get(residentId) ?? (await this.createKey(residentId));
    const iv = randomBytes(12);
    const aad = Buffer.from(residentId.toLowerCase(), 'utf8');
    if (this.sealing === 'r2') {
      const { body, tag } = sm4SealBytes(sm4KeyOf(key), iv, plain, aad);
      return Buffer.concat([Buffer.from([2]), iv, tag, body]);
    }
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
  }

  /** The file in clear; null when its key no longer exists (a closed account). */
  async openBytes(residentId: string, sealed: Buffer): Promise<Buffer | null> {
    const key = (await this.keysOf([residentId])).get(residentId);
    if (!key) return null;
    const [way, iv, tag, body] = [sealed[0], sealed.subarray(1, 13), sealed.subarray(13, 13 + TAG_BYTES), sealed.subarray(13 + TAG_BYTES)];
    const aad = Buffer.from(residentId.toLowerCase(), 'utf8');
    if (way === 2) return sm4OpenBytes(sm4KeyOf(key), iv, tag, body, aad);
    if (way !== 1) throw new Error('not a sealed file');
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  }

  /** The value in clear; null when it is sealed under a key that no longer exists (a closed account). */
  async open(residentId: string, stored: string): Promise<string | null>;
  async open(residentId: string, stored: string | null): Promise<string | null>;
  async open(residentId: string, stored: string | null): Promise<string | null> {
    if (stored === null || !ResidentCrypto.isSealed(stored)) return stored;
    const key = (await this.keysOf([residentId])).get(residentId);
    return key ? openWith(key, residentId, stored) : null;
  }

  /** Opens many residents' values with one query for the keys not in the cache. */
  async openAll(values: readonly { residentId: string; stored: string | null }[]): Promise<(string | null)[]> {
    const keys = await this.keysOf(values.filter((v) => ResidentCrypto.isSealed(v.stored)).map((v) => v.residentId));
    return values.map((v) => {
      if (v.stored === null || !ResidentCrypto.isSealed(v.stored)) return v.stored;
      const key = keys.get(v.residentId);
      return key ? openWith(key, v.residentId, v.stored) : null;
    });
  }

  /** Opens a field of each row in place of the sealed value (null for a closed account's). */
  async openRows<T, K extends keyof T>(rows: T[], id: (row: T) => string, field: K): Promise<T[]> {
    const opened = await this.openAll(rows.map((r) => ({ residentId: id(r), stored: r[field] as unknown as string | null })));
    return rows.map((r, i) => ({ ...r, [field]: opened[i] }));
  }

  /** The first byte of every file sealed the current way (1 AES-GCM, 2 SM4-GCM). */
  get currentFileByte(): number {
    return this.sealing === 'r2' ? 2 : 1;
  }

  /**
   * The value sealed the current way: opened under whichever suite sealed it (or taken as it is when
   * in clear) and sealed again; returned as it is when already sealed the current way. Null when its
   * key no longer exists (a closed account's value stays unreadable, and is no error).
   */
  async reseal(residentId: string, stored: string): Promise<string | null> {
    if (stored.startsWith(this.currentPrefix)) return stored;
    if (!ResidentCrypto.isSealed(stored)) return this.sealOrNull(residentId, () => this.seal(residentId, stored));
    const plain = await this.open(residentId, stored);
    return plain === null ? null : this.seal(residentId, plain);
  }

  /** A file sealed the current way, as `reseal` does for strings; `sealed` false for a file kept in clear. */
  async resealBytes(residentId: string, stored: Buffer, sealed: boolean): Promise<Buffer | null> {
    if (!sealed) return this.sealOrNull(residentId, () => this.sealBytes(residentId, stored));
    if (stored[0] === this.currentFileByte) return stored;
    const plain = await this.openBytes(residentId, stored);
    return plain === null ? null : this.sealBytes(residentId, plain);
  }

  /** Sealing a value kept in clear: null for a closed resident, who can have no key any more. */
  private async sealOrNull<T>(residentId: string, seal: () => Promise<T>): Promise<T | null> {
    try {
      return await seal();
    } catch (err) {
      if (err instanceof ClosedAccount) return null;
      throw err;
    }
  }

  /** Destroys the resident's key in the store and in every process: what it sealed is unreadable for good. */
  async destroy(residentId: string): Promise<void> {
    await this.store.destroy(residentId);
    this.kept.delete(residentId);
    this.channel.publish(residentId);
  }

  private async keysOf(ids: readonly string[]): Promise<Map<string, Buffer>> {
    const now = Date.now();
    const found = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const id of new Set(ids.map((i) => i.toLowerCase()))) {
      const hit = this.kept.get(id);
      if (hit && hit.until > now) {
        // most recently used last
        this.kept.delete(id);
        this.kept.set(id, hit);
        found.set(id, hit.key);
      } else missing.push(id);
    }
    if (missing.length) {
      const stored = await this.findTogether(missing);
      for (const id of missing) {
        const wrapped = stored.get(id);
        if (wrapped) found.set(id, this.kept.get(id)?.key ?? this.keep(id, wrapped));
      }
    }
    return found;
  }

  /**
   * The key store asked once for every key missed in the same turn of the event loop: a burst of
   * check-ins by residents not in the cache makes one query, not one each on the store's few connections.
   */
  private findTogether(ids: readonly string[]): Promise<Map<string, string>> {
    if (!this.asking) {
      const batch = new Set<string>();
      const answer = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.asking = null;
        return this.store.find([...batch]);
      });
      this.asking = { ids: batch, answer };
    }
    for (const id of ids) this.asking.ids.add(id);
    return this.asking.answer;
  }

  private async createKey(residentId: string): Promise<Buffer> {
    const id = residentId.toLowerCase();
    const wrapped = await this.store.create(id, this.fieldCrypto.encrypt(randomBytes(32).toString('base64')));
    if (!wrapped) throw new ClosedAccount();
    return this.keep(id, wrapped);
  }

  private keep(id: string, wrapped: string): Buffer {
    const key = Buffer.from(this.fieldCrypto.decrypt(wrapped), 'base64');
    this.kept.delete(id);
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(id, { key, until: Date.now() + KEEP_MS });
    return key;
  }
}

/**
 * SM4 keys already drawn, by the data key object they came from: HKDF-SM3 cost about as much as
 * opening the value itself, once for every name of a roster on every refresh. An entry lives exactly
 * as long as its data key is kept (dropped from the cache on closing or expiry, it is unreachable).
 */
const drawnSm4Keys = new WeakMap<Buffer, Buffer>();

/** The SM4 key of a data key: its own, so the AES key and it never meet in one cipher. */
function sm4KeyOf(key: Buffer): Buffer {
  let drawn = drawnSm4Keys.get(key);
  if (!drawn) {
    drawn = Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'lp resident data sm4', 16));
    drawnSm4Keys.set(key, drawn);
  }
  return drawn;
}

function sealWith(sealing: Sealing, key: Buffer, residentId: string, plain: string): string {
  const iv = randomBytes(12);
  const aad = Buffer.from(residentId.toLowerCase(), 'utf8');
  if (sealing === 'r2') {
    const { body, tag } = sm4Seal(sm4KeyOf(key), iv, plain, aad);
    return ['r2', ...[iv, tag, body].map((p) => p.toString('base64url'))].join('.');
  }
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['r1', ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url'))].join('.');
}

function openWith(key: Buffer, residentId: string, stored: string): string {
  const [sealing, iv, tag, body] = stored.split('.');
  const [ivB, tagB, bodyB] = [iv, tag, body].map((p) => Buffer.from(p, 'base64url'));
  const aad = Buffer.from(residentId.toLowerCase(), 'utf8');
  if (sealing === 'r2') return sm4Open(sm4KeyOf(key), ivB, tagB, bodyB, aad);
  const decipher = createDecipheriv('aes-256-gcm', key, ivB, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tagB);
  return Buffer.concat([decipher.update(bodyB), decipher.final()]).toString('utf8');
}
