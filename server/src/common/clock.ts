import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The server's own time, the only time check-in trusts. Tests move it to check windows,
 * expiry and offline scans; nothing else in production sets it.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: makes `now()` return this instant from here on (it keeps ticking). */
  travelTo(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
