import { Module } from '@nestjs/common';
import { CertificationsModule } from '../certifications/certifications.module';
import { LearningAccountController } from './learning-account.controller';
import { LearningAccountRepository } from './learning-account.repository';
import { LearningAccountService } from './learning-account.service';

@Module({ imports: [CertificationsModule], controllers: [LearningAccountController], providers: [LearningAccountRepository, LearningAccountService] })
export class LearningAccountModule {}
