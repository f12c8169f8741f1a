import { OfferingDetail, Role, TeacherOffering } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe } from '../common/params';
import { OfferingInputDto, ReasonDto } from './dto/offering-input.dto';
import { OfferingAuthoringService } from './offering-authoring.service';
import { Returns } from '../openapi/returns';

@ApiTags('teacher')
@Controller('teacher/offerings')
export class TeacherOfferingsController {
  constructor(private readonly authoring: OfferingAuthoringService) {}

  @Returns('TeacherOfferingList')
  @Get()
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '本校的课程和活动（各种状态）' })
  list(@CurrentActor() actor: Actor): Promise<TeacherOffering[]> {
    return this.authoring.listForTeacher(actor);
  }

  @Returns('OfferingDetail')
  @Post()
  @Roles(Role.Teacher)
  @HttpCode(201)
  @ApiOperation({ summary: '新建草稿' })
  create(@CurrentActor() actor: Actor, @Body() dto: OfferingInputDto): Promise<OfferingDetail> {
    return this.authoring.create(actor, dto);
  }

  @Returns('OfferingDetail')
  @Put(':id')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '修改草稿（本校老师）' })
  update(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: OfferingInputDto): Promise<OfferingDetail> {
    return this.authoring.update(actor, id, dto);
  }

  @Returns('OfferingDetail')
  @Post(':id/submit')
  @Roles(Role.Teacher)
  @HttpCode(200)
  @ApiOperation({ summary: '提交审核' })
  submit(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<OfferingDetail> {
    return this.authoring.submit(actor, id);
  }

  @Returns('OfferingDetail')
  @Post(':id/cancel')
  @Roles(Role.Teacher)
  @HttpCode(200)
  @ApiOperation({ summary: '取消整个课程活动，通知已报名的居民' })
  cancel(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ReasonDto): Promise<OfferingDetail> {
    return this.authoring.cancel(actor, id, dto.reason);
  }

  @Returns('OfferingDetail')
  @Post(':id/sessions/:sessionId/cancel')
  @Roles(Role.Teacher)
  @HttpCode(200)
  @ApiOperation({ summary: '取消某一次课，通知已报名的居民' })
  cancelSession(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Param('sessionId', IdParamPipe) sessionId: number,
    @Body() dto: ReasonDto,
  ): Promise<OfferingDetail> {
    return this.authoring.cancelSession(actor, id, sessionId, dto.reason);
  }
}
