// The bare limit for bench:checkin: node:http and INSERT … ON CONFLICT DO NOTHING, nothing else.
// Started by checkin.mjs as a child process, like the real server, so both pay the same costs, and
// given the same freedoms as the portal:
// - BARE_WORKERS=N: N processes on one port through node:cluster, as the portal's WEB_CONCURRENCY;
// - BARE_BATCH=1: inserts arriving together share one multi-row INSERT, gathered the way the
//   portal's check-in batcher gathers them (server/src/attendance/attendance.repository.ts): a
//   statement leaves BARE_BATCH_WINDOW_MS after its first row arrived (2, as the portal; 0 means
//   the next turn of the event loop), at most BARE_MAX_BATCH rows, at most BARE_MAX_IN_FLIGHT
//   statements at the database at once; rows arriving meanwhile wait for the next one.
// Without BARE_BATCH, every request is one prepared single-row INSERT.
// The primary (or the one process) sends 'ready' to its parent once every process listens.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import pg from 'pg';

const WORKERS = Math.max(1, Number(process.env.BARE_WORKERS ?? 1));
const BATCH = process.env.BARE_BATCH === '1';
const WINDOW_MS = Number(process.env.BARE_BATCH_WINDOW_MS ?? 2);
const MAX_BATCH = Number(process.env.BARE_MAX_BATCH ?? 200);
const MAX_IN_FLIGHT = Number(process.env.BARE_MAX_IN_FLIGHT ?? 4);
const POOL = Number(process.env.BARE_POOL_SIZE ?? 20);

// gone with whoever started it (the benchmark, or the primary for a worker), even if it died
if (process.connected) process.on('disconnect', () => process.exit(0));

if (WORKERS > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork().once('listening', () => {
      if (++listening === WORKERS) process.send?.('ready');
    });
  }
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    console.error(`bare worker ${w.process.pid} stopped (${signal ?? code})`);
    process.exit(1); // a bare figure from fewer processes than asked would be no figure
  });
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const check = setInterval(() => Object.keys(cluster.workers ?? {}).length === 0 && (clearInterval(check), process.exit(0)), 50);
  });
} else {
  serve();
}

function serve() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: POOL });
  const insertOne = { name: 'bare-insert', text: 'INSERT INTO bench_bare (session_id, resident_id) VALUES ($1, $2) ON CONFLICT DO NOTHING' };
  const insertMany = {
    name: 'bare-insert-many',
    text: `INSERT INTO bench_bare (session_id, resident_id) SELECT * FROM unnest($1::int[], $2::uuid[])
           ON CONFLICT DO NOTHING RETURNING session_id, resident_id`,
  };

  // the portal's batcher, step for step: a batch is scheduled when its first row arrives, to leave
  // after the window if fewer than MAX_IN_FLIGHT statements are out then, else when one comes
  // back; it gathers rows until it leaves or is full
  let gathering = null;
  let inFlight = 0;
  const waiting = [];
  const later = WINDOW_MS > 0 ? (fn) => setTimeout(fn, WINDOW_MS) : (fn) => setImmediate(fn);
  const send = async (rows) => {
    inFlight += 1;
    try {
      if (rows.length === 1) {
        const { rowCount } = await pool.query({ ...insertOne, values: [rows[0].sessionId, rows[0].residentId] });
        rows[0].done(null, rowCount === 1);
        return;
      }
      const { rows: inserted } = await pool.query({ ...insertMany, values: [rows.map((b) => b.sessionId), rows.map((b) => b.residentId)] });
      const keys = new Set(inserted.map((r) => `${r.session_id}/${r.resident_id}`));
      for (const b of rows) b.done(null, keys.delete(`${b.sessionId}/${b.residentId}`));
    } catch (err) {
      for (const b of rows) b.done(err);
    } finally {
      inFlight -= 1;
      waiting.shift()?.();
    }
  };
  const dispatch = (batch) => {
    if (gathering === batch) gathering = null;
    void send(batch);
  };
  const schedule = (batch) => {
    if (inFlight < MAX_IN_FLIGHT) later(() => dispatch(batch));
    else waiting.push(() => dispatch(batch));
  };
  const together = (sessionId, residentId) =>
    new Promise((resolve, reject) => {
      if (!gathering || gathering.length >= MAX_BATCH) schedule((gathering = []));
      gathering.push({ sessionId, residentId, done: (err, created) => (err ? reject(err) : resolve(created)) });
    });

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      try {
        const { sessionId, residentId } = JSON.parse(body);
        const created = BATCH ? await together(sessionId, residentId) : (await pool.query({ ...insertOne, values: [sessionId, residentId] }), true);
        res.writeHead(created ? 201 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(Number(process.env.PORT), '127.0.0.1', () => WORKERS === 1 && process.send?.('ready'));
  process.on('SIGTERM', () => {
    server.close(() => pool.end().then(() => process.exit(0)));
    server.closeIdleConnections();
  });
}
