import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** The token under which the portal's Redis namespace (`lp:<id>`) is provided. */
export const REDIS_NAMESPACE = Symbol('REDIS_NAMESPACE');

/**
 * `lp:<REDIS_NAMESPACE>`, or `lp:<12 hex digits>` derived from the database this portal uses: the
 * PostgreSQL server's system identifier (a replica shares it with its primary) and the database's
 * name. Every node of one portal reads the same database, so they agree without configuration;
 * a portal on another database, on this server or another, gets another namespace. A server that
 * hides its system identifier (some hosted services) leaves the name alone to tell portals apart.
 */
export async function redisNamespace(config: AppConfig, db: DataSource): Promise<string> {
  if (config.REDIS_NAMESPACE) return `lp:${config.REDIS_NAMESPACE}`;
  const [{ name }] = await db.query<{ name: string }[]>('SELECT current_database() AS name');
  const system = await db
    .query<{ id: string }[]>('SELECT system_identifier::text AS id FROM pg_control_system()')
    .then(([row]) => row.id)
    .catch(() => '');
  return `lp:${createHash('sha256').update(`${system}/${name}`).digest('hex').slice(0, 12)}`;
}
