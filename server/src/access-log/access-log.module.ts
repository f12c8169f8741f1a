import { Global, Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { SchoolsModule } from '../schools/schools.module';
import { UsersModule } from '../users/users.module';
import { AccessLogController } from './access-log.controller';
import { AccessLogInterceptor } from './access-log.interceptor';
import { AccessLogPurge } from './access-log-purge';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';

/**
 * The personal-data access log: who on the staff was shown which resident's data, and its purge.
 * Global, because every feature with an endpoint marked @ShowsPersonalData runs its interceptor.
 */
@Global()
@Module({
  imports: [AreasModule, SchoolsModule, UsersModule],
  controllers: [AccessLogController],
  providers: [AccessLogRepository, AccessLogService, AccessLogPurge, AccessLogInterceptor],
  exports: [AccessLogService, AccessLogInterceptor],
})
export class AccessLogModule {}
