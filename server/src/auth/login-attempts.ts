import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter } from '../redis/shared-limiter';

/** Failures of one username from one address that cost no waiting. */
const FREE_FAILURES = 5;
/** Failures of one username, from addresses it never logged in from, within the hour: it is under attack. */
const ATTACK_FAILURES = 10;
/** Under attack, an address new to the account waits from 2^ATTACK_HEADSTART seconds after its first failure. */
const ATTACK_HEADSTART = 6;
const MAX_WAIT_SECONDS = 15 * 60;
/** Failures are forgotten this long after the first of them. */
const FAILURES_KEPT_SECONDS = 60 * 60;
/** An address the account logged in from stays known this long (in memory a timer holds it: under 2^31 ms). */
const KNOWN_ADDRESS_SECONDS = 20 * 86400;
/** At most one audit row per refused username and address in this time, so a flood of refusals cannot flood the database. */
const REFUSAL_AUDIT_SECONDS = 60;

/** Seconds to wait after the n-th failure past the free ones: 1, 2, 4 … up to 15 minutes. */
const waitAfter = (n: number) => Math.min(2 ** (n - 1), MAX_WAIT_SECONDS);

/** An attempt allowed to check a password; what became of it is reported with failed() or succeeded(). */
export interface AdmittedAttempt {
  admitted: true;
  user: string;
  pair: string;
  knownAddress: boolean;
  /** failures of this username from this address so far, this attempt included */
  failures: number;
  /** past the free failures: the seconds the next attempt waits if this one fails */
  wait: number | null;
}

export interface RefusedAttempt {
  admitted: false;
  /** 'address': too many attempts from this address, any usernames; 'account': this username from this address must wait */
  limit: 'address' | 'account';
  retryAfterSeconds: number;
  /** the first refusal of this username and address in a while: worth an audit row */
  audit: boolean;
}

/**
 * Who may try a password now. The counts are kept in Redis, so every worker and server shares them
 * (in this process's memory without REDIS_URL, and while Redis is unreachable), and only the
 * username and the caller's address decide: no token or other header buys more attempts.
 *
 * - Per address, any usernames: LOGIN_THROTTLE_LIMIT attempts a minute.
 * - Per username and address: 5 failures free, then one attempt per waiting time that doubles after
 *   each failure (1 s, 2 s, 4 s … 15 min). An attempt counts as a failure from the moment it is let
 *   through until it succeeds, so a burst sent at once gets no more than a patient caller.
 * - Per username: after 10 failures within the hour from addresses the account never logged in from,
 *   such an address waits from 64 s after its first failure. An address that has not failed is never
 *   refused, so an attack from elsewhere cannot lock the real owner out, and an address the owner
 *   logged in from keeps its 5 free failures.
 */
@Injectable()
export class LoginAttempts {
  private readonly byAddress: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  private readonly turns: RateLimiterAbstract;
  private readonly attackFailures: RateLimiterAbstract;
  private readonly knownAddresses: RateLimiterAbstract;
  private readonly refusalAudits: RateLimiterAbstract;

  constructor(config: AppConfig, @Inject(REDIS) redis: OptionalRedis) {
    const limiter = (name: string, points: number, duration: number) => sharedLimiter(redis, `login:${name}`, points, duration);
    const uncapped = Number.MAX_SAFE_INTEGER;
    this.byAddress = limiter('address', config.LOGIN_THROTTLE_LIMIT, 60);
    this.failures = limiter('failures', uncapped, FAILURES_KEPT_SECONDS);
    // one point: the single attempt allowed per waiting time, which each claim sets for itself
    this.turns = limiter('turn', 1, 1);
    this.attackFailures = limiter('attack', uncapped, FAILURES_KEPT_SECONDS);
    this.knownAddresses = limiter('known', 1, KNOWN_ADDRESS_SECONDS);
    this.refusalAudits = limiter('refusal-audit', 1, REFUSAL_AUDIT_SECONDS);
  }

  async admit(username: string, address: string): Promise<AdmittedAttempt | RefusedAttempt> {
    const user = usernameKey(username);
    const pair = `${user}:${address}`;
    const perAddress = await claim(this.byAddress.consume(address));
    if (perAddress) return this.refused(pair, 'address', perAddress);

    const [known, attack] = await Promise.all([this.knownAddresses.get(pair), this.attackFailures.get(user)]);
    const knownAddress = known !== null;
    const underAttack = !knownAddress && (attack?.consumedPoints ?? 0) >= ATTACK_FAILURES;
    const free = underAttack ? 1 : FREE_FAILURES;
    const failures = (await this.failures.consume(pair)).consumedPoints;
    const wait = failures >= free ? waitAfter(failures - free + 1 + (underAttack ? ATTACK_HEADSTART : 0)) : null;
    if (wait !== null) {
      // past the free ones: this attempt takes the one turn there is until the wait after it is over
      const busy = await claim(this.turns.consume(pair, 1, { customDuration: wait }));
      if (busy) {
        await this.failures.reward(pair);
        return this.refused(pair, 'account', busy);
      }
    }
    return { admitted: true, user, pair, knownAddress, failures, wait };
  }

  async failed(attempt: AdmittedAttempt): Promise<void> {
    // the wait runs from the failure, however long the password check took
    if (attempt.wait !== null) await this.turns.block(attempt.pair, attempt.wait);
    if (!attempt.knownAddress) await this.attackFailures.penalty(attempt.user);
  }

  async succeeded(attempt: AdmittedAttempt): Promise<void> {
    await Promise.all([this.failures.delete(attempt.pair), this.turns.delete(attempt.pair), this.knownAddresses.set(attempt.pair, 1, KNOWN_ADDRESS_SECONDS)]);
  }

  private async refused(pair: string, limit: RefusedAttempt['limit'], res: RateLimiterRes): Promise<RefusedAttempt> {
    const audit = (await claim(this.refusalAudits.consume(`${limit}:${pair}`))) === null;
    return { admitted: false, limit, retryAfterSeconds: Math.ceil(res.msBeforeNext / 1000), audit };
  }
}

/** Trimmed, case and width folded (Ａｄｍｉｎ is admin), hashed: the key never holds what was typed. */
function usernameKey(username: string): string {
  return createHash('sha256').update(username.normalize('NFKC').trim().toLowerCase()).digest('hex').slice(0, 32);
}

/** Null when the point was granted; the limiter's answer when it was refused. Store errors are thrown. */
async function claim(consumed: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> {
  try {
    await consumed;
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  }
}
