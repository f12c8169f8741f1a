/**
 * At most `size` of a kind of work at once in this process; the rest wait their turn in arrival
 * order. For heavy transactions that arrive in bursts (sessions closing together): however many
 * come, they hold at most `size` of the pool's connections, and the light requests that share the
 * pool (heartbeats, check-ins) still find one.
 */
export class Bulkhead {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`bulkhead size ${size}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((turn) => this.waiting.push(turn));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
