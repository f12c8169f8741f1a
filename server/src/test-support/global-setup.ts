import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../database/data-source';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

/**
 * One database for this run of the repository specs, migrated once: `lp_repo_<pid>` on the server
 * DATABASE_URL names (its own database is left alone: demo data and other runs live there), or on an
 * embedded PostgreSQL in a temporary folder when DATABASE_URL is not set. Every spec file then
 * connects to it and makes its own rows, so files run in parallel and in any order.
 */
export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? (await startTemporaryPostgres());
  const name = `lp_repo_${process.pid}`;
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  Object.assign(process.env, { REPOSITORY_TEST_DATABASE_URL: url.toString(), REPOSITORY_TEST_ADMIN_URL: adminUrl, REPOSITORY_TEST_DATABASE: name });
}

export async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL of this run's own in a temporary folder, removed when it stops (global-teardown.ts). */
async function startTemporaryPostgres(): Promise<string> {
  const pg = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'lp-repo-pg-')), port: 54349, persistent: false });
  (globalThis as Record<string, unknown>).__repositoryTestPostgres = pg;
  return pg.url('postgres');
}
