import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SpreadsheetRefusal } from './spreadsheet-limits';

/** How often a reader looks at its thread's CPU time (a read of /proc costs 10–50 µs). */
const LOOK_EVERY_MS = 20;
/** /proc counts CPU time in ticks of USER_HZ, which Linux fixes at 100 a second for user space. */
const MS_PER_TICK = 10;

/**
 * CPU time the calling thread has used, in milliseconds, from Linux's /proc/thread-self/stat
 * (utime and stime, the 14th and 15th fields, counted after the command name's closing bracket);
 * null where there is no such file.
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * MS_PER_TICK : null;
  } catch {
    return null;
  }
}

/**
 * The time one file may cost its reading thread, counted in the thread's own CPU time: the thread
 * runs at a lower priority, so on a busy machine a small file can take seconds of clock time while
 * using milliseconds of CPU, and must not be refused for the machine's load. Where the thread's CPU
 * time cannot be read, clock time from the start of the file counts instead.
 */
export class CpuBudget {
  private readonly startCpu = threadCpuMs();
  private readonly startWall = performance.now();
  private nextLook = this.startWall + LOOK_EVERY_MS;

  constructor(private readonly limitMs: number) {}

  /** Refuses the file (too_complex) once its budget is spent; cheap enough to call for every event. */
  check(): void {
    const now = performance.now();
    if (now < this.nextLook) return;
    this.nextLook = now + LOOK_EVERY_MS;
    if (this.spentMs(now) > this.limitMs) throw new SpreadsheetRefusal('too_complex');
  }

  spentMs(now = performance.now()): number {
    const cpu = this.startCpu === null ? null : threadCpuMs();
    return cpu === null || this.startCpu === null ? now - this.startWall : cpu - this.startCpu;
  }
}
