import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AttendanceService } from './attendance.service';

const EVERY_MS = 60_000;

/**
 * Closes sessions nobody closed, half an hour after they end, so their hours reach the credit
 * bank anyway, and decides the flagged check-ins (待核对) whose review deadline passed. Every
 * instance runs it; closing and deciding are idempotent under the session's row lock, so each
 * happens once whichever instance gets there first.
 */
@Injectable()
export class SessionCloser implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionCloser.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly attendance: AttendanceService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const closed = await this.attendance.closeDue();
      if (closed) this.logger.log({ closed }, 'sessions closed automatically');
    } catch (err) {
      this.logger.warn(`automatic close skipped: ${(err as Error).message}`);
    }
    try {
      const decided = await this.attendance.decideOverdueReviews();
      if (decided) this.logger.log({ decided }, 'check-ins past their review deadline decided');
    } catch (err) {
      this.logger.warn(`review deadline sweep skipped: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
