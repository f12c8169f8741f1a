// The bare limit for bench:enroll: node:http in WORKERS processes (node:cluster, like the portal),
// doing the least correct work of an enrollment — take a place or a waitlist number atomically
// and insert it — in one statement. Requests for one course that arrive while that course's
// statement runs go together in the next one, as the portal groups them (same freedom to batch).
// Started by enroll.mjs as a child process; says 'ready' when every worker listens.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import pg from 'pg';

const WORKERS = Number(process.env.WORKERS ?? 1);

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork().once('listening', () => {
      if (++listening === WORKERS) process.send?.('ready');
    });
  }
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers).length || process.exit(0));
  });
} else {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  // the course's counter moves under its row lock; each resident gets the next number, a place
  // while the number is within capacity, else a waitlist number
  const take = {
    name: 'bare-take',
    text: `WITH c AS (UPDATE bench_course SET taken = taken + cardinality($2::uuid[]) WHERE id = $1
                     RETURNING capacity, taken - cardinality($2::uuid[]) AS before)
           INSERT INTO bench_seat (course_id, resident_id, number, waitlisted)
           SELECT $1, r.id, c.before + r.n, c.before + r.n > c.capacity
           FROM c, unnest($2::uuid[]) WITH ORDINALITY AS r(id, n)
           RETURNING resident_id, number, waitlisted`,
  };
  /** Requests waiting for their course's next statement, and the courses with one running. */
  const waiting = new Map();
  const running = new Set();

  const flush = async (courseId) => {
    const batch = waiting.get(courseId);
    waiting.delete(courseId);
    running.add(courseId);
    try {
      const { rows } = await pool.query({ ...take, values: [courseId, batch.map((b) => b.residentId)] });
      const byResident = new Map(rows.map((r) => [r.resident_id, r]));
      for (const b of batch) {
        const r = byResident.get(b.residentId);
        b.res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ number: Number(r.number), waitlisted: r.waitlisted }));
      }
    } catch (err) {
      for (const b of batch) b.res.writeHead(500).end(String(err));
    }
    running.delete(courseId);
    if (waiting.has(courseId)) flush(courseId);
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const courseId = Number(/^\/courses\/(\d+)\/enrollments$/.exec(req.url)?.[1]);
      let residentId;
      try {
        residentId = JSON.parse(body).residentId;
      } catch {
        residentId = undefined;
      }
      if (!courseId || typeof residentId !== 'string') return res.writeHead(400).end();
      const queue = waiting.get(courseId);
      if (queue) queue.push({ residentId, res });
      else waiting.set(courseId, [{ residentId, res }]);
      if (!running.has(courseId)) flush(courseId);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}
