import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CertificationsModule } from '../certifications/certifications.module';
import { PartnersModule } from '../partners/partners.module';
import { ResidentsModule } from '../residents/residents.module';
import { AdminLearningRecordsController, LearningAccountController } from './learning-account.controller';
import { LearningAccountRepository } from './learning-account.repository';
import { LearningAccountService } from './learning-account.service';

@Module({ imports: [AreasModule, CertificationsModule, PartnersModule, ResidentsModule], controllers: [LearningAccountController, AdminLearningRecordsController], providers: [LearningAccountRepository, LearningAccountService] })
export class LearningAccountModule {}
