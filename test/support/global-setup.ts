import Redis from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { startEmbeddedPostgres } from '@lp/server/dist/database/embedded-postgres';
import { startPgBouncer } from './pgbouncer';
import { withDatabase } from './test-env';

/**
 * Real PostgreSQL and Redis for every test:
 * - DATABASE_URL given (CI): a fresh database `lp_e2e` on that server;
 * - none: a PostgreSQL from the embedded-postgres package in a temporary folder.
 * Redis comes from REDIS_URL, else 127.0.0.1:6379; tests use database 5 of it, never flushed.
 * With E2E_PGBOUNCER=1 the application under test reaches `lp_e2e` through PgBouncer in
 * transaction mode (support/pgbouncer.ts), as a district behind a pooler does.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'lp-test-pg-')), port: 54339, persistent: false });
    (globalThis as Record<string, unknown>).__embeddedPg = pg;
    adminUrl = pg.url('postgres');
  }
  // one database per run, so two runs on the same server (CI and a developer, say) never collide
  process.env.E2E_RUN_ID = String(process.pid);
  const e2eUrl = await freshDatabase(adminUrl, 'lp_e2e');
  await runMigrations(e2eUrl);
  await partitionsThrough(e2eUrl, LAST_TRAVELLED_YEAR);
  process.env.E2E_DATABASE_URL = e2eUrl;
  if (process.env.E2E_PGBOUNCER === '1') {
    // the tests' application talks to its database through PgBouncer in transaction mode
    const bouncer = await startPgBouncer(adminUrl);
    (globalThis as Record<string, unknown>).__pgbouncer = bouncer;
    process.env.E2E_DATABASE_URL = bouncer.urlFor(new URL(e2eUrl).pathname.slice(1));
    process.env.E2E_DATABASE_POOLER = 'transaction';
  }
  process.env.E2E_ADMIN_DATABASE_URL = adminUrl;

  const redisBase = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisUrl = withDatabase(redisBase, '5');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  try {
    // no flush: another run may be using this Redis, and every test key is unique to its test
    await redis.connect();
  } catch (err) {
    throw new Error(`Tests need Redis: none answers at ${redisBase} (${(err as Error).message}). Start redis-server or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
  process.env.E2E_REDIS_URL = redisUrl;
}

/** `base` made unique to this test run. */
/**
 * The tests move the server's clock as far as 2031 (online lessons, measured hours). A record of a
 * year without a partition is refused (there is no DEFAULT partition); a live portal's
 * year-partitions job makes each year's a year ahead, and here the years the tests travel to are
 * made at once, by the same database function.
 */
const LAST_TRAVELLED_YEAR = 2035;
async function partitionsThrough(url: string, last: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT ensure_year_partitions(date_part('year', now() AT TIME ZONE 'Asia/Shanghai')::int, $1)`, [last]);
  } finally {
    await client.end();
  }
}

export function runDatabaseName(base: string): string {
  return `${base}_${process.env.E2E_RUN_ID ?? process.pid}`;
}

/** Drops and recreates this run's database `base` on the server `adminUrl` points to; returns its URL. */
export async function freshDatabase(adminUrl: string, base: string): Promise<string> {
  const name = runDatabaseName(base);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/**
 * Drops this run's databases `bases` (made by freshDatabase) and the key store beside each (`<name>_keys`,
 * which a server makes when DATA_KEY_STORE_URL is not set), with FORCE: a server or client of a failed
 * test may still hold a connection. For test files whose databases the global teardown does not know (not `lp_…`).
 */
export async function dropDatabases(adminUrl: string, ...bases: string[]): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of bases.map(runDatabaseName)) {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS ${name}_keys WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
