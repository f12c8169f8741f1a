import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { ResidentsModule } from '../residents/residents.module';
import { GuardiansModule } from '../guardians/guardians.module';
import { AttendanceController } from './attendance.controller';
import { CheckInCodes } from './check-in-codes';
import { CheckInLinkController } from './check-in-link.controller';
import { CheckInRecorder } from './check-in-recorder';
import { CheckInReviewService } from './check-in-review.service';
import { CheckInService } from './check-in.service';
import { CodeGuesses } from './code-guesses';
import { RosterEvents } from './roster-events';
import { SessionCloser } from './session-closer';
import { SessionClosingService } from './session-closing.service';
import { SessionFacts } from './session-facts';
import { TeacherCheckInService } from './teacher-check-in.service';
import { LocationConsentController } from './location-consent.controller';
import { LocationConsentRepository } from './location-consent.repository';
import { LocationConsents } from './location-consents';
import { CheckInPlacesModule } from './check-in-places';

/**
 * 考勤签到, one service per job: the resident's check-in (CheckInService), the teacher's screen, 代签
 * and roster (TeacherCheckInService), closing sessions (SessionClosingService), and the second look
 * at flagged check-ins and 代签 (CheckInReviewService). They share the session facts, the one way a
 * check-in is stored (CheckInRecorder) and the live-roster news.
 */
@Module({
  imports: [OfferingsModule, EnrollmentsModule, ResidentsModule, GuardiansModule, LearningRecordsModule, AreasModule, NotificationsModule, CheckInPlacesModule],
  controllers: [AttendanceController, CheckInLinkController, LocationConsentController],
  providers: [
    SessionFacts,
    CheckInRecorder,
    CheckInService,
    TeacherCheckInService,
    SessionClosingService,
    CheckInReviewService,
    CheckInCodes,
    CodeGuesses,
    RosterEvents,
    SessionCloser,
    LocationConsentRepository,
    LocationConsents,
  ],
  exports: [LocationConsents, CheckInPlacesModule],
})
export class AttendanceModule {}
