import { ChildProcess, spawn } from 'node:child_process';
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

async function spawnServer(entry: string, databaseUrl: string, env: Record<string, string>, fixedPort?: number): Promise<ServerProcess> {
  const port = fixedPort ?? (await freePort());
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
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
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
