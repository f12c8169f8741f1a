import { performance } from 'node:perf_hooks';

/** How often the clock looks at the time while something waits on it. */
const TICK_MS = 25;
/** The most one tick may add: a loop that could not run for longer was busy, not waiting. */
const MOST_PER_TICK_MS = 2 * TICK_MS;
/** However busy the process stays, a wait ends after this many times its own length. */
const WALL_BOUND = 4;

interface Waiter {
  readonly until: number;
  readonly wallUntil: number;
  readonly controller: AbortController;
}

/**
 * Time during which this process was able to run its event loop. A timeout on another party (WeChat,
 * a reading thread) judges that party by how long it kept us waiting; when our own loop was stalled
 * (a burst of requests on a busy machine), an answer can sit unread in the socket while the timer is
 * already late, and a plain `AbortSignal.timeout` would blame the other party for our queue. Here a
 * stall counts as at most one short tick, so the wait is extended by the time we could not listen,
 * up to four times its length.
 */
class ResponsiveClock {
  private credited = 0;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<Waiter>();

  /** A signal that aborts, with a `TimeoutError`, after `ms` of responsive time. */
  signal(ms: number): { signal: AbortSignal; clear: () => void } {
    this.advance();
    const controller = new AbortController();
    const waiter: Waiter = { until: this.credited + ms, wallUntil: performance.now() + WALL_BOUND * ms, controller };
    this.waiters.add(waiter);
    this.timer ??= setInterval(() => this.tick(), TICK_MS).unref();
    return {
      signal: controller.signal,
      clear: () => {
        this.waiters.delete(waiter);
        this.stopIfIdle();
      },
    };
  }

  private advance(): void {
    const now = performance.now();
    if (this.timer) this.credited += Math.min(now - this.last, MOST_PER_TICK_MS);
    this.last = now;
  }

  private tick(): void {
    this.advance();
    for (const w of this.waiters) {
      if (this.credited < w.until && this.last < w.wallUntil) continue;
      this.waiters.delete(w);
      w.controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }
    this.stopIfIdle();
  }

  private stopIfIdle(): void {
    if (this.waiters.size || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

const clock = new ResponsiveClock();

/**
 * Runs `work` with a signal that aborts after `ms` during which this process could run (see
 * ResponsiveClock); the clock stops watching once the work settles.
 */
export async function withResponsiveTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { signal, clear } = clock.signal(ms);
  try {
    return await work(signal);
  } finally {
    clear();
  }
}
