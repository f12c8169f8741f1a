import { Global, Logger, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');
/** Null when REDIS_URL is not set: the server then runs as a single process. */
export type OptionalRedis = Redis | null;

async function connect(config: AppConfig): Promise<OptionalRedis> {
  const logger = new Logger('Redis');
  if (!config.REDIS_URL) {
    logger.warn('REDIS_URL is not set: running as a single process (rate limits kept in memory, no background jobs shared between instances)');
    return null;
  }
  const client = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    // While Redis is down, commands fail at once instead of queueing behind the reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // Commands issued in the same tick (the rate-limit count of every request arriving together)
    // leave in one write: a burst of check-ins costs one socket write per tick, not one per request.
    enableAutoPipelining: true,
  });
  let lastError = '';
  client.on('error', (err: Error) => {
    if (err.message !== lastError) logger.warn(`redis: ${err.message}`);
    lastError = err.message;
  });
  client.on('ready', () => {
    if (lastError) logger.log('redis is back');
    lastError = '';
  });
  await client.connect();
  logger.log('connected to Redis');
  return client;
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: connect }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: OptionalRedis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
