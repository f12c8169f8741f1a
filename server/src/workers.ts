import { Logger } from '@nestjs/common';
import cluster, { Worker } from 'node:cluster';
import { createApp, listenEverywhere } from './app';
import { AppConfig } from './config/app-config';

/** The primary's word to a worker: finish what you are doing and exit. */
const SHUTDOWN = 'lp:shutdown';
/** A worker that died is replaced after this pause, doubled for each replacement that failed to start. */
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker still running this long after being asked to stop is killed. */
const STOP_TIMEOUT_MS = 15_000;

export interface Workers {
  /** Resolves when every worker listens; rejects when one dies before it ever did. */
  listening: Promise<void>;
  /** Resolves when all workers have exited after SIGINT or SIGTERM reached this process. */
  stopped: Promise<void>;
}

/**
 * WEB_CONCURRENCY HTTP workers on one port (each accepts new connections from the socket they
 * share), so a busy district uses every core. Each worker runs the entry script again and ends up
 * in `serveAsWorker`. The primary only supervises: it replaces a worker that dies while serving,
 * and on SIGINT or SIGTERM asks every worker to finish its requests and exit. State the workers
 * share (live rosters, rate limits) goes through Redis; the configuration insists on REDIS_URL.
 */
export function superviseWorkers(count: number, env: NodeJS.ProcessEnv): Workers {
  const logger = new Logger('Workers');
  // Each worker accepts its own connections from the shared socket. Node's default on Linux has the
  // primary accept them and hand each to a worker, the next one only once that worker's event loop
  // has answered the last, so a busy worker takes new connections one loop turn at a time. Behind
  // deploy/nginx.conf every request comes on a new connection: two workers then answered 40 % more
  // requests this way (bench:accept: 3,681 a second against 2,632, medians of 3); in bench:close the phones'
  // new connections had waited up to a second in the first moment of the peak. The price: whichever
  // worker is free first takes a connection, so long-lived ones may split unevenly (60/40 measured;
  // 7 % fewer answers on keep-alive connections in bench:accept).
  // NODE_CLUSTER_SCHED_POLICY=rr chooses the primary's hand-off again.
  if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
  const served = new Set<number>();
  let running = false; // all of the first workers listened
  let failedRestarts = 0;
  let stopping = false;
  let failStart: (err: Error) => void = () => undefined;
  let allStopped: () => void = () => undefined;
  const stopped = new Promise<void>((done) => (allStopped = done));
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  const fork = (): Worker => {
    const worker = cluster.fork(env);
    worker.once('listening', () => served.add(worker.id));
    return worker;
  };
  const stopAll = () => {
    for (const w of alive()) {
      if (w.isConnected()) w.send(SHUTDOWN);
      setTimeout(() => w.isDead() || w.process.kill('SIGKILL'), STOP_TIMEOUT_MS).unref();
    }
    if (alive().length === 0) allStopped();
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (alive().length === 0) allStopped();
      return;
    }
    const how = signal ?? `exit code ${code}`;
    if (!running) {
      // the server cannot start (a port in use, a bad database): say so once instead of looping
      stopping = true;
      failStart(new Error(`a worker stopped while starting (${how})`));
      stopAll();
      return;
    }
    // later, a replacement may fail too (the database is down for a while): keep trying, slower
    failedRestarts = served.has(worker.id) ? 0 : failedRestarts + 1;
    const delay = Math.min(RESTART_DELAY_MS * 2 ** failedRestarts, MAX_RESTART_DELAY_MS);
    logger.warn(`worker ${worker.process.pid} stopped (${how}); starting another in ${delay / 1000} s`);
    setTimeout(() => stopping || fork(), delay);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal}: stopping ${alive().length} workers`);
      stopAll();
    });
  }

  const starting = Array.from({ length: count }, fork);
  const listening = new Promise<void>((ok, fail) => {
    failStart = fail;
    let waiting = starting.length;
    for (const w of starting) {
      w.once('listening', () => {
        if (--waiting > 0) return;
        running = true;
        ok();
      });
    }
  });
  return { listening, stopped };
}

/**
 * A worker: the whole application on the shared port. It stops when its primary says so or goes
 * away, or on its own SIGTERM; SIGINT (Ctrl-C reaches every process of the terminal) is left to
 * the primary, which then stops the workers in order.
 */
export async function serveAsWorker(): Promise<void> {
  process.on('SIGINT', () => undefined);
  const app = await createApp({ shutdownHooks: false }); // stopped by its primary, below
  let closing: Promise<void> | null = null;
  const stop = () => {
    closing ??= app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message) => message === SHUTDOWN && stop());
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  await listenEverywhere(app, app.get(AppConfig).PORT);
}
