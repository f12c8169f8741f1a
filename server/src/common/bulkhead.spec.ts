import { Bulkhead } from './bulkhead';

describe('Bulkhead', () => {
  it('runs at most its size at once, the rest in arrival order, and goes on after a failure', async () => {
    const bulkhead = new Bulkhead(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const job = (n: number) =>
      bulkhead.run(async () => {
        started.push(n);
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (n === 1) throw new Error('one failed');
        return n;
      });

    const outcomes = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(job));

    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'))).toEqual([0, 'failed', 2, 3, 4, 5]);
    expect(await job(7)).toBe(7);
  });
});
