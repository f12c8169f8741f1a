import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { repositoryTestDatabaseUrl } from '../test-support/database';
import { dataSourceOptions } from './data-source';
import { PoolWarmUp } from './pool-warm-up';
import { postgresPool } from './postgres-pool';

/** A data source as the app makes it (in production or not), except that idle connections would be let go after 50 ms. */
async function dataSource(size: number, production: boolean): Promise<DataSource> {
  const options = dataSourceOptions(repositoryTestDatabaseUrl(), size, 'none', production);
  const ds = new DataSource({ ...options, extra: { ...(options.extra as object), idleTimeoutMillis: 50 } } as typeof options);
  return ds.initialize();
}

const config = (nodeEnv: string, size: number) => Object.assign(new AppConfig(), { NODE_ENV: nodeEnv, DB_POOL_SIZE: size });

let ds: DataSource | undefined;
afterEach(() => ds?.destroy());

it('in production opens every connection of the pool at start, and keeps them while they are idle', async () => {
  ds = await dataSource(4, true);
  await new PoolWarmUp(config('production', 4), ds).onApplicationBootstrap();
  const pool = postgresPool(ds);
  expect([pool.totalCount, pool.idleCount]).toEqual([4, 4]);

  await new Promise((r) => setTimeout(r, 300)); // six times the idle timeout
  expect(pool.totalCount).toBe(4);
  // each still answers
  expect(await Promise.all([1, 2, 3, 4].map(() => ds!.query('SELECT 1 AS one')))).toEqual(Array(4).fill([{ one: 1 }]));
});

it('elsewhere opens connections as they are needed, and lets idle ones go', async () => {
  ds = await dataSource(4, false);
  const before = postgresPool(ds).totalCount;
  await new PoolWarmUp(config('test', 4), ds).onApplicationBootstrap();
  expect(postgresPool(ds).totalCount).toBe(before);
  await Promise.all([1, 2, 3].map(() => ds!.query('SELECT pg_sleep(0.05)')));
  expect(postgresPool(ds).totalCount).toBeGreaterThan(1);
  await new Promise((r) => setTimeout(r, 300));
  expect(postgresPool(ds).totalCount).toBe(0);
});
