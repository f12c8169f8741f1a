import { withClient } from './global-setup';

/** Drops this run's database and stops the embedded PostgreSQL, if one was started. */
export default async function globalTeardown(): Promise<void> {
  const { REPOSITORY_TEST_ADMIN_URL: adminUrl, REPOSITORY_TEST_DATABASE: name } = process.env;
  if (adminUrl && name) await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const pg = (globalThis as Record<string, unknown>).__repositoryTestPostgres as { stop(): Promise<void> } | undefined;
  if (pg) await pg.stop();
}
