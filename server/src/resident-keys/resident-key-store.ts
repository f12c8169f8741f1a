import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { STATEMENT_TIMEOUT_MS } from '../database/data-source';

/** The key store's own small schema, made at start: it lives in another database, outside the main migrations. */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS resident_data_key (
     resident_id uuid        PRIMARY KEY,
     -- the resident's 32-byte data key, encrypted under the field key (FieldCrypto: v2.<cipher>.<key id>.…)
     wrapped     text        NOT NULL,
     created_at  timestamptz NOT NULL DEFAULT now()
   )`,
  // a closed resident never gets a key again: nothing new can be sealed for them
  `CREATE TABLE IF NOT EXISTS resident_data_key_destroyed (
     resident_id  uuid        PRIMARY KEY,
     destroyed_at timestamptz NOT NULL DEFAULT now()
   )`,
];
/** Nodes starting together make the schema one at a time. */
const SCHEMA_LOCK = 7_163_800_019;

/**
 * Residents' data keys, wrapped, in a PostgreSQL database apart from the main one (DATA_KEY_STORE_URL).
 * A dump of the main database holds no key; destroying a key here (closing an account) makes what it
 * sealed unreadable there and in every dump of it. The store's own backups are kept short (README), so
 * a destroyed key is gone from them within days too. Outside production a missing store database is
 * created on the main database's server.
 */
@Injectable()
export class ResidentKeyStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ResidentKeyStore.name);
  private readonly pool: Pool;

  constructor(private readonly config: AppConfig) {
    // behind PgBouncer (DATABASE_POOLER=transaction, which then fronts the key store too) no
    // statement_timeout startup parameter, which it refuses: its connect_query sets the timeout
    const timeout = config.DATABASE_POOLER === 'none' ? { statement_timeout: STATEMENT_TIMEOUT_MS } : {};
    this.pool = new Pool({ connectionString: config.dataKeyStoreUrl, max: config.DB_POOL_SIZE, connectionTimeoutMillis: 3000, ...timeout });
    this.pool.on('error', (err) => this.logger.warn(`key store connection: ${err.message}`));
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.DATA_KEY_STORE_URL) await this.createDatabaseIfMissing();
    const client = await this.pool.connect();
    try {
      // a transaction's lock, as everywhere: a session's would not hold behind a transaction pooler
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      for (const sql of SCHEMA) await client.query(sql);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /** The wrapped keys of these residents, in one query; a resident without one (or closed) is absent. */
  async find(residentIds: readonly string[]): Promise<Map<string, string>> {
    if (!residentIds.length) return new Map();
    const { rows } = await this.pool.query<{ id: string; wrapped: string }>(
      `SELECT resident_id::text AS id, wrapped FROM resident_data_key WHERE resident_id = ANY($1::uuid[])`,
      [residentIds],
    );
    return new Map(rows.map((r) => [r.id, r.wrapped]));
  }

  /**
   * Keeps `wrapped` as the resident's key unless they have one already (two nodes racing: the first
   * wins) or their key was destroyed; returns the key that stands, or null for a closed resident.
   */
  async create(residentId: string, wrapped: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ wrapped: string }>(
      `WITH added AS (
         INSERT INTO resident_data_key (resident_id, wrapped)
         SELECT $1::uuid, $2 WHERE NOT EXISTS (SELECT 1 FROM resident_data_key_destroyed WHERE resident_id = $1::uuid)
         ON CONFLICT (resident_id) DO NOTHING RETURNING wrapped)
       SELECT wrapped FROM added UNION ALL SELECT wrapped FROM resident_data_key WHERE resident_id = $1::uuid`,
      [residentId, wrapped],
    );
    return rows[0]?.wrapped ?? null;
  }

  /** Destroys the resident's key for good; true if there was one. */
  async destroy(residentId: string): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO resident_data_key_destroyed (resident_id) VALUES ($1) ON CONFLICT DO NOTHING`, [residentId]);
      const { rowCount } = await client.query(`DELETE FROM resident_data_key WHERE resident_id = $1`, [residentId]);
      await client.query('COMMIT');
      return (rowCount ?? 0) > 0;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  /** Wrapped keys not starting with `prefix` (not under the current field key), in keyset order. */
  async stale(prefix: string, after: string | null, limit: number): Promise<{ id: string; wrapped: string }[]> {
    const { rows } = await this.pool.query<{ id: string; wrapped: string }>(
      `SELECT resident_id::text AS id, wrapped FROM resident_data_key
        WHERE left(wrapped, $1) <> $2 AND ($3::uuid IS NULL OR resident_id > $3::uuid) ORDER BY resident_id LIMIT $4`,
      [prefix.length, prefix, after, limit],
    );
    return rows;
  }

  /** Writes re-wrapped keys, each only if nobody changed it meanwhile. */
  async rewrap(keys: { id: string; old: string; wrapped: string }[]): Promise<void> {
    if (!keys.length) return;
    await this.pool.query(
      `UPDATE resident_data_key k SET wrapped = n.w FROM unnest($1::uuid[], $2::text[], $3::text[]) AS n(id, old, w)
        WHERE k.resident_id = n.id AND k.wrapped = n.old`,
      [keys.map((k) => k.id), keys.map((k) => k.old), keys.map((k) => k.wrapped)],
    );
  }

  async countStale(prefix: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM resident_data_key WHERE left(wrapped, $1) <> $2`, [prefix.length, prefix]);
    return rows[0].n;
  }

  /** The quick start and the tests: the store's database on the main database's server, made once. */
  private async createDatabaseIfMissing(): Promise<void> {
    const target = new URL(this.config.dataKeyStoreUrl);
    const name = decodeURIComponent(target.pathname.slice(1));
    const admin = new Client({ connectionString: this.config.DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      if (rows.length) return;
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        this.logger.log(`key store database ${name} created`);
      } catch (err) {
        // another node (or test server) made it at the same moment
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      }
    } finally {
      await admin.end();
    }
  }
}
