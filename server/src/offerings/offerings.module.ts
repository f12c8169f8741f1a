import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchoolsModule } from '../schools/schools.module';
import { TeachersModule } from '../teachers/teachers.module';
import { VenuesModule } from '../venues/venues.module';
import { OfferingLesson } from './offering-lesson.entity';
import { OfferingReviewsController } from './offering-reviews.controller';
import { OfferingSession } from './offering-session.entity';
import { OfferingTeacher } from './offering-teacher.entity';
import { Offering } from './offering.entity';
import { OfferingsController } from './offerings.controller';
import { OfferingsRepository } from './offerings.repository';
import { OfferingsService } from './offerings.service';
import { TeacherOfferingsController } from './teacher-offerings.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([Offering, OfferingSession, OfferingLesson, OfferingTeacher]),
    AreasModule,
    SchoolsModule,
    VenuesModule,
    TeachersModule,
    NotificationsModule,
  ],
  controllers: [OfferingsController, TeacherOfferingsController, OfferingReviewsController],
  providers: [OfferingsRepository, OfferingsService],
  exports: [OfferingsService],
})
export class OfferingsModule {}
