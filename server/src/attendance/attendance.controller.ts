import {
  CheckInAwaitingReview,
  CheckInDisplay,
  CheckInResult,
  CheckInReviewResult,
  LearnerCode,
  LiveRoster,
  Page,
  ProxyAuditEntry,
  ProxyLookupResult,
  Role,
  SessionCloseResult,
  TeacherTodaySession,
  MyUpcomingSession,
} from '@lp/shared';
import { Body, Controller, Get, HttpCode, HttpStatus, MessageEvent, Param, Post, Query, Res, Sse, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { concat, from, interval, map, merge, Observable, switchMap, throttleTime } from 'rxjs';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { IdParamPipe } from '../common/params';
import { shanghaiLabel } from '../common/time';
import { ResidentsService } from '../residents/residents.service';
import { CheckInDto, CheckInReviewDto, ProxyCheckInDto, ProxyLookupDto } from './dto/check-in.dto';
import { AllowQueryToken } from '../common/query-token';
import { CheckInReviewService } from './check-in-review.service';
import { CheckInService } from './check-in.service';
import { RosterEvents } from './roster-events';
import { SessionClosingService } from './session-closing.service';
import { TeacherCheckInService } from './teacher-check-in.service';
import { signInSheet } from './sign-in-sheet';
import { Returns, ReturnsEvents, ReturnsFile, XLSX } from '../openapi/returns';
import { ShowsPersonalData } from '../access-log/shows-personal-data';

export class ProxyAuditQueryDto extends AreaIdQueryDto {
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: '翻页参数不对' })
  cursor?: string;
}

@ApiTags('attendance')
@Controller()
export class AttendanceController {
  constructor(
    private readonly checkIns: CheckInService,
    private readonly teacher: TeacherCheckInService,
    private readonly closing: SessionClosingService,
    private readonly reviews: CheckInReviewService,
    private readonly residents: ResidentsService,
    private readonly events: RosterEvents,
  ) {}

