import { IndicatorTargetList, Role } from '@lp/shared';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { YearQueryDto } from '../areas/dto/population.dto';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe, YearParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { IndicatorTargetUpdateDto } from './dto/indicator-target.dto';
import { IndicatorTargetsService } from './indicator-targets.service';

@ApiTags('statistics')
@Controller('areas/:id/indicator-targets')
export class IndicatorTargetsController {
  constructor(private readonly targets: IndicatorTargetsService) {}

  @Returns('IndicatorTargetList')
  @Get()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '某区域某年各项指标的目标，及每个目标从哪里来（本级设置、沿用上级或往年、政策默认值）' })
  list(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: YearQueryDto): Promise<IndicatorTargetList> {
    return this.targets.list(actor, id, q.year);
  }

  @Returns('IndicatorTargetList')
  @Put(':year')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({
    summary: '设置本区域某年的指标目标（下级区域和以后的年份没有自己设置时沿用）；target 为 null 则取消本级设置',
    description: '区（县）级的目标只能由超级管理员修改；有一项不对则全部不写入（400）。',
  })
  set(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Param('year', YearParamPipe) year: number,
    @Body() dto: IndicatorTargetUpdateDto,
  ): Promise<IndicatorTargetList> {
    return this.targets.set(actor, id, year, dto);
  }
}
