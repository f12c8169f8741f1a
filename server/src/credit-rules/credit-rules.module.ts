import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CreditRulesController } from './credit-rules.controller';
import { CreditRulesRepository } from './credit-rules.repository';
import { CreditRulesService } from './credit-rules.service';

@Module({
  imports: [AreasModule],
  controllers: [CreditRulesController],
  providers: [CreditRulesRepository, CreditRulesService],
  exports: [CreditRulesService],
})
export class CreditRulesModule {}
