// The bare limit for bench:checkin: node:http and one prepared INSERT … ON CONFLICT DO NOTHING.
// Started by checkin.mjs as a child process, like the real server, so both pay the same costs.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const insert = { name: 'bare-insert', text: 'INSERT INTO bench_bare (session_id, resident_id) VALUES ($1, $2) ON CONFLICT DO NOTHING' };

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    try {
      const { sessionId, residentId } = JSON.parse(body);
      await pool.query({ ...insert, values: [sessionId, residentId] });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
