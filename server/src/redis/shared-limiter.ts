import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { OptionalRedis } from './redis.module';

/**
 * A counter of `points` per `duration` seconds, shared by every worker and server through Redis under
 * `<keyPrefix>` in the portal's namespace; in this process's memory without REDIS_URL, and while Redis is unreachable.
 */
export function sharedLimiter(redis: OptionalRedis, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  return redis
    ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory })
    : memory;
}
