import { AdminLearningRecordView, LearningAccountView, LearningRecordView, Page, Role, RankingOptOut } from '@lp/shared';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { BigIdParamPipe } from '../common/params';
import { PageQueryDto } from '../common/page-query.dto';
import { RankingOptOutDto } from './dto/ranking-opt-out.dto';
import { LearningAccountService } from './learning-account.service';
import { Returns } from '../openapi/returns';
import { WithoutGuardianConsent } from '../guardians/resident-action';

@ApiTags('learning-account')
@Controller('me')
export class LearningAccountController {
  constructor(private readonly account: LearningAccountService) {}

  @Returns('LearningAccountView')
  @Get('learning-account')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的学习账户：学时、学分（今年和累计，分类别）、最近记录、认定、转换、排名' })
  get(@CurrentActor() actor: Actor): Promise<LearningAccountView> {
    return this.account.account(actor);
  }

  @Returns('LearningRecordViewPage')
  @Get('learning-records')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的全部学习记录，新的在前（分页）' })
  records(@CurrentActor() actor: Actor, @Query() q: PageQueryDto): Promise<Page<LearningRecordView>> {
    return this.account.records(actor, q.cursor, q.limit);
  }

  @Returns('RankingOptOut')
  @Put('ranking-opt-out')
  @WithoutGuardianConsent()
  @Roles(Role.Resident)
  @ApiOperation({ summary: '参加或不参加百姓学习之星排名' })
  optOut(@CurrentActor() actor: Actor, @Body() dto: RankingOptOutDto): Promise<RankingOptOut> {
    return this.account.setRankingOptOut(actor, dto.optOut);
  }
}

@ApiTags('learning-records')
@Controller('learning-records')
export class AdminLearningRecordsController {
  constructor(private readonly account: LearningAccountService) {}

  @Returns('AdminLearningRecordView')
  @Get(':id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '按编号查一条学习记录（记录所在区域的管理员；作废前核对）' })
  record(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string): Promise<AdminLearningRecordView> {
    return this.account.recordForAdmin(actor, id);
  }
}
