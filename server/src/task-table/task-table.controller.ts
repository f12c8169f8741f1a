import { Role, TaskEntry, TaskTable } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { YearQueryDto } from '../areas/dto/population.dto';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe, YearParamPipe } from '../common/params';
import { SingleFileInterceptor, UploadedBuffer } from '../common/single-file';
import { Returns } from '../openapi/returns';
import { TaskEntryUpdateDto } from './dto/task-entry.dto';
import { TaskTableService } from './task-table.service';

/** The largest 任务分解表 file accepted. */
const TASK_TABLE_FILE_MAX_BYTES = 2 * 1024 * 1024;

@ApiTags('statistics')
@Controller('areas/:id')
export class TaskTableController {
  constructor(private readonly tasks: TaskTableService) {}

  @Returns('TaskTable')
  @Get('task-table')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本区（县）的任务分解表：各行的一级指标、二级指标、指标、责任部门、目标，门户计算还是填报' })
  table(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<TaskTable> {
    return this.tasks.table(actor, id);
  }

  @Returns('TaskTable')
  @Post('task-table/import/preview')
  @Roles(Role.SuperAdmin)
  @HttpCode(200)
  @UseInterceptors(SingleFileInterceptor('file', TASK_TABLE_FILE_MAX_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: '与导入相同的文件' } } } })
  @ApiOperation({ summary: '预览导入任务分解表：读出的各行（不写入）', description: '与导入相同的检查：只有区级超级管理员，只在区级。' })
  previewImport(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @UploadedBuffer() file: Buffer | undefined): Promise<TaskTable> {
    return this.tasks.previewImport(actor, id, file);
  }

  @Returns('TaskTable')
  @Post('task-table/import')
  @Roles(Role.SuperAdmin)
  @HttpCode(200)
  @UseInterceptors(SingleFileInterceptor('file', TASK_TABLE_FILE_MAX_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary', description: '.xlsx（读第一张工作表）或 .csv：一级指标、二级指标、指标、责任部门、目标、指标代码（门户算不出的写“填报”）' } },
    },
  })
  @ApiOperation({
    summary: '导入本区（县）的任务分解表（整表替换），全部校验通过才写入',
    description: '只有区级超级管理员，只在区级；已有填报数据时 409。',
  })
  importTable(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @UploadedBuffer() file: Buffer | undefined): Promise<TaskTable> {
    return this.tasks.importTable(actor, id, file);
  }

  @Returns('TaskEntryList')
  @Get('task-entries')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本区域某年填报项的完成情况和佐证材料' })
  entries(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: YearQueryDto): Promise<TaskEntry[]> {
    return this.tasks.entries(actor, id, q.year);
  }

  @Returns('TaskEntry')
  @Put('task-entries/:rowId/:year')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '填报任务分解表中门户算不出的一项：完成情况、是否达标、佐证材料（先上传文件）' })
  setEntry(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Param('rowId', IdParamPipe) rowId: number,
    @Param('year', YearParamPipe) year: number,
    @Body() dto: TaskEntryUpdateDto,
  ): Promise<TaskEntry> {
    return this.tasks.setEntry(actor, id, rowId, year, dto);
  }
}
