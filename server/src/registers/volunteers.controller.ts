import { NumberedPage, Role, VolunteerListItem, VolunteerView } from '@lp/shared';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { ChangeVolunteerDto, EnrolVolunteerDto, JoinVolunteersDto, RecordServiceDto, VolunteerListQueryDto } from './dto/register.dto';
import { VolunteersService } from './volunteers.service';
import { ShowsPersonalData } from '../access-log/shows-personal-data';

@ApiTags('registers')
@Controller()
export class VolunteersController {
  constructor(private readonly volunteers: VolunteersService) {}

  @Returns('VolunteerView')
  @Get('me/volunteer')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的志愿者档案：服务区域、特长、状态、参与服务的活动和时长' })
  mine(@CurrentActor() actor: Actor): Promise<VolunteerView> {
    return this.volunteers.mine(actor);
  }

  @Returns('VolunteerView')
  @Post('me/volunteer')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '报名当志愿者：在自己居住的社区入册（需先填写基本信息），留痕' })
  join(@CurrentActor() actor: Actor, @Body() dto: JoinVolunteersDto): Promise<VolunteerView> {
    return this.volunteers.join(actor, dto);
  }

  @Returns('VolunteerListItemPage')
  @Get('admin/volunteers')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区（或其中一个区域）的志愿者名册，手机号打码，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: VolunteerListQueryDto): Promise<NumberedPage<VolunteerListItem>> {
    return this.volunteers.list(actor, q);
  }

  @Returns('VolunteerView')
  @Post('admin/volunteers')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('register-entry')
  @ApiOperation({ summary: '按手机号把已绑定信息的居民登记入册，服务区域须在本辖区内，留痕' })
  enrol(@CurrentActor() actor: Actor, @Body() dto: EnrolVolunteerDto): Promise<VolunteerView> {
    return this.volunteers.enrol(actor, dto);
  }

  @Returns('VolunteerView')
  @Get('admin/volunteers/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('register-entry')
  @ApiOperation({ summary: '一位志愿者的档案和服务记录（仅本辖区管理员）' })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<VolunteerView> {
    return this.volunteers.get(actor, id);
  }

  @Returns('VolunteerView')
  @Patch('admin/volunteers/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '修改志愿者的特长、介绍、服务区域或状态（暂停、退出、恢复），留痕' })
  change(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ChangeVolunteerDto): Promise<VolunteerView> {
    return this.volunteers.change(actor, id, dto);
  }

  @Returns('VolunteerView')
  @Post('admin/volunteers/:id/services')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '记一次志愿服务：本辖区的哪个活动（可选哪一场）、哪天、多少分钟、做了什么；同一场只记一次，留痕' })
  recordService(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: RecordServiceDto): Promise<VolunteerView> {
    return this.volunteers.recordService(actor, id, dto);
  }
}
