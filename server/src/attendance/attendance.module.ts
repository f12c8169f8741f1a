import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { ResidentsModule } from '../residents/residents.module';
import { AttendanceController } from './attendance.controller';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import { CheckInCodes } from './check-in-codes';
import { CodeGuesses } from './code-guesses';
import { RosterEvents } from './roster-events';
import { SessionCloser } from './session-closer';

@Module({
  imports: [OfferingsModule, EnrollmentsModule, ResidentsModule, LearningRecordsModule, AreasModule, NotificationsModule],
  controllers: [AttendanceController],
  providers: [AttendanceRepository, AttendanceService, CheckInCodes, CodeGuesses, RosterEvents, SessionCloser],
  exports: [AttendanceService],
})
export class AttendanceModule {}
