import { NumberedPage, PlaceImportResult, Role, SchoolAdminItem } from '@lp/shared';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UploadedBuffer } from '../common/single-file';
import { IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { PlaceFileUpload } from '../places/place-file-upload';
import { SchoolChangeDto, SchoolInputDto, SchoolListQueryDto } from '../places/place.dto';
import { SchoolAdminService } from './school-admin.service';

const SCHOOL_FILE_HELP = '.xlsx（读第一张工作表）或 .csv；表头有“学校名称”“类别”“区划代码”，可有“地址”；不超过 2 MB、3000 行';

@ApiTags('schools')
@Controller('admin/schools')
export class SchoolAdminController {
  constructor(private readonly schools: SchoolAdminService) {}

  @Returns('SchoolAdminItemPage')
  @Get()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的学校（含已停用的），可按名称或地址查找，按类别、区域、在用筛选，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: SchoolListQueryDto): Promise<NumberedPage<SchoolAdminItem>> {
    return this.schools.list(actor, q);
  }

  @Returns('SchoolAdminItem')
  @Post()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '在本辖区新建学校（不能放在停用的区域里），留痕' })
  create(@CurrentActor() actor: Actor, @Body() dto: SchoolInputDto): Promise<SchoolAdminItem> {
    return this.schools.create(actor, dto);
  }

  @Returns('PlaceImportResult')
  @Post('import/preview')
  @PlaceFileUpload(SCHOOL_FILE_HELP)
  @ApiOperation({ summary: '预览学校表的导入：会新增、修改哪些学校（不写入）' })
  previewImport(@CurrentActor() actor: Actor, @UploadedBuffer() file: Buffer | undefined): Promise<PlaceImportResult> {
    return this.schools.import(actor, file, false);
  }

  @Returns('PlaceImportResult')
  @Post('import')
  @PlaceFileUpload(SCHOOL_FILE_HELP)
  @ApiOperation({ summary: '导入学校表：按名称新增或修改本辖区的学校，全部校验通过才写入', description: '文件在单独的线程里读取，超过限制即停止：413/415/422 { code, message }。' })
  applyImport(@CurrentActor() actor: Actor, @UploadedBuffer() file: Buffer | undefined): Promise<PlaceImportResult> {
    return this.schools.import(actor, file, true);
  }

  @Returns('SchoolAdminItem')
  @Get(':id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '一所学校（仅本辖区管理员）' })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<SchoolAdminItem> {
    return this.schools.get(actor, id);
  }

  @Returns('SchoolAdminItem')
  @Patch(':id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '修改学校的名称、类别、区域、地址，停用或恢复，留痕' })
  change(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: SchoolChangeDto): Promise<SchoolAdminItem> {
    return this.schools.change(actor, id, dto);
  }
}
