import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { SelectionsService } from './selections.service';

export const SELECTION_NOTICE_JOB_ID = 'selection-notice-end';
const EVERY_MS = 15 * 60_000;

/**
 * Settles the final list of every selection whose 公示 has ended (and whose 异议 are all answered),
 * a quarter of an hour at most after midnight. One of the portal's periodic jobs; a second run, or
 * an admin finalising at the same moment, changes nothing (the move from 公示 to final is one
 * conditional update under the selection's row lock).
 */
@Injectable()
export class SelectionNoticeCloser implements OnModuleInit {
  constructor(
    private readonly selections: SelectionsService,
    /** Absent in command-line tools (the demo seed), which run no periodic work. */
    @Optional() private readonly jobs?: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({ id: SELECTION_NOTICE_JOB_ID, everyMs: EVERY_MS, run: () => this.tick() });
  }

  tick(): Promise<number> {
    return this.selections.finaliseDue();
  }
}
