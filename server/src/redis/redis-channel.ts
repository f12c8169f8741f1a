import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { OptionalRedis } from './redis.module';

/**
 * One Redis pub/sub channel: what any instance publishes reaches `onMessage` in every instance,
 * the publisher's own included. Redis does not prefix channel names as it does keys, so the
 * channel is named under the client's key prefix (the portal's namespace) here. Without Redis, or while it is down, a message reaches this
 * process only.
 */
export class RedisChannel {
  private subscriber: Redis | null = null;

  private readonly name: string;

  constructor(
    private readonly redis: OptionalRedis,
    name: string,
    private readonly onMessage: (message: string) => void,
  ) {
    this.name = `${redis?.options.keyPrefix ?? ''}${name}`;
  }

  /** Subscribes; `degraded` says in the log what users lose while Redis does not answer. */
  async open(logger: Logger, degraded: string): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.subscriber.on('error', () => undefined); // the main client already reports Redis trouble
    this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    try {
      await this.subscriber.connect();
      await this.subscriber.subscribe(this.name);
    } catch (err) {
      logger.warn(`${degraded} until Redis answers: ${(err as Error).message}`);
    }
  }

  publish(message: string): void {
    if (!this.redis) this.onMessage(message);
    else this.redis.publish(this.name, message).catch(() => this.onMessage(message));
  }

  close(): void {
    this.subscriber?.disconnect();
  }
}
