import { BullRootModuleOptions, getSharedConfigToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { ReminderService } from './reminders.service';

export const REMINDER_QUEUE = 'reminders';
export const SWEEP_SCHEDULER_ID = 'reminder-sweep';
/** BullMQ keys live under this prefix, next to the app's own keys in the same Redis. */
export const BULL_PREFIX = 'lp:bull';

/** How long shutdown waits for a sweep in progress before cutting BullMQ's connections. */
const CLOSE_WAIT_MS = 10_000;

/**
 * BullMQ's connections are its own, made from REDIS_URL: its workers block on Redis and need
 * `maxRetriesPerRequest: null`, which the app's client (fail fast, 1 retry) must not have.
 */
export function bullOptions(config: AppConfig): BullRootModuleOptions {
  return {
    connection: { url: config.REDIS_URL, maxRetriesPerRequest: null, connectTimeout: 3000 },
    prefix: BULL_PREFIX,
  };
}

/**
 * Runs the reminder sweep every REMINDER_SWEEP_SECONDS.
 *
 * With Redis: a BullMQ job scheduler on the `reminders` queue; every instance runs a worker,
 * and BullMQ hands each job to exactly one of them. Without Redis: a timer in this process,
 * which is then the only one. With reminders off, nothing runs.
 *
 * The queue and worker are made here at start-up, not declared with BullModule.registerQueue
 * and @Processor, because whether there is a Redis is only known once the configuration is read.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderScheduler.name);
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private lastError = '';

  constructor(
    private readonly config: AppConfig,
    private readonly reminders: ReminderService,
    @Inject(REDIS) private readonly redis: OptionalRedis,
    @Inject(getSharedConfigToken()) private readonly bull: BullRootModuleOptions,
  ) {}

  /** How sweeps run here: a BullMQ job shared by all instances, a timer in this process, or not at all. */
  get mode(): 'queue' | 'timer' | 'off' {
    return this.worker ? 'queue' : this.timer ? 'timer' : 'off';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WECHAT_REMINDER_TEMPLATE_ID) {
      this.logger.log('reminders are off (WECHAT_REMINDER_TEMPLATE_ID is not set): no sweep scheduled');
      return;
    }
    if (this.redis) await this.startQueue();
    else this.startTimer();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
    // The worker first: it finishes the sweep it is running while the database is still open.
    if (this.worker) await this.closeWorker(this.worker);
    if (this.queue && !(await within(this.queue.close(), CLOSE_WAIT_MS))) void this.queue.disconnect().catch(() => undefined);
    this.worker = null;
    this.queue = null;
  }

  /**
   * A graceful close waits for the job in progress, but with Redis gone it would wait for
   * Redis forever (the job could not be marked done anyway): then the worker is closed at once.
   */
  private async closeWorker(worker: Worker): Promise<void> {
    const client = await Promise.race([worker.client, delay(1000).then(() => null)]);
    const connected = client?.status === 'ready';
    if (await within(worker.close(!connected), CLOSE_WAIT_MS)) return;
    this.logger.warn('the reminder worker did not stop in time: cutting its connection');
    void worker.disconnect().catch(() => undefined);
  }

  private async startQueue(): Promise<void> {
    const every = this.config.REMINDER_SWEEP_SECONDS * 1000;
    const { connection, prefix } = this.bull;
    this.queue = new Queue(REMINDER_QUEUE, { connection, prefix });
    this.queue.on('error', (err) => this.warnOnce(err));
    this.worker = new Worker(REMINDER_QUEUE, () => this.reminders.sweep(new Date()), { connection, prefix, concurrency: 1 });
    this.worker.on('error', (err) => this.warnOnce(err));
    this.worker.on('failed', (_job, err) => this.logger.error({ reason: err.message }, 'reminder sweep failed; the next one retries'));

    // Upserting under a fixed id makes every instance's start-up register the same single schedule.
    const registered = this.queue
      .upsertJobScheduler(SWEEP_SCHEDULER_ID, { every }, { name: 'sweep', opts: { removeOnComplete: 50, removeOnFail: 50 } })
      .then(() => true)
      .catch((err: Error) => {
        this.logger.error({ reason: err.message }, 'could not schedule the reminder sweep');
        return false;
      });
    // Redis answered moments ago; should it vanish now, start-up goes on and the command waits for it.
    const inTime = await Promise.race([registered, delay(5000).then(() => null)]);
    if (inTime === null) this.logger.warn('Redis is slow to answer: the reminder sweep will be scheduled when it does');
    this.logger.log(`reminders: swept every ${this.config.REMINDER_SWEEP_SECONDS}s by a BullMQ job shared by all instances`);
  }

  private startTimer(): void {
    this.timer = setInterval(() => this.sweepHere(), this.config.REMINDER_SWEEP_SECONDS * 1000);
    this.timer.unref();
    this.logger.log(`reminders: swept every ${this.config.REMINDER_SWEEP_SECONDS}s in this process (no REDIS_URL: run a single instance)`);
  }

  private sweepHere(): void {
    if (this.sweeping) return; // the previous sweep is still going
    this.sweeping = this.reminders
      .sweep(new Date())
      .then(() => undefined)
      .catch((err: Error) => this.logger.error({ reason: err.message }, 'reminder sweep failed; the next one retries'))
      .finally(() => (this.sweeping = null));
  }

  /** While Redis is down BullMQ reports every reconnection attempt: say it once. */
  private warnOnce(err: Error): void {
    if (err.message !== this.lastError) this.logger.warn({ reason: err.message }, 'reminder queue: Redis error');
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
