import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CreditRulesModule } from '../credit-rules/credit-rules.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UploadsModule } from '../uploads/uploads.module';
import { CertificationsController } from './certifications.controller';
import { CertificationsRepository } from './certifications.repository';
import { CertificationsService } from './certifications.service';

@Module({
  imports: [AreasModule, CreditRulesModule, LearningRecordsModule, NotificationsModule, UploadsModule],
  controllers: [CertificationsController],
  providers: [CertificationsRepository, CertificationsService],
  exports: [CertificationsService],
})
export class CertificationsModule {}
