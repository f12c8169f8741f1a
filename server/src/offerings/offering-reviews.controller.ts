import { OfferingDetail, ReviewItem, Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe } from '../common/params';
import { ReasonDto } from './dto/offering-input.dto';
import { OfferingReviewsService } from './offering-reviews.service';
import { Returns } from '../openapi/returns';

@ApiTags('admin')
@Controller('admin/offerings')
export class OfferingReviewsController {
  constructor(private readonly reviews: OfferingReviewsService) {}

  @Returns('ReviewItemList')
  @Get('reviews')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区待审核的课程活动' })
  pending(@CurrentActor() actor: Actor): Promise<ReviewItem[]> {
    return this.reviews.pendingReviews(actor);
  }

  @Returns('OfferingDetail')
  @Post(':id/approve')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '审核通过并发布' })
  approve(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<OfferingDetail> {
    return this.reviews.approve(actor, id);
  }

  @Returns('OfferingDetail')
  @Post(':id/return')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '退回修改，写明原因' })
  returnForChanges(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ReasonDto): Promise<OfferingDetail> {
    return this.reviews.returnForChanges(actor, id, dto.reason);
  }
}
