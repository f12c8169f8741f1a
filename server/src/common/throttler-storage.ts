import { Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
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
    this.shared = redis ? new ThrottlerStorageRedisService(redis) : null;
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
