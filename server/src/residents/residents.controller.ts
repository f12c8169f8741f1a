import { Page, ResidentListItem, ResidentProfile, Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UuidParamPipe } from '../common/params';
import { BindProfileDto, ResidentListQueryDto, ResidentSearchDto, SetGroupsDto, VerifyPhoneDto } from './dto/resident.dto';
import { ResidentsService } from './residents.service';
import { Returns, ReturnsNothing } from '../openapi/returns';
import { ShowsPersonalData } from '../access-log/shows-personal-data';
import { OwnAccount } from '../guardians/resident-action';

@ApiTags('residents')
@Controller()
export class ResidentsController {
  constructor(private readonly residents: ResidentsService) {}

  @Returns('ResidentProfile')
  @Get('me/profile')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的个人信息（手机号、身份证号已打码）' })
  profile(@CurrentActor() actor: Actor): Promise<ResidentProfile> {
    return this.residents.profile(actor);
  }

  @Returns('ResidentProfile')
  @Put('me/profile')
  @OwnAccount()
  @Roles(Role.Resident)
  @HttpCode(201)
  @ApiOperation({ summary: '首次绑定个人信息（只能绑定一次）' })
  bind(@CurrentActor() actor: Actor, @Body() dto: BindProfileDto): Promise<ResidentProfile> {
    return this.residents.bind(actor, dto);
  }

  @Returns('ResidentProfile')
  @Post('me/phone/verification')
  @OwnAccount()
  @Roles(Role.Resident)
  @HttpCode(200)
  @ApiOperation({ summary: '用微信“手机号快速验证”确认手机号（已验证的号码会从只是手动填写它的账号上移走）' })
  verifyPhone(@CurrentActor() actor: Actor, @Body() dto: VerifyPhoneDto): Promise<ResidentProfile> {
    return this.residents.verifyPhone(actor, dto.code);
  }

  @Returns('ResidentListItemPage')
  @Get('admin/residents')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区居民名单（全部打码），可按社区、人群筛选' })
  list(@CurrentActor() actor: Actor, @Query() q: ResidentListQueryDto): Promise<Page<ResidentListItem>> {
    return this.residents.list(actor, q);
  }

  @Returns('ResidentListItemPage')
  @Post('admin/residents/search')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('resident-lookup')
  @HttpCode(200)
  @ApiOperation({ summary: '按完整姓名或完整手机号查找本辖区居民（结果打码）' })
  search(@CurrentActor() actor: Actor, @Body() dto: ResidentSearchDto): Promise<Page<ResidentListItem>> {
    return this.residents.list(actor, dto);
  }

  @ReturnsNothing()
  @Put('admin/residents/:userId/groups')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(204)
  @ApiOperation({ summary: '设置居民所属人群（如失业、进城务工），留痕' })
  async setGroups(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string, @Body() dto: SetGroupsDto): Promise<void> {
    await this.residents.setGroups(actor, userId, dto.groups);
  }
}
