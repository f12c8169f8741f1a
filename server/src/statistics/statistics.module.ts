import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { SpreadsheetModule } from '../common/spreadsheet/spreadsheet.module';
import { IndicatorTargetsModule } from '../indicator-targets/indicator-targets.module';
import { TaskTableModule } from '../task-table/task-table.module';
import { ParticipationAggregates } from './participation-aggregates';
import { StatisticsController } from './statistics.controller';
import { StatisticsFolder } from './statistics-folder';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

/**
 * Participation statistics. Exports ParticipationAggregates for whoever writes learning records;
 * it imports nothing that writes them, so the dependency only goes one way.
 */
@Module({
  imports: [AreasModule, SpreadsheetModule, IndicatorTargetsModule, TaskTableModule],
  controllers: [StatisticsController],
  providers: [ParticipationAggregates, StatisticsRepository, StatisticsService, StatisticsFolder],
  exports: [ParticipationAggregates],
})
export class StatisticsModule {}
