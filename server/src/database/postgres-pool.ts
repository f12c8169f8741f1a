import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The pg pool behind a TypeORM data source, for code that watches the pool itself (the connection
 * guard). TypeORM types its driver's pool as `any`; this checks what it is instead of casting, and
 * says so at start-up if a TypeORM upgrade moves it. Queries never go this way: they go through
 * TypeORM's `query` like every other statement.
 */
export function postgresPool(dataSource: DataSource): Pool {
  const driver = dataSource.driver;
  const pool: unknown = driver instanceof PostgresDriver ? driver.master : undefined;
  if (!(pool instanceof Pool)) throw new Error('the data source has no pg pool: expected a PostgreSQL driver whose master is a pg Pool');
  return pool;
}
