import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { REDIS_NAMESPACE } from '../redis/redis-namespace';
import { bullOptions, PeriodicJobs } from './periodic-jobs';

/** Periodic work, run once across every worker and node: features register their jobs with PeriodicJobs. */
@Global()
@Module({
  imports: [BullModule.forRootAsync({ inject: [AppConfig, REDIS_NAMESPACE], useFactory: bullOptions })],
  providers: [PeriodicJobs],
  exports: [PeriodicJobs],
})
export class SchedulingModule {}
