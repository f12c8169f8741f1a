import { Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { OptionalRedis } from '../redis/redis.module';

/**
 * Rate-limit counters in Redis, shared by every instance. While Redis is unreachable the
 * counters fall back to this process's memory, so a Redis outage never blocks residents;
 * they move back to Redis as soon as it answers again.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(SharedThrottlerStorage.name);
  private readonly memory = new ThrottlerStorageService();
  private readonly shared: ThrottlerStorageRedisService | null;
  private degraded = false;

  constructor(redis: OptionalRedis) {
    this.shared = redis ? new ThrottlerStorageRedisService(scriptsByDigest(redis)) : null;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    if (!this.shared) return this.memory.increment(key, ttl, limit, blockDuration, name);
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, name);
      if (this.degraded) this.logger.log('rate limits are shared through Redis again');
      this.degraded = false;
      return record;
    } catch {
      if (!this.degraded) this.logger.warn('Redis unreachable: rate limits are counted per process until it returns');
      this.degraded = true;
      return this.memory.increment(key, ttl, limit, blockDuration, name);
    }
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
  }
}

/**
 * The Redis client as the rate-limit storage sees it, except that its Lua script goes as EVALSHA:
 * the storage sends its whole script (about 700 bytes) with every request, which Redis then hashes
 * again, on every API call. Redis keeps a script after its first EVAL, so after that only the
 * digest travels; after a Redis restart (NOSCRIPT) the script is sent once more.
 */
function scriptsByDigest(redis: Redis): Redis {
  const digests = new Map<string, string>();
  const call = async (command: string, ...args: (string | number)[]) => {
    if (command.toLowerCase() !== 'eval') return redis.call(command, ...args);
    const [script, ...rest] = args as [string, ...(string | number)[]];
    let digest = digests.get(script);
    if (!digest) {
      digest = createHash('sha1').update(script).digest('hex');
      digests.set(script, digest);
    }
    try {
      return await redis.call('evalsha', digest, ...rest);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.call('eval', script, ...rest);
    }
  };
  return new Proxy(redis, { get: (target, prop, receiver) => (prop === 'call' ? call : Reflect.get(target, prop, receiver)) });
}
