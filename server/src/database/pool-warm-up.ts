import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { postgresPool } from './postgres-pool';

/**
 * In production the pool opens all its connections before the server listens, so the first burst
 * of the day (an 活动周 opening, the evening closes) finds them ready instead of waiting while
 * PostgreSQL starts a backend for each. They then stay open (`keepOpen` in dataSourceOptions). Elsewhere
 * (development, tests) connections open as they are needed. A database slow to answer does not stop
 * the start: what could not be opened now opens on first use.
 */
@Injectable()
export class PoolWarmUp implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.isProduction) return;
    const pool = postgresPool(this.db);
    const opening = await Promise.allSettled(Array.from({ length: this.config.DB_POOL_SIZE }, () => pool.connect()));
    let failed = 0;
    for (const o of opening) {
      if (o.status === 'fulfilled') o.value.release();
      else failed += 1;
    }
    if (failed) Logger.warn(`${failed} of ${opening.length} database connections could not be opened at start; they open when needed`, PoolWarmUp.name);
  }
}

@Module({ providers: [PoolWarmUp] })
export class PoolWarmUpModule {}
