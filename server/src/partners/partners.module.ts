import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { FieldCrypto } from '../common/field-crypto.service';
import { PartnerGuideController } from './partner-guide.controller';
import { CreditRulesModule } from '../credit-rules/credit-rules.module';
import { LearningRecordsModule } from '../learning-records/learning-records.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ResidentsModule } from '../residents/residents.module';
import { TranscriptsModule } from '../transcripts/transcripts.module';
import { PartnerApiController } from './partner-api.controller';
import { PartnerApiService } from './partner-api.service';
import { PartnerKeyGuard } from './partner-key.guard';
import { PartnersController } from './partners.controller';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

@Module({
  imports: [AreasModule, CreditRulesModule, LearningRecordsModule, LedgerModule, ResidentsModule, TranscriptsModule],
  controllers: [PartnersController, PartnerApiController, PartnerGuideController],
  providers: [PartnersRepository, PartnersService, PartnerApiService, PartnerKeyGuard, FieldCrypto],
  exports: [PartnersService],
})
export class PartnersModule {}
