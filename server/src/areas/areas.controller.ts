import { AREA_FILE_MAX_BYTES, AreaAdminNode, AreaImportResult, AreaNode, PopulationRow, Role } from '@lp/shared';
import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SingleFileInterceptor, UploadedBuffer } from '../common/single-file';
import { AreaImportService } from './area-import.service';
import { AreaTreeService } from './area-tree.service';
import { AreaChangeDto, NewAreaDto } from './dto/area-change.dto';
import { Actor, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { AreasService } from './areas.service';
import { PopulationFiguresDto, YearQueryDto } from './dto/population.dto';
import { YearParamPipe, IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';

const AREA_FILE_HELP = '.xlsx（读第一张工作表）或 .csv；表头有“统计用区划代码”“名称”，可有“城乡分类代码”；不超过 2 MB、5000 行';

/** An administrator's upload of an area-tree file, read into memory up to its size limit. */
const AreaFileUpload = () =>
  applyDecorators(
    Roles(Role.Admin, Role.SuperAdmin),
    HttpCode(200),
    UseInterceptors(SingleFileInterceptor('file', AREA_FILE_MAX_BYTES)),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: AREA_FILE_HELP } } } }),
  );

@ApiTags('areas')
@Controller('areas')
export class AreasController {
  constructor(
    private readonly areas: AreasService,
    private readonly treeKeeping: AreaTreeService,
    private readonly imports: AreaImportService,
  ) {}

  @Returns('AreaNode')
  @Get('tree')
  @Public()
  @ApiOperation({ summary: '区 → 街道 → 社区 的完整树，供选择所在社区' })
  tree(): Promise<AreaNode> {
    return this.areas.tree();
  }

  @Returns('AreaAdminNode')
  @Get('manage')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的区域树，含已停用的区域和城乡属性（仅管理员）' })
  manage(@CurrentActor() actor: Actor): Promise<AreaAdminNode> {
    return this.treeKeeping.subtree(actor);
  }

  @Returns('AreaAdminNode')
  @Post()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '在本辖区内新建街道/镇或社区/村（12位统计用区划代码）' })
  add(@CurrentActor() actor: Actor, @Body() dto: NewAreaDto): Promise<AreaAdminNode> {
    return this.treeKeeping.add(actor, dto);
  }

  @Returns('AreaAdminNode')
  @Patch(':id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '改名、设城乡、移到同级的另一个上级下、停用或恢复（仅上级管理员）' })
  change(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: AreaChangeDto): Promise<AreaAdminNode> {
    return this.treeKeeping.change(actor, id, dto);
  }

  @Returns('AreaImportResult')
  @Post('import/preview')
  @AreaFileUpload()
  @ApiOperation({ summary: '预览区划代码表的导入：会新增、改名哪些街道和社区（不写入）' })
  previewImport(@CurrentActor() actor: Actor, @UploadedBuffer() file: Buffer | undefined): Promise<AreaImportResult> {
    return this.imports.import(actor, file, false);
  }

  @Returns('AreaImportResult')
  @Post('import')
  @AreaFileUpload()
  @ApiOperation({
    summary: '导入区划代码表：按代码新增或改名本辖区的街道和社区，全部校验通过才写入；同一文件再导入不改变任何东西',
    description: '文件在单独的线程里读取，超过行数、内容大小、时间或内存限制即停止：413/415/422 { code, message }；同时要读的文件太多时 503。',
  })
  applyImport(@CurrentActor() actor: Actor, @UploadedBuffer() file: Buffer | undefined): Promise<AreaImportResult> {
    return this.imports.import(actor, file, true);
  }

  @Returns('PopulationRow')
  @Get(':id/population')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '某区域某年的人口基础数据（仅本辖区管理员）' })
  population(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: YearQueryDto): Promise<PopulationRow> {
    return this.areas.population(actor, id, q.year);
  }

  @Returns('PopulationRowList')
  @Get(':id/population/children')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '下级区域的人口基础数据' })
  childrenPopulation(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Query() q: YearQueryDto,
  ): Promise<PopulationRow[]> {
    return this.areas.childrenPopulation(actor, id, q.year);
  }

  @Returns('PopulationRow')
  @Put(':id/population/:year')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '录入或修改某区域某年的人口基础数据' })
  setPopulation(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Param('year', YearParamPipe) year: number,
    @Body() dto: PopulationFiguresDto,
  ): Promise<PopulationRow> {
    return this.areas.setPopulation(actor, id, year, dto);
  }
}
