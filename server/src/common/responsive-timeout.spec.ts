import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { withResponsiveTimeout } from './responsive-timeout';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const whenAborted = (signal: AbortSignal) => new Promise<number>((done) => signal.addEventListener('abort', () => done(performance.now()), { once: true }));

/** Holds the event loop, as a burst of requests on a busy machine does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) Math.sqrt(Math.random());
}

/** Holds the loop from a callback after its poll phase, as a request handled there does: when it resumes, overdue timers run before sockets are read. */
const holdLoop = (ms: number, first = () => {}) => new Promise<void>((done) => setImmediate(() => (first(), block(ms), done())));

describe('withResponsiveTimeout', () => {
  it('times out a party that keeps a responsive process waiting, after about the time given', async () => {
    const t0 = performance.now();
    const outcome = await withResponsiveTimeout(200, (signal) => whenAborted(signal).then((at) => ({ at, reason: (signal.reason as Error).name })));
    expect(outcome.reason).toBe('TimeoutError');
    expect(outcome.at - t0).toBeGreaterThanOrEqual(190);
    expect(outcome.at - t0).toBeLessThan(600);
  });

  it('does not blame the other party for a stalled event loop: an answer waiting in the socket when the loop resumes is taken', async () => {
    // the other party runs on its own thread: it holds each request until told to answer, so the
    // answer arrives while this thread's loop is held
    const server = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const waiting = [];
       const server = require('node:http').createServer((_req, res) => { waiting.push(res); parentPort.postMessage('asked'); });
       server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
       parentPort.on('message', () => waiting.splice(0).forEach((res) => res.end('answered')));`,
      { eval: true },
    );
    const next = () => new Promise<unknown>((done) => server.once('message', done));
    const url = `http://127.0.0.1:${await next()}/`;
    /** Asks, and once the request is in, has it answered while the loop is held for 1.5 s. */
    const askDuringStall = async (signal: AbortSignal) => {
      const asked = next();
      const answer = fetch(url, { signal }).then((r) => r.text(), (err: Error) => err.name);
      await asked;
      await holdLoop(1500, () => server.postMessage('answer'));
      return answer;
    };
    try {
      expect(await withResponsiveTimeout(500, askDuringStall)).toBe('answered');
      // the same stall under a plain timer: the overdue timer fires before the socket is read
      expect(await askDuringStall(AbortSignal.timeout(500))).toBe('TimeoutError');
    } finally {
      await server.terminate();
    }
  });

  it('still ends a wait that the process can never finish, within four times its length', async () => {
    const t0 = performance.now();
    const ended = await withResponsiveTimeout(100, async (signal) => {
      const aborted = whenAborted(signal);
      for (let i = 0; i < 20 && !signal.aborted; i++) {
        block(60);
        await sleep(1);
      }
      return aborted;
    });
    expect(ended - t0).toBeLessThan(4 * 100 + 200);
  });

  it('stops watching once the work settles', async () => {
    let seen: AbortSignal | undefined;
    await withResponsiveTimeout(50, async (signal) => {
      seen = signal;
    });
    await sleep(120);
    expect(seen!.aborted).toBe(false);
  });
});
