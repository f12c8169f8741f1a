import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CreditRulesModule } from '../credit-rules/credit-rules.module';
import { LedgerModule } from '../ledger/ledger.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { CreditReconciler } from './credit-reconciler';
import { LearningRecordsController } from './learning-records.controller';
import { LearningRecordsRepository } from './learning-records.repository';
import { LearningRecordsService } from './learning-records.service';

@Module({
  imports: [AreasModule, CreditRulesModule, LedgerModule, StatisticsModule],
  controllers: [LearningRecordsController],
  providers: [LearningRecordsRepository, LearningRecordsService, CreditReconciler],
  exports: [LearningRecordsService, CreditReconciler],
})
export class LearningRecordsModule {}
