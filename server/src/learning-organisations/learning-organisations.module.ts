import { Module } from '@nestjs/common';
import { LearningOrganisationRegistryModule } from './learning-organisation-registry.module';
import { LearningOrganisationsController } from './learning-organisations.controller';
import { OrganisationLapses } from './organisation-lapses';

/** 学习型组织 and 学习型社团 registry: application, assessment, recognition, yearly review and the periodic lapse. */
@Module({
  imports: [LearningOrganisationRegistryModule],
  controllers: [LearningOrganisationsController],
  providers: [OrganisationLapses],
  exports: [LearningOrganisationRegistryModule],
})
export class LearningOrganisationsModule {}
