import { ServerErrorCode } from '@lp/shared';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error';
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

/**
 * Takes one point for `key`, or refuses with 429 in Chinese: "`what`，请…后再试" and `code`.
 * Any other failure of the limiter is passed on as it is.
 */
export async function takeOrRefuse(limiter: RateLimiterAbstract, key: string, what: string, code?: ServerErrorCode): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) throw AppError.tooManyRequests(what, rejected.msBeforeNext / 1000, code);
    throw rejected;
  }
}
