import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { IndicatorTargetsController } from './indicator-targets.controller';
import { IndicatorTargetsRepository } from './indicator-targets.repository';
import { IndicatorTargetsService } from './indicator-targets.service';

/** Each indicator's target per area and year (indicator_target); the statistics read the ones in force. */
@Module({
  imports: [AreasModule],
  controllers: [IndicatorTargetsController],
  providers: [IndicatorTargetsRepository, IndicatorTargetsService],
  exports: [IndicatorTargetsService],
})
export class IndicatorTargetsModule {}