  @Returns('CheckInResult', { repeated: HttpStatus.OK })
  @Post('check-ins')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '签到：扫码或输入6位签到码。首次 201，重复 200 返回第一次的签到' })
  async checkIn(@CurrentActor() actor: Actor, @Body() dto: CheckInDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CheckInResult> {
    const { result, created } = await this.checkIns.checkIn(actor, dto);
    reply.status(created ? 201 : 200);
    return result;
  }

  @Returns('CheckInResult')
  @Get('check-ins/:id')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的一次签到：记多少学时，待核对的是否已经核对' })
  myCheckIn(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<CheckInResult> {
    return this.checkIns.myCheckIn(actor, String(id));
  }

  @Returns('CheckInResult', { repeated: HttpStatus.OK })
  @Post('check-ins/:id/check-out')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '签退（需要签退的活动）' })
  async checkOut(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Res({ passthrough: true }) reply: FastifyReply): Promise<CheckInResult> {
    const { result, created } = await this.checkIns.checkOut(actor, String(id));
    reply.status(created ? 201 : 200);
    return result;
  }

  @Returns('MyUpcomingSessionList')
  @Get('me/upcoming-sessions')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我报名的、还没结束的课次（两天内开始的），最早的在前；签到页从中选今天的和已开放签到的' })
  upcoming(@CurrentActor() actor: Actor): Promise<MyUpcomingSession[]> {
    return this.checkIns.upcoming(actor);
  }

  @Returns('LearnerCode')
  @Get('me/learner-code')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的学习码：没有手机时给老师看，老师扫码代签' })
  async learnerCode(@CurrentActor() actor: Actor): Promise<LearnerCode> {
    const profile = await this.residents.profile(actor);
    return this.checkIns.learnerCode(actor, profile.realName);
  }

  @Returns('TeacherTodaySessionList')
  @Get('teacher/sessions/today')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '今天的课：本校今天的课次（上海时间），和已开放签到的跨零点课次，最早的在前，点开就是签到二维码' })
  today(@CurrentActor() actor: Actor): Promise<TeacherTodaySession[]> {
    return this.teacher.today(actor);
  }

  @Returns('CheckInDisplay')
  @Get('teacher/sessions/:id/qr')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '签到二维码（每10秒换一次，内容是签到链接，微信扫一扫打开小程序签到）和6位签到码（每分钟换一次）' })
  qr(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<CheckInDisplay> {
    return this.teacher.display(actor, id);
  }

  @Returns('ProxyLookupResult')
  @Post('teacher/sessions/:id/proxy-lookups')
  @Roles(Role.Teacher)
  @ShowsPersonalData('proxy-lookup')
  @HttpCode(200)
  @ApiOperation({ summary: '代签第一步：按手机号、身份证号或学习码查找居民，显示找到的是谁（打码）和能否代签' })
  proxyLookup(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ProxyLookupDto): Promise<ProxyLookupResult> {
    return this.teacher.proxyLookup(actor, id, dto);
  }

  @Returns('CheckInResult', { repeated: HttpStatus.OK })
  @Post('teacher/sessions/:id/proxy-check-ins')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '代签第二步：老师核对姓名后，用查找拿到的凭证保存代签，留痕。首次 201，重复 200' })
  async proxy(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: ProxyCheckInDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckInResult> {
    const { result, created } = await this.teacher.proxyCheckIn(actor, id, dto);
    reply.status(created ? 201 : 200);
    return result;
  }

  @Returns('LiveRoster')
  @Get('teacher/sessions/:id/roster')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '到场情况：已到、未到、现场报名、代签' })
  roster(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<LiveRoster> {
    return this.teacher.roster(actor, id);
  }

  /** Server-Sent Events: the roster now, then again after every change (at most twice a second). */
  @ReturnsEvents('LiveRoster')
  @Sse('teacher/sessions/:id/roster/stream')
  @Roles(Role.Teacher)
  @AllowQueryToken()
  @ApiOperation({ summary: '实时到场名单（SSE；浏览器 EventSource 可用 ?access_token= 传登录凭证）' })
  async stream(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<Observable<MessageEvent>> {
    await this.teacher.assertRosterAccess(actor, id);
    const changes = merge(this.events.of(id), interval(30_000)).pipe(throttleTime(500, undefined, { leading: true, trailing: true }));
    return concat(from([null]), changes).pipe(
      switchMap(() => from(this.teacher.rosterOf(id))),
      map((roster) => ({ type: 'roster', data: roster })),
    );
  }

  @ReturnsFile(XLSX)
  @Get('teacher/sessions/:id/sign-in-sheet')
  @Roles(Role.Teacher)
  @ApiOperation({ summary: '导出签到表（Excel）' })
  async sheet(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<StreamableFile> {
    const roster = await this.teacher.roster(actor, id);
    const label = roster.lines[0]?.checkedInAt ? shanghaiLabel(new Date(roster.lines[0].checkedInAt)) : '';
    return new StreamableFile(await signInSheet(roster, label), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="sign-in-${id}.xlsx"`,
    });
  }

  @Returns('CheckInAwaitingReviewList')
  @Get('teacher/sessions/:id/check-in-reviews')
  @Roles(Role.Teacher, Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '待核对的签到（没有位置、定位不准或离场地太远），等老师确认或不通过' })
  awaitingReview(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<CheckInAwaitingReview[]> {
    return this.reviews.awaitingReview(actor, id);
  }

  @Returns('CheckInReviewResult')
  @Post('teacher/sessions/:id/check-in-reviews')
  @Roles(Role.Teacher, Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '核对签到：确认（记学时）或不通过（写明原因，不记学时），可一次核对多个；居民会收到通知' })
  review(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: CheckInReviewDto): Promise<CheckInReviewResult> {
    return this.reviews.review(actor, id, dto);
  }

  @Returns('SessionCloseResult')
  @Post('teacher/sessions/:id/close')
  @Roles(Role.Teacher)
  @HttpCode(200)
  @ApiOperation({ summary: '结束签到：确定到场名单，学时记入学分银行' })
  close(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<SessionCloseResult> {
    return this.closing.close(actor, id);
  }

  @Returns('ProxyAuditEntryPage')
  @Get('admin/proxy-check-ins')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '代签记录（本辖区）' })
  proxyAudit(@CurrentActor() actor: Actor, @Query() q: ProxyAuditQueryDto): Promise<Page<ProxyAuditEntry>> {
    return this.reviews.proxyAudit(actor, q.areaId, q.cursor);
  }
}
