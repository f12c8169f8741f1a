import { Inject, Injectable, Optional } from '@nestjs/common';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter, takeOrRefuse } from '../redis/shared-limiter';

/** A community worker nominates a handful of residents; more look-ups than this is someone trying numbers. */
export const NOMINEE_LOOKUPS = 30;
export const NOMINEE_LOOKUP_WINDOW_SECONDS = 600;

/**
 * Nominating a resident by phone number finds out whether that number belongs to a resident of the
 * caller's area, so each member of staff may try NOMINEE_LOOKUPS numbers in ten minutes, counted
 * before the look-up by every worker through Redis; a number that finds nobody counts as much.
 */
@Injectable()
export class NomineeLookups {
  private readonly lookups: RateLimiterAbstract;

  constructor(@Optional() @Inject(REDIS) redis: OptionalRedis | undefined) {
    this.lookups = sharedLimiter(redis ?? null, 'selection:nominee-lookup', NOMINEE_LOOKUPS, NOMINEE_LOOKUP_WINDOW_SECONDS);
  }

  take(staffId: string): Promise<void> {
    return takeOrRefuse(this.lookups, staffId, '按手机号查找居民的次数太多');
  }
}
