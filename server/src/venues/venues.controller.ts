import { VenueSummary } from '@lp/shared';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { Public } from '../common/access';
import { VenuesService } from './venues.service';
import { Returns } from '../openapi/returns';

@ApiTags('venues')
@Controller('venues')
export class VenuesController {
  constructor(private readonly venues: VenuesService) {}

  @Returns('VenueSummaryList')
  @Get()
  @Public()
  @ApiOperation({ summary: '学习场所（场地资源库），含坐标和教室' })
  list(@Query() q: AreaIdQueryDto): Promise<VenueSummary[]> {
    return this.venues.list(q.areaId);
  }
}
