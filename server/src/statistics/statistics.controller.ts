import {
  CategoryStatistics,
  ChildStatistics,
  GroupStatistics,
  MonthStatistics,
  PopulationBalance,
  POPULATION_FILE_MAX_BYTES,
  PopulationImportResult,
  Role,
  StatisticsOverview,
  YearOverYear,
} from '@lp/shared';
import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe, YearParamPipe } from '../common/params';
import { SingleFileInterceptor, UploadedBuffer } from '../common/single-file';
import { StatisticsQueryDto } from './dto/statistics-query.dto';
import { StatisticsService } from './statistics.service';
import { Returns, ReturnsFile, XLSX } from '../openapi/returns';

@ApiTags('statistics')
@Controller('areas/:id')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Returns('StatisticsOverview')
  @Get('statistics')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '某区域某年的学习型城市指标（分子、分母、比例、目标、是否达标）、人均学时、活动与出勤' })
  overview(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<StatisticsOverview> {
    return this.statistics.overview(actor, id, q.year ?? this.statistics.currentYear());
  }

  @Returns('ChildStatisticsList')
  @Get('statistics/children')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '下级区域逐个的指标，用于下钻和着色' })
  children(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<ChildStatistics[]> {
    return this.statistics.children(actor, id, q.year ?? this.statistics.currentYear());
  }

  @Returns('MonthStatisticsList')
  @Get('statistics/months')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '逐月学习记录数与学时（按类别）' })
  months(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<MonthStatistics[]> {
    return this.statistics.months(actor, id, q.year ?? this.statistics.currentYear());
  }

  @Returns('CategoryStatisticsList')
  @Get('statistics/categories')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '各类别学习记录数、学时与占比' })
  categories(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<CategoryStatistics[]> {
    return this.statistics.categories(actor, id, q.year ?? this.statistics.currentYear());
  }

  @Returns('GroupStatisticsList')
  @Get('statistics/by-group')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '各人群参与学习的人数与对应人口' })
  groups(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<GroupStatistics[]> {
    return this.statistics.groups(actor, id, q.year ?? this.statistics.currentYear());
  }

  @Returns('YearOverYear')
  @Get('statistics/year-over-year')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '与上一年同比' })
  yearOverYear(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<YearOverYear> {
    return this.statistics.yearOverYear(actor, id, q.year ?? this.statistics.currentYear());
  }

  @ReturnsFile(XLSX)
  @Get('statistics/export')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '导出指标完成情况表（Excel，任务分解表格式；本区域一张表，每个下级区域一张表）' })
  async export(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<StreamableFile> {
    const { file, filename } = await this.statistics.exportWorkbook(actor, id, q.year ?? this.statistics.currentYear());
    return new StreamableFile(file, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @ReturnsFile(XLSX)
  @Get('statistics/application-form')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({
    summary: '导出全国学习型城市网络成员城市申请表中门户能提供的数据（Excel）',
    description: '常住人口、接受教育服务人数、学时、活动、学习型组织等；门户没有的数据（总面积、人均GDP、品牌项目等）一行写“由区填写”。',
  })
  async applicationForm(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<StreamableFile> {
    const { file, filename } = await this.statistics.exportApplicationForm(actor, id, q.year ?? this.statistics.currentYear());
    return new StreamableFile(file, { type: XLSX, disposition: `attachment; filename="${filename}"` });
  }

  @Returns('PopulationBalance')
  @Get('statistics/population-check')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '人口基础数据核对：下级区域合计与本区域的差额' })
  populationCheck(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: StatisticsQueryDto): Promise<PopulationBalance> {
    return this.statistics.populationBalance(actor, id, q.year ?? this.statistics.currentYear());
  }

  @Returns('PopulationImportResult')
  @Post('population/:year/import')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @UseInterceptors(SingleFileInterceptor('file', POPULATION_FILE_MAX_BYTES))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: '.xlsx（读第一张工作表），或 UTF-8、GBK、GB18030 编码的 .csv；不超过 2 MB、2000 行' } } },
  })
  @ApiOperation({
    summary: '导入本区域及下级区域某年的人口基础数据（.xlsx/.csv），全部校验通过才写入',
    description: '文件在单独的线程里读取，超过行数、内容大小、时间或内存限制即停止：413/415/422 { code, message }；同时要读的文件太多时 503。',
  })
  importPopulation(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Param('year', YearParamPipe) year: number,
    @UploadedBuffer() file: Buffer | undefined,
  ): Promise<PopulationImportResult> {
    return this.statistics.importPopulation(actor, id, year, file);
  }
}
