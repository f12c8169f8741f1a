import { Client } from 'pg';

/** Stops PgBouncer if one was started, drops this run's databases and stops the embedded PostgreSQL, if one was started. */
export default async function globalTeardown(): Promise<void> {
  const bouncer = (globalThis as Record<string, unknown>).__pgbouncer as { stop(): Promise<void> } | undefined;
  if (bouncer) await bouncer.stop();
  const adminUrl = process.env.E2E_ADMIN_DATABASE_URL;
  const runId = process.env.E2E_RUN_ID;
  if (adminUrl && runId) {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      // each database's key store (the server's DATA_KEY_STORE_URL default) is the same name with _keys
      const rows = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`, [
        `lp\\_%\\_${runId}`,
        `lp\\_%\\_${runId}\\_keys`,
      ]);
      for (const { datname } of rows.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  const pg = (globalThis as Record<string, unknown>).__embeddedPg as { stop(): Promise<void> } | undefined;
  if (pg) await pg.stop();
}
