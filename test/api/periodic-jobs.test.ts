import { randomUUID } from 'node:crypto';
import { SESSION_CLOSE_JOB_ID } from '@lp/server/dist/attendance/session-closer';
import { bullPrefix, PERIODIC_QUEUE, PeriodicJobs } from '@lp/server/dist/scheduling/periodic-jobs';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { REDIS_NAMESPACE } from '@lp/server/dist/redis/redis-namespace';
import { startApi } from '../support/api';
import { testRedisUrl } from '../support/test-env';

const EVERY_MS = 200;
const RUN_MS = 3_000;

/** A PeriodicJobs of its own, as one instance of the portal would have, on a prefix no other test uses. */
function instance(prefix: string, redis: Redis | null): PeriodicJobs {
  return new PeriodicJobs(redis, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix });
}

describe('periodic jobs: one mechanism, one run per turn across instances', () => {
  it('three instances sharing Redis run a job once per turn between them; without Redis each runs it on its own timer', async () => {
    const prefix = `lp:bull:test-${randomUUID()}`;
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    const runs: string[] = [];
    const nodes = ['a', 'b', 'c'].map((name) => {
      const jobs = instance(prefix, redis);
      jobs.register({ id: 'count', everyMs: EVERY_MS, run: async () => void runs.push(name) });
      return jobs;
    });
    try {
      await Promise.all(nodes.map((n) => n.onApplicationBootstrap()));
      expect(nodes.map((n) => n.modeOf('count'))).toEqual(['queue', 'queue', 'queue']);
      await new Promise((r) => setTimeout(r, RUN_MS));
    } finally {
      await Promise.all(nodes.map((n) => n.onModuleDestroy()));
    }
    const turns = RUN_MS / EVERY_MS;
    // one run per turn in all (BullMQ's first run is immediate, and a turn may straddle the stop)
    expect(runs.length).toBeGreaterThanOrEqual(turns - 3);
    expect(runs.length).toBeLessThanOrEqual(turns + 2);

    const alone: string[] = [];
    const single = instance(prefix, null);
    single.register({ id: 'count', everyMs: EVERY_MS, run: async () => void alone.push('x') });
    await single.onApplicationBootstrap();
    expect(single.modeOf('count')).toBe('timer');
    await new Promise((r) => setTimeout(r, 1_000));
    await single.onModuleDestroy();
    expect(alone.length).toBeGreaterThanOrEqual(3);
    redis.disconnect();
    console.info(`periodic jobs: 3 instances on one Redis ran a ${EVERY_MS} ms job ${runs.length} times in ${RUN_MS / 1000} s (by ${[...new Set(runs)].join(', ')}; ${turns} turns), one instance without Redis ran it ${alone.length} times in 1 s on its timer`);
  });

  it('a run still going when its next turn comes is not started again in the same instance', async () => {
    const jobs = instance(`lp:bull:test-${randomUUID()}`, null);
    let concurrent = 0;
    let most = 0;
    jobs.register({
      id: 'slow',
      everyMs: 50,
      run: async () => {
        most = Math.max(most, ++concurrent);
        await new Promise((r) => setTimeout(r, 300));
        concurrent--;
      },
    });
    await jobs.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 800));
    await jobs.onModuleDestroy();
    expect(most).toBe(1);
  });

  it('the portal schedules the session auto-close on the shared queue, once, whatever the number of instances', async () => {
    const one = await startApi();
    const two = await startApi();
    const queue = new Queue(PERIODIC_QUEUE, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix: bullPrefix(one.app.get(REDIS_NAMESPACE)) });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === SESSION_CLOSE_JOB_ID)).toEqual([expect.objectContaining({ every: 60_000 })]);
      expect(one.app.get(PeriodicJobs).modeOf(SESSION_CLOSE_JOB_ID)).toBe('queue');
    } finally {
      await queue.close();
      await one.close();
      await two.close();
    }
  });
});
