import { BullRootModuleOptions, getSharedConfigToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { OptionalRedis, REDIS } from '../redis/redis.module';

/** The one queue every periodic job of the portal is scheduled on. */
export const PERIODIC_QUEUE = 'periodic';
/** BullMQ keys live under `<namespace>:bull`, next to the portal's own keys (see redis-namespace.ts). */
export function bullPrefix(namespace: string): string {
  return `${namespace}:bull`;
}

/** How long shutdown waits for a job in progress before cutting BullMQ's connections. */
const CLOSE_WAIT_MS = 10_000;

/**
 * BullMQ's connections are its own, made from REDIS_URL: its workers block on Redis and need
 * `maxRetriesPerRequest: null`, which the app's client (fail fast, 1 retry) must not have.
 */
export function bullOptions(config: AppConfig, namespace: string): BullRootModuleOptions {
  return {
    connection: { url: config.REDIS_URL, maxRetriesPerRequest: null, connectTimeout: 3000 },
    prefix: bullPrefix(namespace),
  };
}

/** Work that must happen every so often, once across all workers and nodes. */
export interface PeriodicJob {
  /** Stable name: the id of its schedule in Redis, the same on every instance. */
  id: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * The portal's one mechanism for periodic work (auto-close, review deadlines, reminders …).
 * Features register their jobs while the modules initialise; at bootstrap:
 * - with Redis, each job is a BullMQ job scheduler on the `periodic` queue under its fixed id, so
 *   every instance's start-up upserts the same schedule; every instance runs a worker, and BullMQ
 *   hands each run to exactly one of them;
 * - without Redis, a timer in this process runs each job (the server is then a single instance).
 * A run that is still going when its next turn comes is not started twice in one process.
 *
 * The queue and worker are made here at start-up, not declared with BullModule.registerQueue and
 * @Processor, because whether there is a Redis is only known once the configuration is read.
 */
@Injectable()
export class PeriodicJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PeriodicJobs.name);
  private readonly jobs = new Map<string, PeriodicJob>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private started = false;
  private lastError = '';

  constructor(
    @Inject(REDIS) private readonly redis: OptionalRedis,
    @Inject(getSharedConfigToken()) private readonly bull: BullRootModuleOptions,
  ) {}

  /** Call from a provider's onModuleInit: jobs are scheduled when the application bootstraps. */
  register(job: PeriodicJob): void {
    if (this.started) throw new Error(`periodic job ${job.id} registered after start-up`);
    if (this.jobs.has(job.id)) throw new Error(`periodic job ${job.id} registered twice`);
    this.jobs.set(job.id, job);
  }

  /** How a job runs here: a BullMQ job shared by all instances, a timer in this process, or not at all. */
  modeOf(id: string): 'queue' | 'timer' | 'off' {
    if (!this.jobs.has(id)) return 'off';
    return this.worker ? 'queue' : this.timers.length ? 'timer' : 'off';
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (this.jobs.size === 0) return;
    if (this.redis) await this.startQueue();
    else this.startTimers();
  }

  async onModuleDestroy(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all(this.running.values());
    // The worker first: it finishes the run in progress while the database is still open.
    if (this.worker) await this.closeWorker(this.worker);
    if (this.queue && !(await within(this.queue.close(), CLOSE_WAIT_MS))) void this.queue.disconnect().catch(() => undefined);
    this.worker = null;
    this.queue = null;
  }

  private async startQueue(): Promise<void> {
    const { connection, prefix } = this.bull;
    this.queue = new Queue(PERIODIC_QUEUE, { connection, prefix });
    this.queue.on('error', (err) => this.warnOnce(err));
    // one slot per job, so a long run of one never holds up the others
    this.worker = new Worker(PERIODIC_QUEUE, (job) => this.runQueued(job), { connection, prefix, concurrency: this.jobs.size });
    this.worker.on('error', (err) => this.warnOnce(err));
    this.worker.on('failed', (job, err) => this.logger.error({ job: job?.name, reason: err.message }, 'periodic job failed; its next run retries'));

    const queue = this.queue;
    const registered = Promise.all(
      [...this.jobs.values()].map((job) =>
        queue
          .upsertJobScheduler(job.id, { every: job.everyMs }, { name: job.id, opts: { removeOnComplete: 50, removeOnFail: 50 } })
          .then(() => true)
          .catch((err: Error) => {
            this.logger.error({ job: job.id, reason: err.message }, 'could not schedule a periodic job');
            return false;
          }),
      ),
    );
    // Redis answered moments ago; should it vanish now, start-up goes on and the commands wait for it.
    const inTime = await Promise.race([registered, delay(5000).then(() => null)]);
    if (inTime === null) this.logger.warn('Redis is slow to answer: periodic jobs will be scheduled when it does');
    this.logger.log({ jobs: [...this.jobs.keys()] }, 'periodic jobs: BullMQ schedules shared by all instances');
  }

  private async runQueued(job: Job): Promise<void> {
    const known = this.jobs.get(job.name);
    // a schedule left by an instance whose configuration has that job (another version, say)
    if (!known) return this.logger.warn({ job: job.name }, 'periodic job unknown to this instance: skipped');
    await this.runOnce(known, true);
  }

  private startTimers(): void {
    for (const job of this.jobs.values()) {
      const timer = setInterval(() => void this.runOnce(job, false), job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
    this.logger.log({ jobs: [...this.jobs.keys()] }, 'periodic jobs: timers in this process (no REDIS_URL: run a single instance)');
  }

  /** Runs `job` unless it is already running here; a queued run reports its failure to BullMQ. */
  private async runOnce(job: PeriodicJob, rethrow: boolean): Promise<void> {
    if (this.running.has(job.id)) return;
    const run = job.run().then(
      () => undefined,
      (err: Error) => {
        if (rethrow) throw err;
        this.logger.error({ job: job.id, reason: err.message }, 'periodic job failed; its next run retries');
      },
    );
    const settled = run.catch(() => undefined).finally(() => this.running.delete(job.id));
    this.running.set(job.id, settled);
    await run;
  }

  /**
   * A graceful close waits for the job in progress, but with Redis gone it would wait for
   * Redis forever (the job could not be marked done anyway): then the worker is closed at once.
   */
  private async closeWorker(worker: Worker): Promise<void> {
    const client = await Promise.race([worker.client, delay(1000).then(() => null)]);
    const connected = client?.status === 'ready';
    if (await within(worker.close(!connected), CLOSE_WAIT_MS)) return;
    this.logger.warn('the periodic-job worker did not stop in time: cutting its connection');
    void worker.disconnect().catch(() => undefined);
  }

  /** While Redis is down BullMQ reports every reconnection attempt: say it once. */
  private warnOnce(err: Error): void {
    if (err.message !== this.lastError) this.logger.warn({ reason: err.message }, 'periodic-job queue: Redis error');
    this.lastError = err.message;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Whether `work` finished within `ms` (its failure counts as finished: there is nothing left to wait for). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  const done = work.then(
    () => true,
    () => true,
  );
  return Promise.race([done, delay(ms).then(() => false)]);
}
