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
    /** Both absent in command-line tools (the demo seed), which run no periodic work. */
    @Optional() private readonly config?: AppConfig,
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    if (this.config) this.jobs?.register({ id: ACCESS_LOG_PURGE_JOB_ID, everyMs: EVERY_MS, run: () => this.tick() });
  }

  async tick(): Promise<number> {
    if (!this.config) throw new Error('access-log purge needs the configuration (ACCESS_AUDIT_RETENTION_DAYS)');
    const days = this.config.ACCESS_AUDIT_RETENTION_DAYS;
    const removed = await this.log.purgeOlderThan(days);
    if (removed > 0) this.logger.log({ removed, days }, 'access-log rows past retention purged');
    return removed;
  }
}
