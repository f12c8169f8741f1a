import { spawn } from 'node:child_process';
import { treeCpuSeconds, untilStalled } from '../support/server-process';

/**
 * The tests wait for a server as long as it works at starting, and no longer once it stops working:
 * a busy machine makes a start slow, a stuck server makes no progress at all.
 */
function child(script: string) {
  const p = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return { pid: p.pid!, stop: () => p.kill('SIGKILL') };
}

it('a process that keeps using CPU is waited for past the stall window; one that sleeps is reported stuck', async () => {
  // a parent whose child does the work, as the portal's primary and its workers do
  const busy = child(`require('node:child_process').spawn(process.execPath, ['-e', 'for (const end = Date.now() + 6000; Date.now() < end;);'], { stdio: 'ignore' }); setInterval(() => {}, 1000)`);
  const idle = child('setInterval(() => {}, 1000)');
  try {
    const started = Date.now();
    await untilStalled(busy.pid, 'a slow start', async () => Date.now() - started > 4000, 2000);
    // the work was the grandchild's: the parent alone used almost nothing
    expect(treeCpuSeconds(busy.pid)).toBeGreaterThan(0.2);

    const waited = Date.now();
    await expect(untilStalled(idle.pid, 'a stuck start', async () => false, 1000)).rejects.toThrow(/still waiting for a stuck start: the server used no CPU for 1 s \(stuck\)/);
    expect(Date.now() - waited).toBeLessThan(10_000);
    console.log(`[start-patience] waited 4 s for a working process with a 2-s stall window; gave up on a sleeping one after ${Date.now() - waited} ms`);
  } finally {
    busy.stop();
    idle.stop();
  }
});
