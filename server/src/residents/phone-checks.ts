import { ProfileError } from '@lp/shared';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter, takeOrRefuse } from '../redis/shared-limiter';

/** A resident taps 手机号快速验证 once or twice; more than this in an hour is a script. */
export const PHONE_CHECKS_PER_HOUR = 5;

/**
 * Each 手机号快速验证 code is exchanged with WeChat, and WeChat bills the program for those calls
 * beyond a free allowance, so one account may ask PHONE_CHECKS_PER_HOUR times an hour, counted
 * before the call (codes sent all at once count like codes sent one by one) by every worker
 * through Redis; a bad code counts as much as a good one.
 */
@Injectable()
export class PhoneChecks {
  private readonly checks: RateLimiterAbstract;

  /** Commands (the demo seeder) boot the residents module without Redis: the count is then in memory. */
  constructor(@Optional() @Inject(REDIS) redis: OptionalRedis | undefined) {
    this.checks = sharedLimiter(redis ?? null, 'profile:phone-check', PHONE_CHECKS_PER_HOUR, 3600);
  }

  take(userId: string): Promise<void> {
    return takeOrRefuse(this.checks, userId, '手机号验证次数太多，请过一会儿再试，或先手动填写手机号', ProfileError.PhoneChecksExhausted);
  }
}
