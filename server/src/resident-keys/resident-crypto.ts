import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FieldCrypto } from '../common/field-crypto.service';
import { RedisChannel } from '../redis/redis-channel';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { ResidentKeyStore } from './resident-key-store';

/** `r1.<iv>.<tag>.<ciphertext>`: AES-256-GCM under the resident's data key, the resident's id as associated data. */
const SEALED = 'r1';
const TAG_BYTES = 16;
/** Unwrapped keys kept in the process at most (32 bytes each), least recently used out first. */
const MAX_KEPT = 20_000;
/** A kept key is asked for again after this long: a lost "closed" message costs at most this. */
const KEEP_MS = 5 * 60_000;
const CHANNEL = 'resident-keys';

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
  private readonly channel: RedisChannel;

  constructor(
    private readonly store: ResidentKeyStore,
    private readonly fieldCrypto: FieldCrypto,
    @Optional() @Inject(REDIS) redis: OptionalRedis | undefined,
  ) {
    this.channel = new RedisChannel(redis ?? null, CHANNEL, (id) => this.kept.delete(id));
  }

  onModuleInit(): Promise<void> {
    return this.channel.open(this.logger, 'other instances drop a closed account\'s key only when it expires from their cache');
  }

  onApplicationShutdown(): void {
    this.channel.close();
  }

  static isSealed(stored: string | null | undefined): boolean {
    return typeof stored === 'string' && stored.startsWith(`${SEALED}.`);
  }

  /** Seals a value under the resident's key, made now if they have none; throws for a closed resident. */
  async seal(residentId: string, plain: string): Promise<string> {
    const key = (await this.keysOf([residentId])).get(residentId) ?? (await this.createKey(residentId));
    return sealWith(key, residentId, plain);
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
      for (const [id, wrapped] of await this.store.find(missing)) found.set(id, this.keep(id, wrapped));
    }
    return found;
  }

  private async createKey(residentId: string): Promise<Buffer> {
    const id = residentId.toLowerCase();
    const wrapped = await this.store.create(id, this.fieldCrypto.encrypt(randomBytes(32).toString('base64')));
    if (!wrapped) throw new Error('this account was closed: nothing is kept for it any more');
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

function sealWith(key: Buffer, residentId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(residentId.toLowerCase(), 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [SEALED, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url'))].join('.');
}

function openWith(key: Buffer, residentId: string, stored: string): string {
  const [, iv, tag, body] = stored.split('.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(residentId.toLowerCase(), 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
