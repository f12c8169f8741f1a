import { CampaignListItem, CampaignRuleSettings, CampaignView, OfferingCampaignChoice, Role } from '@lp/shared';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Public, Roles } from '../common/access';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe, YearParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { CampaignsService } from './campaigns.service';
import {
  CampaignActivityDto,
  CampaignDetailsDto,
  CampaignQueryDto,
  CampaignRuleDto,
  CampaignRuleYearDto,
  CreateCampaignDto,
  JoinCampaignDto,
} from './dto/campaign.dto';

@ApiTags('campaigns')
@Controller()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Returns('CampaignListItemList')
  @Get('public/campaigns')
  @Public()
  @ApiOperation({ summary: '正在进行和即将开始的主题活动（公开；给了区域就只看它和上下级的）' })
  publicList(@Query() q: AreaIdQueryDto): Promise<CampaignListItem[]> {
    return this.campaigns.publicList(q.areaId);
  }

  @Returns('CampaignView')
  @Get('public/campaigns/:id')
  @Public()
  @ApiOperation({ summary: '主题活动页：日期、数字和参加的课程活动（公开，只有已发布的）' })
  publicDetail(@Param('id', IdParamPipe) id: number): Promise<CampaignView> {
    return this.campaigns.publicDetail(id);
  }

  @Returns('CampaignListItemList')
  @Get('campaigns')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区、上级和下级的主题活动（活动周、开放日等）' })
  list(@CurrentActor() actor: Actor, @Query() q: CampaignQueryDto): Promise<CampaignListItem[]> {
    return this.campaigns.list(actor, q);
  }

  @Returns('CampaignView')
  @Post('campaigns')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '新建主题活动（本辖区或下级区域；先存为草稿）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(actor, dto);
  }

  @Returns('CampaignRuleSettings')
  @Get('campaign-rules')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '全区开放日的规定和最近几年的日子' })
  rules(@CurrentActor() actor: Actor): Promise<CampaignRuleSettings> {
    return this.campaigns.ruleSettings(actor);
  }

  @Returns('CampaignRuleSettings')
  @Put('campaign-rules')
  @Roles(Role.SuperAdmin)
  @ApiOperation({ summary: '修改全区开放日的规定（区超级管理员；按规定的开放日随之改日子）' })
  saveRule(@CurrentActor() actor: Actor, @Body() dto: CampaignRuleDto): Promise<CampaignRuleSettings> {
    return this.campaigns.saveRule(actor, dto);
  }

  @Returns('CampaignRuleSettings')
  @Put('campaign-rules/years/:year')
  @Roles(Role.SuperAdmin)
  @ApiOperation({ summary: '单独定某一年的开放日，或恢复按规定（区超级管理员）' })
  setYear(@CurrentActor() actor: Actor, @Param('year', YearParamPipe) year: number, @Body() dto: CampaignRuleYearDto): Promise<CampaignRuleSettings> {
    return this.campaigns.setYear(actor, year, dto.date ?? null);
  }

  @Returns('CampaignView')
  @Get('campaigns/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '一个主题活动的详情、课程活动和数字' })
  detail(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<CampaignView> {
    return this.campaigns.detail(actor, id);
  }

  @Returns('CampaignView')
  @Put('campaigns/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '修改主题活动（所在区域或上级的管理员）' })
  update(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: CampaignDetailsDto): Promise<CampaignView> {
    return this.campaigns.update(actor, id, dto);
  }

  @Returns('CampaignView')
  @Post('campaigns/:id/publish')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '发布主题活动（发布后居民可以看到）' })
  publish(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<CampaignView> {
    return this.campaigns.setPublished(actor, id, true);
  }

  @Returns('CampaignView')
  @Post('campaigns/:id/unpublish')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '撤回主题活动，改回草稿' })
  unpublish(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<CampaignView> {
    return this.campaigns.setPublished(actor, id, false);
  }

  @Returns('CampaignView')
  @Post('campaigns/:id/activities')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '把本辖区一个已发布的课程或活动加入主题活动（再加一次不会重复）' })
  addActivity(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: CampaignActivityDto): Promise<CampaignView> {
    return this.campaigns.addActivity(actor, id, dto.offeringId);
  }

  @Returns('CampaignView')
  @Delete('campaigns/:id/activities/:offeringId')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '把一个课程或活动移出主题活动' })
  removeActivity(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Param('offeringId', IdParamPipe) offeringId: number): Promise<CampaignView> {
    return this.campaigns.removeActivity(actor, id, offeringId);
  }

  @Returns('OfferingCampaignChoiceList')
  @Get('teacher/offerings/:id/campaigns')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '我的课程可以加入的主题活动（已发布、还没结束、在课程所在区域）' })
  choices(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<OfferingCampaignChoice[]> {
    return this.campaigns.choices(actor, id);
  }

  @Returns('OfferingCampaignChoiceList')
  @Post('teacher/offerings/:id/campaigns')
  @HttpCode(200)
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '把我的课程加入一个主题活动' })
  join(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: JoinCampaignDto): Promise<OfferingCampaignChoice[]> {
    return this.campaigns.join(actor, id, dto.campaignId);
  }

  @Returns('OfferingCampaignChoiceList')
  @Delete('teacher/offerings/:id/campaigns/:campaignId')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '让我的课程退出一个主题活动' })
  leave(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Param('campaignId', IdParamPipe) campaignId: number): Promise<OfferingCampaignChoice[]> {
    return this.campaigns.leave(actor, id, campaignId);
  }
}
