import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { RedisChannel } from '../redis/redis-channel';
import { OptionalRedis, REDIS } from '../redis/redis.module';

const CHANNEL = 'accounts';

/** What reacts in each process when accounts changed: it reads the changes itself from the database. */
export type AccountChangeListener = () => Promise<void>;

/**
 * "An account's standing changed" (disabled, moved, password reset, logged out), said after the
 * transaction committed, to every instance through Redis. Each process also notices on its own
 * within a second (SessionRevocations reloads on a timer); this only shortens the wait, so a lost
 * message costs nothing but that second. Commands run without Redis and without listeners.
 */
@Injectable()
export class AccountChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AccountChanges.name);
  private readonly listeners = new Set<AccountChangeListener>();
  private readonly channel: RedisChannel;

  constructor(@Optional() @Inject(REDIS) redis: OptionalRedis | undefined) {
    this.channel = new RedisChannel(redis ?? null, CHANNEL, () => void this.tellListeners());
  }

  onModuleInit(): Promise<void> {
    return this.channel.open(this.logger, 'other instances notice account changes only on their next reload');
  }

  onApplicationShutdown(): void {
    this.channel.close();
  }

  listen(listener: AccountChangeListener): void {
    this.listeners.add(listener);
  }

  /**
   * After the commit: resolves once this process has caught up, so the caller's answer ("已停用")
   * is already true here; the other instances follow when the message reaches them.
   */
  async announce(): Promise<void> {
    this.channel.publish('changed');
    await this.tellListeners();
  }

  private async tellListeners(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener()));
  }
}
