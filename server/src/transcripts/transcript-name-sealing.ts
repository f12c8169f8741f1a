import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { TranscriptsRepository } from './transcripts.repository';

export const TRANSCRIPT_NAME_SEAL_JOB_ID = 'transcript-name-seal';
const EVERY_MS = 30 * 60_000;
const BATCH = 500;

/**
 * Transcripts issued before names were sealed keep the holder's name in clear in their kept copy:
 * this periodic job (once across nodes, like every job) seals it under the holder's data key, so
 * closing the account leaves it unreadable in later dumps too. In commands there are no jobs.
 */
@Injectable()
export class TranscriptNameSealing implements OnModuleInit {
  private readonly logger = new Logger(TranscriptNameSealing.name);

  constructor(
    private readonly repo: TranscriptsRepository,
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({ id: TRANSCRIPT_NAME_SEAL_JOB_ID, everyMs: EVERY_MS, run: () => this.run() });
  }

  /** Seals every old copy it can reach now; returns how many. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.repo.sealOldNames(BATCH);
      total += sealed;
      if (sealed < BATCH) break;
    }
    if (total) this.logger.log({ sealed: total }, 'transcript names sealed');
    return total;
  }
}
