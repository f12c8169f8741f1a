import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { RequestWithActor } from './actor.decorator';
import { AppError } from './app-error';
import { clientAddress } from './client-address';

/**
 * Rate limits count per logged-in user, and per address only for anonymous calls. Hundreds of
 * residents checking in over one venue's Wi-Fi share an address; counted per address they would
 * lock each other out in the first minute of an 活动周 opening. Runs after AccessGuard, which
 * has verified the token and set the actor. Endpoints that try credentials are also limited per
 * address alone, whatever token comes with them (the 'login' throttler, see AppModule).
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = (req as unknown as RequestWithActor).actor;
    if (actor) return `user:${actor.userId}`;
    // partner calls count per API key (its public prefix), so one partner cannot starve another
    const key = (req as unknown as RequestWithActor).headers['x-api-key'];
    const prefix = typeof key === 'string' ? /^lpk_([a-z0-9]{8,16})_/.exec(key)?.[1] : undefined;
    return prefix ? `partner:${prefix}` : `ip:${clientAddress(req as unknown as RequestWithActor)}`;
  }

  /** The refusal says how long to wait, in the message and as Retry-After. */
  protected override async throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw AppError.tooManyRequests('操作太频繁了', detail.timeToBlockExpire);
  }
}
