import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { OfferingsModule } from '../offerings/offerings.module';
import { LessonFactsCache } from './lesson-facts';
import { OnlineLearningController } from './online-learning.controller';
import { OnlineLearningRepository } from './online-learning.repository';
import { OnlineLearningService } from './online-learning.service';

/** 线上学习学时: watching micro-course lessons, measured by the server's clock, credited once. */
@Module({
  imports: [LearningRecordsModule, OfferingsModule, EnrollmentsModule],
  controllers: [OnlineLearningController],
  providers: [OnlineLearningRepository, OnlineLearningService, LessonFactsCache],
})
export class OnlineLearningModule {}
