import { Module } from '@nestjs/common';
import { LearningOrganisationRegistryModule } from './learning-organisation-registry.module';
import { LearningOrganisationsController } from './learning-organisations.controller';
import { OrganisationLapses } from './organisation-lapses';
import { ResidentsModule } from '../residents/residents.module';
import { ResidentApplications } from './resident-applications';

/** 学习型组织 and 学习型社团 registry: application, assessment, recognition, yearly review and the periodic lapse. */
@Module({
  imports: [LearningOrganisationRegistryModule, ResidentsModule],
  controllers: [LearningOrganisationsController],
  providers: [OrganisationLapses, ResidentApplications],
  exports: [LearningOrganisationRegistryModule],
})
export class LearningOrganisationsModule {}
