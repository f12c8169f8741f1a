// bench:accept — how the portal's worker processes take connections. Behind deploy/nginx.conf every
// request comes on a connection of its own (no upstream keep-alive pool); phones on the open internet
// hold theirs a while. Measured for both ways node:cluster can hand out connections: each worker
// accepting from the shared socket (the portal's choice) and the primary handing each to a worker in
// turn (NODE_CLUSTER_SCHED_POLICY=rr), on the portal's cheapest answer (GET /api/health/live, no token,
// no database), with BENCH_CONNECTIONS clients for BENCH_SECONDS each:
//   - a new connection per request;
//   - long-lived keep-alive connections (autocannon).
// Baseline: a bare node:http server in as many processes answering the same request, both ways, new
// connection per request; the best of the two.
// Last line: {"new_conn_rps","new_conn_rr_rps","gain","keepalive_rps","keepalive_rr_rps","bare_rps","ratio", …}.
import cluster from 'node:cluster';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { benchDatabase, freePort, percentile, round, startServer } from './harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WORKERS = process.env.REDIS_URL ? Number(process.env.BENCH_WORKERS ?? availableParallelism()) : 1;

if (cluster.isWorker) {
  // the bare server's worker: the least an HTTP answer can be
  http.createServer((_req, res) => res.end('{"status":"ok"}')).listen(Number(process.env.BARE_PORT), () => process.send('up'));
} else {
  await main();
}

/** CONNECTIONS loops, each opening a new connection for every request, for `seconds`. */
async function newConnectionEach(url, seconds = SECONDS) {
  const { hostname, port, pathname } = new URL(url);
  const latencies = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const started = process.hrtime.bigint();
        const status = await new Promise((done) => {
          const req = http.get({ host: hostname, port, path: pathname, agent: false }, (res) => {
            res.resume();
            res.once('end', () => done(res.statusCode));
          });
          req.once('error', () => done(0));
        });
        if (status !== 200) errors += 1;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: round(latencies.length / seconds), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), errors };
}

async function keepAlive(url) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { rps: round(r.requests.total / r.duration), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

/** The bare server in WORKERS processes with the given policy; resolves with its URL and a stop. */
async function bareServer(policy) {
  const port = await freePort();
  cluster.setupPrimary({ execArgv: [] });
  cluster.schedulingPolicy = policy === 'rr' ? cluster.SCHED_RR : cluster.SCHED_NONE;
  const workers = Array.from({ length: WORKERS }, () => cluster.fork({ BARE_PORT: String(port) }));
  await Promise.all(workers.map((w) => new Promise((up) => w.once('message', up))));
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => Promise.all(workers.map((w) => new Promise((gone) => { w.once('exit', gone); w.kill(); }))),
  };
}

async function main() {
  const db = await benchDatabase('lp_bench_accept');
  const portal = {};
  for (const policy of ['none', 'rr']) {
    // the portal reads NODE_CLUSTER_SCHED_POLICY: unset is its own choice (each worker accepts)
    const server = await startServer(db.url, { WEB_CONCURRENCY: String(WORKERS), ...(policy === 'rr' ? { NODE_CLUSTER_SCHED_POLICY: 'rr' } : {}) });
    const url = `${server.url}/api/health/live`;
    try {
      await newConnectionEach(url, 1); // warm-up: JIT, every worker
      portal[policy] = { newConn: await newConnectionEach(url), keepAlive: await keepAlive(url) };
    } finally {
      await server.stop();
    }
  }
  await db.close();
  const bare = {};
  for (const policy of ['none', 'rr']) {
    const server = await bareServer(policy);
    try {
      await newConnectionEach(server.url, 1);
      bare[policy] = await newConnectionEach(server.url);
    } finally {
      await server.stop();
    }
  }

  const best = Math.max(bare.none.rps, bare.rr.rps);
  const row = (label, r) => `${label.padEnd(58)} ${String(r.rps).padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}`;
  console.log(`
${CONNECTIONS} clients, ${SECONDS} s each, ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}; GET /api/health/live
                                                                rps   p50 ms   p99 ms  errors
${row('portal, new connection per request, each worker accepts', portal.none.newConn)}
${row('portal, new connection per request, round robin', portal.rr.newConn)}
${row('portal, keep-alive, each worker accepts', portal.none.keepAlive)}
${row('portal, keep-alive, round robin', portal.rr.keepAlive)}
${row('bare node:http, new connection per request, each accepts', bare.none)}
${row('bare node:http, new connection per request, round robin', bare.rr)}
each worker accepting / round robin, new connection per request: ${round(portal.none.newConn.rps / portal.rr.newConn.rps)}; keep-alive: ${round(portal.none.keepAlive.rps / portal.rr.keepAlive.rps)}
portal / best bare, new connection per request: ${round(portal.none.newConn.rps / best)}`);
  const errors = [portal.none.newConn, portal.rr.newConn, portal.none.keepAlive, portal.rr.keepAlive, bare.none, bare.rr].reduce((s, r) => s + r.errors, 0);
  console.log(JSON.stringify({
    new_conn_rps: portal.none.newConn.rps, new_conn_rr_rps: portal.rr.newConn.rps, gain: round(portal.none.newConn.rps / portal.rr.newConn.rps),
    keepalive_rps: portal.none.keepAlive.rps, keepalive_rr_rps: portal.rr.keepAlive.rps, bare_rps: best, ratio: round(portal.none.newConn.rps / best),
    new_conn_p99_ms: portal.none.newConn.p99, new_conn_rr_p99_ms: portal.rr.newConn.p99, bare_none_rps: bare.none.rps, bare_rr_rps: bare.rr.rps, errors, workers: WORKERS,
  }));
  if (errors > 0) process.exitCode = 1;
}
