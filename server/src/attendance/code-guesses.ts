import { CheckInError, CODE_ATTEMPTS, CODE_ATTEMPTS_WINDOW_SECONDS } from '@lp/shared';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter } from '../redis/shared-limiter';

/**
 * The spoken 6-digit code is a small secret: a code stays good 3 minutes after it leaves the screen
 * (CODE_GRACE_SECONDS), so five of a million codes are good at any moment, and the general rate
 * limit would let one account try 600 a minute, enough to check in from home within an hour. So a
 * resident gets CODE_ATTEMPTS (10) wrong codes per session in 10 minutes, then a pause for the rest
 * of those 10 minutes (a person mishearing the teacher needs one or two tries; a script needs
 * hundreds of thousands). During the pause even the right spoken code is refused: were it let
 * through, a guesser would simply keep guessing. The counts live in Redis under one key per
 * resident and session, counted atomically by every worker (in memory without REDIS_URL, and while
 * Redis is unreachable). Scanning the QR code is never limited by them: its 80-bit signature
 * cannot be guessed, and it is the way in for a resident who misheard.
 */
@Injectable()
export class CodeGuesses {
  private readonly wrong: RateLimiterAbstract;

  constructor(@Inject(REDIS) redis: OptionalRedis) {
    this.wrong = sharedLimiter(redis, 'checkin:code-guess', CODE_ATTEMPTS, CODE_ATTEMPTS_WINDOW_SECONDS);
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
  AppError.tooManyRequests('签到码输错太多次，暂时不能再输（可以扫老师的二维码，或请老师代签）', ms / 1000, CheckInError.CodeAttempts);
