import { AccessLogEntry, MyAccessLogEntry, Page, Role } from '@lp/shared';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { Returns } from '../openapi/returns';
import { AccessLogService } from './access-log.service';
import { AccessLogQueryDto } from './dto/access-log.dto';

@ApiTags('access-log')
@Controller()
export class AccessLogController {
  constructor(private readonly log: AccessLogService) {}

  @Returns('MyAccessLogEntryList')
  @Get('me/access-log')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '谁看过我的信息：什么时候、哪个区域或学校的老师或管理员、为什么看（最近200次）' })
  mine(@CurrentActor() actor: Actor): Promise<MyAccessLogEntry[]> {
    return this.log.mine(actor);
  }

  @Returns('AccessLogEntryPage')
  @Get('admin/access-log')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '个人信息查看记录：本辖区的老师和管理员看了哪位居民的什么信息，可按居民、工作人员、日期筛选，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: AccessLogQueryDto): Promise<Page<AccessLogEntry>> {
    return this.log.list(actor, q);
  }
}
