import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { FoldReport, ParticipationAggregates } from './participation-aggregates';

export const STATS_FOLD_JOB_ID = 'stats-fold';
/** Readers add what is not folded yet, so this only bounds how many delta rows a read adds up. */
const EVERY_MS = 5_000;

/**
 * Folds the statistics deltas into their counters (ParticipationAggregates.fold) every few seconds,
 * as one of the portal's periodic jobs: a single run at a time across all instances. The command
 * line tools that boot the statistics module have no periodic jobs, and fold nothing.
 */
@Injectable()
export class StatisticsFolder implements OnModuleInit {
  private readonly logger = new Logger(StatisticsFolder.name);

  constructor(
    private readonly aggregates: ParticipationAggregates,
    private readonly db: DataSource,
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({ id: STATS_FOLD_JOB_ID, everyMs: EVERY_MS, run: () => this.fold() });
  }

  async fold(): Promise<FoldReport> {
    const report = await this.db.transaction((m) => this.aggregates.fold(m));
    if (report.learners + report.volume + report.attended > 0) this.logger.debug(report, 'statistics deltas folded');
    return report;
  }
}
