import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { EventEmitter } from 'node:events';
import { fromEvent, Observable } from 'rxjs';
import { OptionalRedis, REDIS } from '../redis/redis.module';

const CHANNEL = 'lp:roster';
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
  private subscriber: Redis | null = null;
  /** Sessions with news not yet sent; a burst of check-ins costs one message per session per interval. */
  private readonly pending = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(REDIS) private readonly redis: OptionalRedis) {}

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.subscriber.on('error', () => undefined); // the main client already reports Redis trouble
    this.subscriber.on('message', (_channel: string, sessionId: string) => this.local.emit(sessionId));
    try {
      await this.subscriber.connect();
      await this.subscriber.subscribe(CHANNEL);
    } catch (err) {
      this.logger.warn(`live rosters will only see this instance's check-ins until Redis answers: ${(err as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.subscriber?.disconnect();
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
    for (const id of sessions) {
      if (!this.redis) this.local.emit(String(id));
      else this.redis.publish(CHANNEL, String(id)).catch(() => this.local.emit(String(id)));
    }
  }

  of(sessionId: number): Observable<unknown> {
    return fromEvent(this.local, String(sessionId));
  }
}
