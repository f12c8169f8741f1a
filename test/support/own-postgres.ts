import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './server-process';

/** A PostgreSQL only this test uses, which it may stop and start (see embedded-pg-child.mjs). */
export interface OwnPostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  exit(): Promise<void>;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const child: ChildProcess = fork(join(__dirname, 'embedded-pg-child.mjs'), { env: { ...process.env, PG_PORT: String(port) }, stdio: 'inherit' });
  const reply = (expected: string) => new Promise<void>((ok) => child.once('message', (m) => m === expected && ok()));
  await reply('ready');
  const command = async (c: string) => {
    const done = reply(c);
    child.send(c);
    await done;
  };
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => command('stop'),
    start: () => command('start'),
    exit: () => new Promise<void>((ok) => (child.exitCode !== null ? ok() : (child.once('exit', () => ok()), child.send('exit')))),
  };
}
