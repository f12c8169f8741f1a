import {
  NominationView,
  ObjectionReceipt,
  ObjectionView,
  Role,
  SelectionNotice,
  SelectionRules,
  SelectionView,
} from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Actor, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { ClientAddress } from '../common/client-address';
import { IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import {
  AnswerObjectionDto,
  ConsentDto,
  CreateSelectionDto,
  NominateDto,
  ObjectionDto,
  RejectNominationDto,
  SelectionAreaQueryDto,
  SelectionRulesDto,
} from './dto/selection.dto';
import { SelectionsService } from './selections.service';
import { ShowsPersonalData } from '../access-log/shows-personal-data';

/** 百姓学习之星 and 终身学习品牌项目 评选: administration, nomination and consent. */
@ApiTags('selections')
@Controller()
export class SelectionsController {
  constructor(private readonly selections: SelectionsService) {}

  @Returns('SelectionRulesList')
  @Get('selection-rules')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本区的评选参评条件（管理员；每个评选种类一条）' })
  rules(@CurrentActor() actor: Actor): Promise<SelectionRules[]> {
    return this.selections.rules(actor);
  }

  @Returns('SelectionRules')
  @Put('selection-rules')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '设定一个评选种类的参评条件（区级管理员）' })
  saveRules(@CurrentActor() actor: Actor, @Body() dto: SelectionRulesDto): Promise<SelectionRules> {
    return this.selections.saveRules(actor, dto);
  }

  @Returns('SelectionView')
  @Post('selections')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '开展一项年度评选：名额、推荐时间、公示时间（本区域或下级区域的管理员）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSelectionDto): Promise<SelectionView> {
    return this.selections.create(actor, dto);
  }

  @Returns('SelectionViewList')
  @Get('selections')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的评选（管理员）' })
  list(@CurrentActor() actor: Actor, @Query() q: SelectionAreaQueryDto): Promise<SelectionView[]> {
    return this.selections.list(actor, q.areaId);
  }

  @Returns('SelectionViewList')
  @Get('selections/open')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '现在可以推荐（自荐）的评选' })
  open(@CurrentActor() actor: Actor): Promise<SelectionView[]> {
    return this.selections.openForMe(actor);
  }

  @Returns('SelectionView')
  @Get('selections/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '一项评选的详情（评选区域的管理员）' })
  detail(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<SelectionView> {
    return this.selections.detail(actor, id);
  }

  @Returns('NominationView')
  @Post('selections/:id/nominations')
  @Roles(...ANY_ROLE)
  @ShowsPersonalData('nominee-lookup')
  @ApiOperation({ summary: '推荐：社区管理员、学校教师推荐居民或品牌项目，居民自荐；附事迹和照片' })
  nominate(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: NominateDto): Promise<NominationView> {
    return this.selections.nominate(actor, id, dto);
  }

  @Returns('NominationViewList')
  @Get('selections/:id/nominations')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '一项评选的全部推荐（评选区域的管理员；被推荐人同意后才显示其学习记录）' })
  nominations(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<NominationView[]> {
    return this.selections.nominations(actor, id);
  }

  @Returns('NominationView')
  @Post('selection-nominations/:id/select')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '评审：入选（不超过名额；被推荐人须已同意）' })
  select(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<NominationView> {
    return this.selections.select(actor, id);
  }

  @Returns('NominationView')
  @Post('selection-nominations/:id/reject')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '评审：不入选，写明原因（推荐人会看到）' })
  reject(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: RejectNominationDto): Promise<NominationView> {
    return this.selections.reject(actor, id, dto.reason);
  }

  @Returns('SelectionView')
  @Post('selections/:id/publish')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '评审完成，入选名单公示' })
  publish(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<SelectionView> {
    return this.selections.publish(actor, id);
  }

  @Returns('ObjectionViewList')
  @Get('selections/:id/objections')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '公示期间收到的异议（评选区域的管理员；联系方式已打码）' })
  objections(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<ObjectionView[]> {
    return this.selections.objections(actor, id);
  }

  @Returns('ObjectionViewList')
  @Post('selection-objections/:id/answer')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '答复异议；异议成立的，取消其入选' })
  answer(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: AnswerObjectionDto): Promise<ObjectionView[]> {
    return this.selections.answer(actor, id, dto.answer, dto.upheld);
  }

  @Returns('SelectionView')
  @Post('selections/:id/finalise')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '公示结束、异议都已答复后，确定最终名单' })
  finalise(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<SelectionView> {
    return this.selections.finalise(actor, id);
  }

  @Returns('NominationViewList')
  @Get('me/selection-nominations')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '我提出的推荐，和推荐我的（待我同意的在其中）' })
  mine(@CurrentActor() actor: Actor): Promise<NominationView[]> {
    return this.selections.mine(actor);
  }

  @Returns('NominationView')
  @Post('me/selection-nominations/:id/consent')
  @HttpCode(200)
  @Roles(Role.Resident)
  @ApiOperation({ summary: '被推荐的居民同意或不同意参加评选' })
  consent(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ConsentDto): Promise<NominationView> {
    return this.selections.consent(actor, id, dto.accept);
  }

  @Returns('SelectionViewList')
  @Get('public/selections')
  @Public()
  @ApiOperation({ summary: '正在公示和已确定名单的评选（公开）' })
  publicList(@Query() q: SelectionAreaQueryDto): Promise<SelectionView[]> {
    return this.selections.publicList(q.areaId);
  }

  @Returns('SelectionNotice')
  @Get('public/selections/:id')
  @Public()
  @ApiOperation({ summary: '评选公示或最终名单（公开；姓名只显示部分）' })
  notice(@Param('id', IdParamPipe) id: number): Promise<SelectionNotice> {
    return this.selections.notice(id);
  }

  @Returns('ObjectionReceipt')
  @Post('public/selections/:id/objections')
  @Public()
  @ApiOperation({ summary: '对公示名单提出异议（公开；同一地址每小时最多 3 条）' })
  object(@Param('id', IdParamPipe) id: number, @Body() dto: ObjectionDto, @ClientAddress() address: string): Promise<ObjectionReceipt> {
    return this.selections.object(id, dto, address);
  }
}
