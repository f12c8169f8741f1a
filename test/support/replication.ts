import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './server-process';

/** The machine's PostgreSQL 15 binaries (Debian's postgresql-15). */
const BIN = '/usr/lib/postgresql/15/bin';

export interface Replication {
  /** The primary's database `lp`, and the same database on the replica. */
  primaryUrl: string;
  replicaUrl: string;
  /** On the replica: pause or resume replaying the primary's WAL. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stopReplica(): void;
  startReplica(): void;
  /** Until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): void;
}

/** Runs a PostgreSQL binary as the postgres user: initdb and the server refuse to run as root. */
function asPostgres(command: string, args: string[]): string {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]] : [join(BIN, command), args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function sql<T>(url: string, text: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * A primary and a streaming replica of its own, made with initdb and pg_basebackup in a temporary
 * folder on free ports, replication allowed from 127.0.0.1 by its own pg_hba.conf.
 */
export async function startReplication(): Promise<Replication> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-replication-'));
  chmodSync(dir, 0o777);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  asPostgres('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  appendFileSync(
    join(primaryDir, 'postgresql.conf'),
    [
      `port = ${primaryPort}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'hot_standby = on',
      'fsync = off',
      'synchronous_commit = on',
      // a long statistics query on the replica is not cancelled by the replay it holds up for a while
      'max_standby_streaming_delay = 30s',
      '',
    ].join('\n'),
  );
  appendFileSync(join(primaryDir, 'pg_hba.conf'), 'host replication postgres 127.0.0.1/32 trust\nhost all postgres 127.0.0.1/32 trust\n');
  const start = (data: string, log: string) => asPostgres('pg_ctl', ['-D', data, '-l', join(dir, log), '-w', '-t', '60', 'start']);
  start(primaryDir, 'primary.log');
  const primaryAdmin = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  await sql(primaryAdmin, 'CREATE DATABASE lp');
  // a copy of the primary that follows it (-R writes standby.signal and primary_conninfo)
  asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
  appendFileSync(join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
  const startReplica = () => start(replicaDir, 'replica.log');
  startReplica();
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/lp`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/lp`;
  const stopCluster = (data: string) => {
    try {
      asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // already stopped
    }
  };
  return {
    primaryUrl,
    replicaUrl,
    pauseReplay: async () => void (await sql(replicaUrl, 'SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await sql(replicaUrl, 'SELECT pg_wal_replay_resume()')),
    stopReplica: () => stopCluster(replicaDir),
    startReplica,
    caughtUp: async () => {
      const [{ lsn }] = await sql<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
      for (let i = 0; i < 300; i++) {
        const [{ caught }] = await sql<{ caught: boolean }>(replicaUrl, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS caught`);
        if (caught) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the replica did not catch up within 15 s');
    },
    stop: () => {
      stopCluster(replicaDir);
      stopCluster(primaryDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
