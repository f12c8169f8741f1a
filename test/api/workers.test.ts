import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { freshDatabase } from '../support/global-setup';
import { ownPostgres } from '../support/own-postgres';
import { freePort, ServerProcess, startServerProcess, untilStalled } from '../support/server-process';

/**
 * WEB_CONCURRENCY=2: the portal's primary loads the demo data once, runs two workers on one port,
 * replaces a worker that dies (more slowly while replacements fail, as when the database is down),
 * stops both on SIGTERM, and gives up (exit code 1) when the first workers cannot start instead of
 * starting them again and again.
 */
let dbUrl: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dbUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_workers');
}, 60_000);
afterAll(() => server?.stop());

/** Live child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found.sort();
}

/** Whether process `pid` holds a socket listening on TCP `port` (from /proc/net and the process's descriptors). */
function listensOn(pid: number, port: number): boolean {
  const listening = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local address as hex ip:port, state 0A is LISTEN, the inode is the tenth field
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) listening.add(f[9]);
    }
  }
  return readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return listening.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
    } catch {
      return false; // closed while we looked
    }
  });
}

/**
 * `probe()` until `ok` says yes, for as long as the portal keeps working at it (untilStalled): on a
 * busy machine a worker's start can take far longer than on a quiet one without anything being wrong.
 */
async function waitFor<T>(portal: ServerProcess, what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  try {
    await untilStalled(portal.child.pid!, what, async () => ok((last = await probe())));
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
  return last as T;
}

it('two workers serve one port; one that dies is replaced; SIGTERM stops them all', async () => {
  server = await startServerProcess(dbUrl, { WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' });
  const primary = server.child.pid!;
  // health answers as soon as one worker listens; a worker lost before both do means a failed start
  await waitFor(server, 'both workers listening', () => server!.output(), (o) => /2 workers share port/.test(o));
  const workers = childrenOf(primary);
  expect(workers).toHaveLength(2);
  // each worker accepts its own connections: a burst of new ones does not wait for the primary to
  // hand them over one event-loop turn of a busy worker at a time
  expect(workers.map((pid) => listensOn(pid, Number(new URL(server!.url).port)))).toEqual([true, true]);
  expect(server.output().match(/demo data loaded/g)).toHaveLength(1);
  const demo = await fetch(`${server.url}/api/auth/demo/accounts`);
  expect(demo.status).toBe(200);

  process.kill(workers[0], 'SIGKILL');
  const after = await waitFor(server, 'a replacement', () => childrenOf(primary), (c) => c.length === 2 && !c.includes(workers[0]));
  expect(after).toContain(workers[1]);
  await waitFor(server, 'the log line', () => server!.output(), (o) => new RegExp(`worker ${workers[0]} stopped \\(SIGKILL\\); starting another in 1 s`).test(o));
  // the new worker takes connections: both answer, whichever gets each of these
  const replies = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server!.url}/api/health`, { headers: { connection: 'close' } })));
  expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));

  const exited = new Promise<number | null>((done) => server!.child.once('exit', (code) => done(code)));
  server.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(after.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  server = undefined;
}, 300_000);

it('a worker that dies while the database is down is replaced once it is back; the portal does not give up', async () => {
  const pg = await ownPostgres();
  let portal: ServerProcess | undefined;
  try {
    portal = await startServerProcess(pg.url, { WEB_CONCURRENCY: '2', LOG_LEVEL: 'info', DEMO_MODE: 'false' });
    const primary = portal.child.pid!;
    await waitFor(portal, 'both workers listening', () => portal!.output(), (o) => /2 workers share port/.test(o));
    const workers = childrenOf(primary);
    expect(workers).toHaveLength(2);
    await pg.stop();
    process.kill(workers[0], 'SIGKILL');
    // the replacement cannot reach the database, stops, and the next one waits twice as long
    await waitFor(portal, 'a failed replacement', () => portal!.output(), (o) => /starting another in 2 s/.test(o));
    await pg.start();
    const health = () => fetch(`${portal!.url}/api/health`, { headers: { connection: 'close' } }).then((r) => r.status);
    await waitFor(portal, 'two workers again', () => childrenOf(primary), (c) => c.length === 2 && !c.includes(workers[0]));
    await waitFor(portal, 'healthy', health, (status) => status === 200);
    expect(portal.child.exitCode).toBeNull();
  } finally {
    await portal?.stop();
    await pg.exit();
  }
}, 300_000);

it('when the workers cannot listen (the port is taken), the portal exits with code 1 instead of looping', async () => {
  const port = await freePort();
  // answers every request with 503, so the health poll neither passes nor hangs
  const squatter: Server = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((ok) => squatter.listen(port, '::', ok));
  try {
    await expect(startServerProcess(dbUrl, { WEB_CONCURRENCY: '2' }, port)).rejects.toThrow(/server exited with 1[\s\S]*a worker stopped while starting/);
  } finally {
    squatter.close();
  }
}, 300_000);
