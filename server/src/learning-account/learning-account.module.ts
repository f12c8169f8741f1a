import { Module } from '@nestjs/common';
import { CertificationsModule } from '../certifications/certifications.module';
import { PartnersModule } from '../partners/partners.module';
import { LearningAccountController } from './learning-account.controller';
import { LearningAccountRepository } from './learning-account.repository';
import { LearningAccountService } from './learning-account.service';

@Module({ imports: [CertificationsModule, PartnersModule], controllers: [LearningAccountController], providers: [LearningAccountRepository, LearningAccountService] })
export class LearningAccountModule {}
