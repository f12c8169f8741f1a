import { MyDataCopy, Role } from '@lp/shared';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { Returns } from '../openapi/returns';
import { DataExportService } from './data-export.service';
import { ResidentAction } from '../guardians/resident-action';

@ApiTags('data-export')
@Controller()
export class DataExportController {
  constructor(private readonly exports: DataExportService) {}

  @Returns('MyDataCopy')
  @Get('me/data-export')
  @ResidentAction()
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的数据：平台保存的关于我的全部信息（含本人完整手机号、身份证号），每小时最多下载几次' })
  copy(@CurrentActor() actor: Actor): Promise<MyDataCopy> {
    return this.exports.copy(actor);
  }
}
