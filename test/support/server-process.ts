import { Client } from 'pg';
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TEST_SECRETS, TEST_SETTINGS, testRedisUrl } from './test-env';

const PORTAL = resolve(__dirname, '..', '..', 'server', 'dist', 'portal.js');
const MAIN = resolve(__dirname, '..', '..', 'server', 'dist', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for assertions on logs. */
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the portal exactly as `npm start` does (server/dist/portal.js), as its own process:
 * migrations, demo data when DEMO_MODE is on and the database is empty, API and H5 app.
 */
export function startServerProcess(databaseUrl: string, env: Record<string, string> = {}, fixedPort?: number): Promise<ServerProcess> {
  return spawnServer(PORTAL, databaseUrl, env, fixedPort);
}

/**
 * Starts the production entry (server/dist/main.js), as the image does: no migrations, no demo
 * data. `env` must make it a valid production configuration (see support/production.ts).
 */
export function startProductionEntry(databaseUrl: string, env: Record<string, string>): Promise<ServerProcess> {
  return spawnServer(MAIN, databaseUrl, { DEMO_MODE: 'false', ...env });
}

/** The database `<name>_keys` beside `databaseUrl`, made if missing; its URL, with the same role. */
async function keyStoreBeside(databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1)}_keys`;
  const admin = new Client({ connectionString: process.env.E2E_ADMIN_DATABASE_URL! });
  await admin.connect();
  try {
    if (!(await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rows.length) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

async function spawnServer(entry: string, databaseUrl: string, env: Record<string, string>, fixedPort?: number): Promise<ServerProcess> {
  const port = fixedPort ?? (await freePort());
  // production needs its key store named, in a database of its own: the main one's name with _keys
  if (env.DATA_KEY_STORE_URL === undefined && env.NODE_ENV === 'production') env = { ...env, DATA_KEY_STORE_URL: await keyStoreBeside(databaseUrl) };
  let output = '';
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl(),
      ...TEST_SECRETS,
      ...TEST_SETTINGS,
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
      DEMO_MODE: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilStalled(child.pid!, 'the server to answer /api/health with 200', async () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:`);
      // null: not listening yet, or too busy to answer within the 10 s (asked again)
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
      return res?.ok === true;
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** CPU seconds used so far by `pid` and every process below it (cluster workers), from /proc. */
export function treeCpuSeconds(pid: number): number {
  const parentOf = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      // utime and stime, own and of children already reaped (workers that died)
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS);
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (p: number): boolean => {
    for (let at: number | undefined = p; at && at > 1; at = parentOf.get(at)) if (at === pid) return true;
    return false;
  };
  let total = 0;
  for (const [p, seconds] of cpu) if (inTree(p)) total += seconds;
  return total;
}

/** Linux's clock ticks per second for /proc times (USER_HZ), 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;
/** A server that used less CPU than this over STALL_MS is waiting for nothing that will come. */
const STALL_MS = 45_000;
const STALL_CPU_SECONDS = 0.05;
/** However busy it keeps, a start that takes longer than this has gone wrong. */
const MOST_MS = 240_000;

/**
 * Polls `done` (every 250 ms) until it says true, for as long as the server (`pid` and its workers)
 * keeps making progress: a wall-clock limit alone would blame the server for a busy machine, where
 * a start that takes 6 s of CPU can take minutes. It gives up when the server used almost no CPU
 * for 45 s while not done (stuck; a portal waits at most 30 s between attempts to replace a worker), or after 4 minutes in any case.
 */
export async function untilStalled(pid: number, what: string, done: () => Promise<boolean>, stallMs = STALL_MS): Promise<void> {
  const started = Date.now();
  let mark = { at: started, cpu: treeCpuSeconds(pid) };
  for (;;) {
    if (await done()) return;
    const now = Date.now();
    const cpu = treeCpuSeconds(pid);
    if (cpu - mark.cpu >= STALL_CPU_SECONDS) mark = { at: now, cpu };
    else if (now - mark.at > stallMs) throw new Error(`still waiting for ${what}: the server used no CPU for ${stallMs / 1000} s (stuck)`);
    if (now - started > MOST_MS) throw new Error(`still waiting for ${what} after ${MOST_MS / 1000} s (it used ${cpu.toFixed(1)} s of CPU)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
