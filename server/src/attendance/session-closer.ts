import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { CheckInReviewService } from './check-in-review.service';
import { SessionClosingService } from './session-closing.service';

export const SESSION_CLOSE_JOB_ID = 'session-close';
const EVERY_MS = 60_000;

/**
 * Closes sessions nobody closed, half an hour after they end, so their hours reach the credit
 * bank anyway, and decides the flagged check-ins (待核对) whose review deadline passed. One of the
 * portal's periodic jobs: a single run a minute across all instances (closing and deciding are
 * idempotent under the session's row lock besides, should a teacher close at the same moment).
 */
@Injectable()
export class SessionCloser implements OnModuleInit {
  private readonly logger = new Logger(SessionCloser.name);

  constructor(
    private readonly closing: SessionClosingService,
    private readonly reviews: CheckInReviewService,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ id: SESSION_CLOSE_JOB_ID, everyMs: EVERY_MS, run: () => this.tick() });
  }

  async tick(): Promise<void> {
    // one after the other, and a failure of the first does not hold up the second
    const failures: string[] = [];
    const closed = await this.closing.closeDue().catch((err: Error) => void failures.push(`close: ${err.message}`));
    if (closed) this.logger.log({ closed }, 'sessions closed automatically');
    const decided = await this.reviews.decideOverdueReviews().catch((err: Error) => void failures.push(`reviews: ${err.message}`));
    if (decided) this.logger.log({ decided }, 'check-ins past their review deadline decided');
    if (failures.length) throw new Error(failures.join('; '));
  }
}
