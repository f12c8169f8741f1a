import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './server-process';

/** Debian's PgBouncer (package pgbouncer; .ci/run installs it). */
const PGBOUNCER = '/usr/sbin/pgbouncer';

export interface PgBouncer {
  /** The pooler's address for `database`, e.g. for DATABASE_URL. */
  urlFor(database: string): string;
  /** A query on PgBouncer's admin console (SHOW POOLS, SHOW STATS…). */
  admin<T>(command: string): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * Starts PgBouncer in transaction mode in front of the PostgreSQL `serverUrl` points at, on a free
 * port, with what README's "Behind PgBouncer" says to set: every database of that server, logged in
 * as its user, each server connection given the portal's statement timeout by connect_query
 * (unless `statementTimeout` is false, to show what happens without). Clients are not asked for a
 * password (auth_type any): give them whatever user and password their own checks want.
 * PgBouncer refuses to run as root: it runs as the postgres user, from a folder of its own.
 */
export async function startPgBouncer(serverUrl: string, { poolSize = 20, statementTimeout = true } = {}): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lp-pgbouncer-'));
  const user = decodeURIComponent(server.username || 'postgres');
  const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [Number(owner.stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())];
  const password = server.password ? ` password=${decodeURIComponent(server.password)}` : '';
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432} user=${user}${password}${statementTimeout ? " connect_query='SET statement_timeout = 15000'" : ''}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = any',
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 1000',
      'ignore_startup_parameters = extra_float_digits',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) chownSync(dir, uid, gid);
  const asPostgres = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', PGBOUNCER, join(dir, 'pgbouncer.ini')]] : [PGBOUNCER, [join(dir, 'pgbouncer.ini')]];
  const child: ChildProcess = spawn(asPostgres[0] as string, asPostgres[1] as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const urlFor = (database: string) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;

  const admin = async <T>(command: string): Promise<T[]> => {
    const client = new Client({ connectionString: urlFor('pgbouncer') });
    await client.connect();
    try {
      // without parameters node-postgres sends a simple query, the only kind the admin console takes
      return (await client.query(command)).rows as T[];
    } finally {
      await client.end();
    }
  };

  for (let i = 0; ; i++) {
    try {
      await admin('SHOW VERSION');
      break;
    } catch (err) {
      if (child.exitCode !== null || i > 100) throw new Error(`PgBouncer did not start: ${(err as Error).message}\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    urlFor,
    admin,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // PgBouncer itself, not runuser in front of it, which does not pass the signal on
        process.kill(Number(readFileSync(join(dir, 'pgbouncer.pid'), 'utf8').trim()), 'SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
