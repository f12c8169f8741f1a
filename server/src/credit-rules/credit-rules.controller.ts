import { CreditEstimate, Role, RuleSetVersions, RuleSetView } from '@lp/shared';
import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Public, Roles } from '../common/access';
import { CurrentActor, RequestWithActor } from '../common/actor.decorator';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { IdParamPipe } from '../common/params';
import { CreditRulesService } from './credit-rules.service';
import { EstimateQueryDto, RuleSetInputDto } from './dto/rule-set.dto';
import { Returns } from '../openapi/returns';

@ApiTags('credit-rules')
@Controller('credit-rules')
export class CreditRulesController {
  constructor(private readonly rules: CreditRulesService) {}

  @Returns('RuleSetViewList')
  @Get()
  @Public()
  @ApiOperation({ summary: '学分转换规则的各个版本（公开；areaId 为区的编号，不填为默认的区）' })
  list(@Query() q: AreaIdQueryDto): Promise<RuleSetView[]> {
    return this.rules.list(q.areaId);
  }

  @Returns('CreditEstimate')
  @Get('estimate')
  @Public()
  @ApiOperation({ summary: '这些学时按今天的规则值多少学分；居民登录时也算上今年剩余的上限' })
  estimate(@Req() req: RequestWithActor, @Query() q: EstimateQueryDto): Promise<CreditEstimate> {
    return this.rules.estimate(req.actor, q);
  }

  @Returns('RuleSetVersions')
  @Get('versions')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本区转换规则的各个版本（新的在前）：哪一版正在实行、从哪天到哪天，以及新版本最早可以从哪天生效' })
  versions(@CurrentActor() actor: Actor): Promise<RuleSetVersions> {
    return this.rules.versions(actor);
  }

  @Returns('RuleSetView')
  @Post(':districtId')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '发布新一版转换规则（区级管理员；只能从明天起生效；与上一版完全相同的不收）' })
  create(@CurrentActor() actor: Actor, @Param('districtId', IdParamPipe) districtId: number, @Body() dto: RuleSetInputDto): Promise<RuleSetView> {
    return this.rules.create(actor, districtId, dto);
  }
}
