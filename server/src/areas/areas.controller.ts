import { AreaNode, PopulationRow, Role } from '@lp/shared';
import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { AreasService } from './areas.service';
import { PopulationFiguresDto, YearQueryDto } from './dto/population.dto';
import { YearParamPipe, IdParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';

@ApiTags('areas')
@Controller('areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  @Returns('AreaNode')
  @Get('tree')
  @Public()
  @ApiOperation({ summary: '区 → 街道 → 社区 的完整树，供选择所在社区' })
  tree(): Promise<AreaNode> {
    return this.areas.tree();
  }

  @Returns('PopulationRow')
  @Get(':id/population')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '某区域某年的人口基础数据（仅本辖区管理员）' })
  population(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: YearQueryDto): Promise<PopulationRow> {
    return this.areas.population(actor, id, q.year);
  }

  @Returns('PopulationRowList')
  @Get(':id/population/children')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '下级区域的人口基础数据' })
  childrenPopulation(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Query() q: YearQueryDto,
  ): Promise<PopulationRow[]> {
    return this.areas.childrenPopulation(actor, id, q.year);
  }

  @Returns('PopulationRow')
  @Put(':id/population/:year')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '录入或修改某区域某年的人口基础数据' })
  setPopulation(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Param('year', YearParamPipe) year: number,
    @Body() dto: PopulationFiguresDto,
  ): Promise<PopulationRow> {
    return this.areas.setPopulation(actor, id, year, dto);
  }
}
