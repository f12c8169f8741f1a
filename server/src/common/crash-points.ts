import { Global, Injectable, Module } from '@nestjs/common';
import { AppConfig, CrashPoint } from '../config/app-config';

/**
 * Places (CRASH_POINTS) where a test may have the server die, as a power cut would, to prove that
 * what must be written together is written together. Armed only by TEST_CRASH_AT, which the
 * configuration refuses unless NODE_ENV=test: in production no point is ever armed.
 */
@Injectable()
export class CrashPoints {
  private readonly armed: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.armed = new Set(config.NODE_ENV === 'test' ? config.testCrashPoints() : []);
  }

  /** Kills this process on the spot (SIGKILL: no cleanup, no reply) when a test armed this point. */
  reach(point: CrashPoint): void {
    if (this.armed.has(point)) process.kill(process.pid, 'SIGKILL');
  }
}

@Global()
@Module({ providers: [CrashPoints], exports: [CrashPoints] })
export class CrashPointsModule {}
