import { ORGANISATION_KINDS, OrganisationCriteria, OrganisationKind, OrganisationListItem, OrganisationSettings, OrganisationView, Role } from '@lp/shared';
import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, PipeTransform, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { AppError } from '../common/app-error';
import { BigIdParamPipe, IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import {
  AssessOrganisationDto,
  LinkActivityDto,
  OrganisationDetailsDto,
  OrganisationQueryDto,
  OrganisationSettingsDto,
  RegisterOrganisationDto,
  ReviewOrganisationDto,
  SaveCriteriaDto,
  SubsidyDto,
} from './dto/learning-organisation.dto';
import { LearningOrganisationsService } from './learning-organisations.service';
import { ResidentApplications } from './resident-applications';

@Injectable()
class KindParamPipe implements PipeTransform<string, OrganisationKind> {
  transform(value: string): OrganisationKind {
    if (!(ORGANISATION_KINDS as string[]).includes(value)) throw AppError.badRequest('没有这种组织类型');
    return value as OrganisationKind;
  }
}

@ApiTags('learning-organisations')
@Controller()
export class LearningOrganisationsController {
  constructor(
    private readonly organisations: LearningOrganisationsService,
    private readonly applications: ResidentApplications,
  ) {}

  @Returns('OrganisationView')
  @Post('me/learning-organisations')
  @Roles(Role.Resident)
  @ApiOperation({
    summary: '申请创建本社区的学习型家庭或学习型社团（居民，通常是联系人）',
    description: '只能是自己所在的社区，只能是学习型家庭或学习型社团；由社区的上一级（街道）管理员评估。',
  })
  apply(@CurrentActor() actor: Actor, @Body() dto: RegisterOrganisationDto): Promise<OrganisationView> {
    return this.applications.apply(actor, dto);
  }

  @Returns('OrganisationListItemList')
  @Get('me/learning-organisations')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我申请的学习型组织和评估结果' })
  mine(@CurrentActor() actor: Actor): Promise<OrganisationListItem[]> {
    return this.organisations.mine(actor);
  }

  @Returns('OrganisationView')
  @Post('learning-organisations')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '登记一个学习型组织（本辖区的管理员；由上一级管理员评估）' })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterOrganisationDto): Promise<OrganisationView> {
    return this.organisations.register(actor, dto);
  }

  @Returns('OrganisationListItemList')
  @Get('learning-organisations')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的学习型组织，按状态筛选（待评估的在前）' })
  list(@CurrentActor() actor: Actor, @Query() q: OrganisationQueryDto): Promise<OrganisationListItem[]> {
    return this.organisations.list(actor, q);
  }

  @Returns('OrganisationCriteriaList')
  @Get('learning-organisations/criteria')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本区各类学习型组织的评估标准' })
  criteria(@CurrentActor() actor: Actor): Promise<OrganisationCriteria[]> {
    return this.organisations.allCriteria(actor);
  }

  @Returns('OrganisationCriteria')
  @Put('learning-organisations/criteria/:kind')
  @Roles(Role.SuperAdmin)
  @ApiOperation({ summary: '修改一类学习型组织的评估标准（区超级管理员；已做的评估不受影响）' })
  saveCriteria(@CurrentActor() actor: Actor, @Param('kind', KindParamPipe) kind: OrganisationKind, @Body() dto: SaveCriteriaDto): Promise<OrganisationCriteria> {
    return this.organisations.saveCriteria(actor, kind, dto);
  }

  @Returns('OrganisationSettings')
  @Get('learning-organisations/settings')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '年度复核的截止日期（过了仍未复核，认定失效）' })
  settings(@CurrentActor() actor: Actor): Promise<OrganisationSettings> {
    return this.organisations.settings(actor);
  }

  @Returns('OrganisationSettings')
  @Put('learning-organisations/settings')
  @Roles(Role.SuperAdmin)
  @ApiOperation({ summary: '设置年度复核的截止日期（区超级管理员）' })
  saveSettings(@CurrentActor() actor: Actor, @Body() dto: OrganisationSettingsDto): Promise<OrganisationSettings> {
    return this.organisations.saveSettings(actor, dto);
  }

  @Returns('OrganisationView')
  @Get('learning-organisations/:id')
  @Roles(Role.Admin, Role.SuperAdmin, Role.Resident)
  @ApiOperation({ summary: '一个学习型组织的详情、评估记录、补助和活动（本辖区管理员，或申请人本人）' })
  detail(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string): Promise<OrganisationView> {
    return this.organisations.detail(actor, id);
  }

  @Returns('OrganisationView')
  @Put('learning-organisations/:id')
  @Roles(Role.Admin, Role.SuperAdmin, Role.Resident)
  @ApiOperation({ summary: '修改后重新提交被退回或已失效的组织（登记它的人）' })
  resubmit(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: OrganisationDetailsDto): Promise<OrganisationView> {
    return this.organisations.resubmit(actor, id, dto);
  }

  @Returns('OrganisationView')
  @Post('learning-organisations/:id/assess')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '逐项评估，认定或退回（所在区域上一级的管理员，不是登记它的人）' })
  assess(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: AssessOrganisationDto): Promise<OrganisationView> {
    return this.organisations.assess(actor, id, dto);
  }

  @Returns('OrganisationView')
  @Post('learning-organisations/:id/review')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '年度复核：逐项评分，认定延续到下一年的截止日期' })
  review(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: ReviewOrganisationDto): Promise<OrganisationView> {
    return this.organisations.review(actor, id, dto);
  }

  @Returns('OrganisationView')
  @Post('learning-organisations/:id/subsidies')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '登记学习型社团收到的补助经费（金额、日期、来源）' })
  addSubsidy(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: SubsidyDto): Promise<OrganisationView> {
    return this.organisations.addSubsidy(actor, id, dto);
  }

  @Returns('OrganisationView')
  @Post('learning-organisations/:id/activities')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '关联学习型社团开展的活动（再次关联同一活动不会重复）' })
  linkActivity(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: LinkActivityDto): Promise<OrganisationView> {
    return this.organisations.linkActivity(actor, id, dto.offeringId);
  }

  @Returns('OrganisationView')
  @Delete('learning-organisations/:id/activities/:offeringId')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '取消关联一个活动' })
  unlinkActivity(
    @CurrentActor() actor: Actor,
    @Param('id', BigIdParamPipe) id: string,
    @Param('offeringId', IdParamPipe) offeringId: number,
  ): Promise<OrganisationView> {
    return this.organisations.unlinkActivity(actor, id, offeringId);
  }
}
