import { CheckInError } from '@lp/shared';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter } from '../redis/shared-limiter';

/** Wrong spoken codes a resident may type for one session within WINDOW_SECONDS. */
const WRONG_CODES = 5;
const WINDOW_SECONDS = 10 * 60;

/**
 * The spoken 6-digit code is a small secret: two of a million codes are good at any moment, and the
 * general rate limit would let one account try 600 a minute, enough to check in from home within an
 * hour or two. So a resident gets 5 wrong codes per session in 10 minutes, then waits out the rest
 * of those 10 minutes (a person mishearing the teacher needs one or two tries; a script needs
 * hundreds of thousands). The counts live in Redis, shared by every worker (in memory without
 * REDIS_URL, and while Redis is unreachable). Scanning the QR code is never limited by them.
 */
@Injectable()
export class CodeGuesses {
  private readonly wrong: RateLimiterAbstract;

  constructor(@Inject(REDIS) redis: OptionalRedis) {
    this.wrong = sharedLimiter(redis, 'checkin:code-guess', WRONG_CODES, WINDOW_SECONDS);
  }

  /**
   * Takes one try before the code is compared, atomically, so that codes sent all at once are counted
   * like codes sent one by one; refuses (429) a resident who has no try left for this session.
   */
  async take(residentId: string, sessionId: number): Promise<void> {
    try {
      await this.wrong.consume(key(residentId, sessionId));
    } catch (rejected) {
      if (rejected instanceof RateLimiterRes) throw refusal(rejected.msBeforeNext);
      throw rejected;
    }
  }

  /** The code was right: the try taken for it is given back. */
  async giveBack(residentId: string, sessionId: number): Promise<void> {
    await this.wrong.reward(key(residentId, sessionId), 1);
  }
}

const key = (residentId: string, sessionId: number) => `${sessionId}:${residentId}`;

const refusal = (ms: number) =>
  AppError.tooManyRequests('签到码输错太多次了（可以扫老师的二维码，或请老师代签）', ms / 1000, CheckInError.CodeAttempts);
