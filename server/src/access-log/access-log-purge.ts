import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { AccessLogService } from './access-log.service';

export const ACCESS_LOG_PURGE_JOB_ID = 'access-log-purge';
const EVERY_MS = 6 * 3_600_000;

/**
 * Removes access-log rows older than ACCESS_AUDIT_RETENTION_DAYS, four times a day, once across
 * all workers and nodes (one of the portal's periodic jobs). Two runs at once delete disjoint rows.
 */
@Injectable()
export class AccessLogPurge implements OnModuleInit {
  private readonly logger = new Logger(AccessLogPurge.name);

  constructor(
    private readonly log: AccessLogService,
    private readonly config: AppConfig,
    /** Absent in command-line tools, which run no periodic work. */
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({ id: ACCESS_LOG_PURGE_JOB_ID, everyMs: EVERY_MS, run: () => this.tick() });
  }

  async tick(): Promise<number> {
    const removed = await this.log.purgeOlderThan(this.config.ACCESS_AUDIT_RETENTION_DAYS);
    if (removed > 0) this.logger.log({ removed, days: this.config.ACCESS_AUDIT_RETENTION_DAYS }, 'access-log rows past retention purged');
    return removed;
  }
}
