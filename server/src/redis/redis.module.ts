import { Global, Logger, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { REDIS_NAMESPACE, redisNamespace } from './redis-namespace';

export const REDIS = Symbol('REDIS');
/** Null when REDIS_URL is not set: the server then runs as a single process. */
export type OptionalRedis = Redis | null;

async function connect(config: AppConfig, namespace: string): Promise<OptionalRedis> {
  const logger = new Logger('Redis');
  if (!config.REDIS_URL) {
    logger.warn('REDIS_URL is not set: running as a single process (rate limits kept in memory, no background jobs shared between instances)');
    return null;
  }
  const client = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    // every key this client touches is the portal's own (channels take the same prefix: RedisChannel)
    keyPrefix: `${namespace}:`,
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
  logger.log(`connected to Redis (keys under ${namespace}:)`);
  return client;
}

@Global()
@Module({
  providers: [
    { provide: REDIS_NAMESPACE, inject: [AppConfig, getDataSourceToken()], useFactory: (config: AppConfig, db: DataSource) => redisNamespace(config, db) },
    { provide: REDIS, inject: [AppConfig, REDIS_NAMESPACE], useFactory: connect },
  ],
  exports: [REDIS, REDIS_NAMESPACE],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: OptionalRedis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
