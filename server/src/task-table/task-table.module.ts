import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { SpreadsheetModule } from '../common/spreadsheet/spreadsheet.module';
import { UploadsModule } from '../uploads/uploads.module';
import { TaskTableController } from './task-table.controller';
import { TaskTableRepository } from './task-table.repository';
import { TaskTableService } from './task-table.service';

/** The 任务分解表 as district data, its entered values and their evidence files. */
@Module({
  imports: [AreasModule, SpreadsheetModule, UploadsModule],
  controllers: [TaskTableController],
  providers: [TaskTableRepository, TaskTableService],
  exports: [TaskTableService],
})
export class TaskTableModule {}
