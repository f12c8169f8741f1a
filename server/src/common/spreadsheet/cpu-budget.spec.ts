import { CpuBudget, threadCpuMs } from './cpu-budget';
import { SpreadsheetRefusal } from './spreadsheet-limits';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps this thread busy until it has used `ms` of CPU time (or 10 s of clock time have passed). */
function spendCpu(ms: number): void {
  const start = threadCpuMs()!;
  const giveUp = Date.now() + 10_000;
  while (threadCpuMs()! - start < ms && Date.now() < giveUp) Math.sqrt(Math.random());
}

describe('CpuBudget', () => {
  it('reads this thread’s CPU time from Linux', () => {
    expect(threadCpuMs()).toEqual(expect.any(Number));
  });

  it('does not count time the thread spent waiting: a file read slowly on a busy machine is not refused', async () => {
    const budget = new CpuBudget(100);
    await sleep(400);
    expect(() => budget.check()).not.toThrow();
    expect(budget.spentMs()).toBeLessThan(100);
  });

  it('refuses as too_complex once the thread has spent the budget on the file', () => {
    const budget = new CpuBudget(100);
    spendCpu(150);
    let refusal: unknown;
    try {
      budget.check();
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(SpreadsheetRefusal);
    expect((refusal as SpreadsheetRefusal).reason).toBe('too_complex');
  });
});
