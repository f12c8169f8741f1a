import { HeartbeatResult, LessonPlayer, OfferingLessonProgress, PlaybackState, Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe } from '../common/params';
import { HeartbeatDto, StartPlaybackDto } from './dto/playback.dto';
import { OnlineLearningService } from './online-learning.service';
import { Returns } from '../openapi/returns';
import { ResidentAction } from '../guardians/resident-action';

@ApiTags('online-learning')
@Controller()
export class OnlineLearningController {
  constructor(private readonly online: OnlineLearningService) {}

  @Returns('LessonPlayer')
  @Get('lessons/:id')
  @ResidentAction()
  @Roles(Role.Resident)
  @ApiOperation({ summary: '一节微课：视频、我的观看进度、今天已记的线上学时和每日上限' })
  lesson(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<LessonPlayer> {
    return this.online.lessonPlayer(actor, id);
  }

  @Returns('PlaybackState')
  @Post('lessons/:id/playbacks')
  @Roles(Role.Resident)
  @HttpCode(201)
  @ApiOperation({ summary: '开始播放（需已报名）：换一台设备播放时，原来的设备不再计时' })
  start(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: StartPlaybackDto): Promise<PlaybackState> {
    return this.online.startPlayback(actor, id, dto);
  }

  @Returns('HeartbeatResult')
  @Post('lessons/:id/heartbeats')
  @Roles(Role.Resident)
  @HttpCode(200)
  @ApiOperation({ summary: '播放中每15秒报告一次播放位置；按服务器时间计观看秒数，看够九成记一次学时' })
  heartbeat(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: HeartbeatDto): Promise<HeartbeatResult> {
    return this.online.heartbeat(actor, id, dto);
  }

  @Returns('OfferingLessonProgress')
  @Get('offerings/:id/lesson-progress')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '微课程每一节的观看进度和是否已记学时，以及今天的线上学时' })
  offeringProgress(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<OfferingLessonProgress> {
    return this.online.offeringProgress(actor, id);
  }
}
