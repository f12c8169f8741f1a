import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchoolsModule } from '../schools/schools.module';
import { TeachersModule } from '../teachers/teachers.module';
import { VenuesModule } from '../venues/venues.module';
import { OfferingAuthoringService } from './offering-authoring.service';
import { OfferingCatalogueService } from './offering-catalogue.service';
import { OfferingLesson } from './offering-lesson.entity';
import { OfferingReviewsController } from './offering-reviews.controller';
import { OfferingReviewsService } from './offering-reviews.service';
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
  providers: [OfferingsRepository, OfferingsService, OfferingCatalogueService, OfferingAuthoringService, OfferingReviewsService],
  exports: [OfferingsService],
})
export class OfferingsModule {}
