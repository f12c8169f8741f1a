import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { ReminderService } from './reminders.service';

export const SWEEP_SCHEDULER_ID = 'reminder-sweep';

/** Runs the reminder sweep every REMINDER_SWEEP_SECONDS as one of the portal's periodic jobs; with reminders off, nothing runs. */
@Injectable()
export class ReminderScheduler implements OnModuleInit {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly reminders: ReminderService,
    private readonly jobs: PeriodicJobs,
  ) {}

  /** How sweeps run here: a BullMQ job shared by all instances, a timer in this process, or not at all. */
  get mode(): 'queue' | 'timer' | 'off' {
    return this.jobs.modeOf(SWEEP_SCHEDULER_ID);
  }

  onModuleInit(): void {
    if (!this.config.WECHAT_REMINDER_TEMPLATE_ID) {
      this.logger.log('reminders are off (WECHAT_REMINDER_TEMPLATE_ID is not set): no sweep scheduled');
      return;
    }
    this.jobs.register({
      id: SWEEP_SCHEDULER_ID,
      everyMs: this.config.REMINDER_SWEEP_SECONDS * 1000,
      run: () => this.reminders.sweep(new Date()),
    });
  }
}
