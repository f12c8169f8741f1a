import { NumberedPage, PlaceImportResult, Role, VenueAdminItem } from '@lp/shared';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UploadedBuffer } from '../common/single-file';
import { IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { PlaceFileUpload } from '../places/place-file-upload';
import { VenueChangeDto, VenueInputDto, VenueListQueryDto } from '../places/place.dto';
import { VenueAdminService } from './venue-admin.service';

const VENUE_FILE_HELP = '.xlsx（读第一张工作表）或 .csv；表头有“场地名称”“区划代码”“地址”“纬度”“经度”“容纳人数”，可有“所属学校”“教室”（如 101教室:30；多功能厅:80）“开放时间”（如 周一至周五 08:30-17:00）；不超过 2 MB、3000 行';

@ApiTags('venues')
@Controller('admin/venues')
export class VenueAdminController {
  constructor(private readonly venues: VenueAdminService) {}

  @Returns('VenueAdminItemPage')
  @Get()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的场地（含已停用的），可按名称或地址查找，按区域、学校、在用筛选，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: VenueListQueryDto): Promise<NumberedPage<VenueAdminItem>> {
    return this.venues.list(actor, q);
  }

  @Returns('VenueAdminItem')
  @Post()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '在本辖区新建场地，含地址、坐标、教室、容纳人数、开放时间（不能放在停用的区域里），留痕' })
  create(@CurrentActor() actor: Actor, @Body() dto: VenueInputDto): Promise<VenueAdminItem> {
    return this.venues.create(actor, dto);
  }

  @Returns('PlaceImportResult')
  @Post('import/preview')
  @PlaceFileUpload(VENUE_FILE_HELP)
  @ApiOperation({ summary: '预览场地表的导入：会新增、修改哪些场地（不写入）' })
  previewImport(@CurrentActor() actor: Actor, @UploadedBuffer() file: Buffer | undefined): Promise<PlaceImportResult> {
    return this.venues.import(actor, file, false);
  }

  @Returns('PlaceImportResult')
  @Post('import')
  @PlaceFileUpload(VENUE_FILE_HELP)
  @ApiOperation({ summary: '导入场地表：按区域和名称新增或修改本辖区的场地，全部校验通过才写入', description: '文件在单独的线程里读取，超过限制即停止：413/415/422 { code, message }。' })
  applyImport(@CurrentActor() actor: Actor, @UploadedBuffer() file: Buffer | undefined): Promise<PlaceImportResult> {
    return this.venues.import(actor, file, true);
  }

  @Returns('VenueAdminItem')
  @Get(':id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '一个场地，含教室和开放时间（仅本辖区管理员）' })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<VenueAdminItem> {
    return this.venues.get(actor, id);
  }

  @Returns('VenueAdminItem')
  @Patch(':id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '修改场地的信息、教室、开放时间，停用或恢复，留痕' })
  change(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: VenueChangeDto): Promise<VenueAdminItem> {
    return this.venues.change(actor, id, dto);
  }
}
