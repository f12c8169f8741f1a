import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { fromEvent, Observable } from 'rxjs';
import { RedisChannel } from '../redis/redis-channel';
import { OptionalRedis, REDIS } from '../redis/redis.module';

const CHANNEL = 'roster';
/** Live rosters refresh at most twice a second, so news of one session is sent at most this often. */
const COALESCE_MS = 250;

/**
 * "Someone checked in to session N": published through Redis so every instance's live rosters
 * hear it, whichever instance took the check-in. Without Redis (or while it is down) the news
 * stays in this process.
 */
@Injectable()
export class RosterEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RosterEvents.name);
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly channel: RedisChannel;
  /** Sessions with news not yet sent; a burst of check-ins costs one message per session per interval. */
  private readonly pending = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(REDIS) redis: OptionalRedis) {
    this.channel = new RedisChannel(redis, CHANNEL, (sessionId) => this.local.emit(sessionId));
  }

  onModuleInit(): Promise<void> {
    return this.channel.open(this.logger, "live rosters will only see this instance's check-ins");
  }

  onApplicationShutdown(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.channel.close();
  }

  changed(sessionId: number): void {
    this.pending.add(sessionId);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), COALESCE_MS);
      this.flushTimer.unref();
    }
  }

  private flush(): void {
    this.flushTimer = null;
    const sessions = [...this.pending];
    this.pending.clear();
    for (const id of sessions) this.channel.publish(String(id));
  }

  of(sessionId: number): Observable<unknown> {
    return fromEvent(this.local, String(sessionId));
  }
}
