import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { LearningOrganisationsRepository } from './learning-organisations.repository';
import { LearningOrganisationsService } from './learning-organisations.service';

/**
 * The registry's service without its endpoints and periodic lapse: what a command (the demo seed)
 * can load, since commands run no periodic jobs.
 */
@Module({
  imports: [AreasModule],
  providers: [LearningOrganisationsRepository, LearningOrganisationsService, FieldCrypto],
  exports: [LearningOrganisationsService],
})
export class LearningOrganisationRegistryModule {}
