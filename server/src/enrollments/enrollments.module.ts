import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { ResidentsModule } from '../residents/residents.module';
import { Enrollment } from './enrollment.entity';
import { EnrollmentsController } from './enrollments.controller';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';
import { OfferingTurns } from './offering-turns';

@Module({
  imports: [TypeOrmModule.forFeature([Enrollment]), OfferingsModule, ResidentsModule, NotificationsModule],
  controllers: [EnrollmentsController],
  providers: [EnrollmentsRepository, EnrollmentsService, OfferingTurns],
  exports: [EnrollmentsService],
})
export class EnrollmentsModule {}
