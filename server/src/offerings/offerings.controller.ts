import { LearningCircle, OfferingDetail, OfferingSummary, Page } from '@lp/shared';
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access';
import type { RequestWithActor } from '../common/actor.decorator';
import { IdParamPipe } from '../common/params';
import { CircleQueryDto, OfferingQueryDto } from './dto/offering-query.dto';
import { OfferingCatalogueService } from './offering-catalogue.service';
import { Returns } from '../openapi/returns';

@ApiTags('offerings')
@Controller('offerings')
export class OfferingsController {
  constructor(private readonly catalogue: OfferingCatalogueService) {}

  @Returns('OfferingSummaryPage')
  @Get()
  @Public()
  @ApiOperation({ summary: '找课程和活动：筛选、关键词、按距离，游标分页' })
  list(@Query() q: OfferingQueryDto): Promise<Page<OfferingSummary>> {
    return this.catalogue.list(q);
  }

  @Returns('LearningCircle')
  @Get('circle')
  @Public()
  @ApiOperation({ summary: '30分钟学习圈：步行、骑车半小时内的场所和近期活动' })
  circle(@Query() q: CircleQueryDto): Promise<LearningCircle> {
    return this.catalogue.circle(q.lat, q.lng);
  }

  @Returns('OfferingDetail')
  @Get(':id')
  @Public()
  @ApiOperation({ summary: '课程活动详情（登录的居民会看到自己的报名状态）' })
  detail(@Req() req: RequestWithActor, @Param('id', IdParamPipe) id: number): Promise<OfferingDetail> {
    return this.catalogue.detail(req.actor, id);
  }
}
