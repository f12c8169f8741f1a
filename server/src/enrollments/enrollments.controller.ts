import { EnrollmentView, MyEnrollment, Page, Role, RosterEntry } from '@lp/shared';
import { Controller, Delete, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { IdParamPipe } from '../common/params';
import { EnrollmentsService } from './enrollments.service';
import { Returns } from '../openapi/returns';
import { WithoutGuardianConsent } from '../guardians/resident-action';

@ApiTags('enrollments')
@Controller()
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Returns('EnrollmentView', { repeated: HttpStatus.OK })
  @Post('offerings/:id/enrollments')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '报名（满员时进入候补）。首次 201，重复 200 返回原来的报名' })
  async enroll(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnrollmentView> {
    const { view, created } = await this.enrollments.enroll(actor, id);
    reply.status(created ? 201 : 200);
    return view;
  }

  @Returns('EnrollmentView')
  @Delete('offerings/:id/enrollments/me')
  @WithoutGuardianConsent()
  @Roles(Role.Resident)
  @ApiOperation({ summary: '取消报名；空出的名额按候补顺序补上' })
  cancel(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<EnrollmentView> {
    return this.enrollments.cancel(actor, id);
  }

  @Returns('MyEnrollmentPage')
  @Get('me/enrollments')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的报名：还没结束的在前（先开始的在前），已经结束的在后（最近结束的在前）' })
  mine(@CurrentActor() actor: Actor, @Query() q: PageQueryDto): Promise<Page<MyEnrollment>> {
    return this.enrollments.mine(actor, q.cursor, q.limit);
  }

  @Returns('RosterEntryList')
  @Get('teacher/offerings/:id/roster')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '报名名单（本校老师）' })
  roster(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<RosterEntry[]> {
    return this.enrollments.roster(actor, id);
  }
}
