import { NotificationView } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, Max, Min } from 'class-validator';
import { Actor, Authenticated } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { NotificationsService } from './notifications.service';
import { Returns, ReturnsNothing } from '../openapi/returns';
import { WithoutGuardianConsent } from '../guardians/resident-action';

export class MarkReadDto {
  @IsArray({ message: '消息编号格式不对' })
  @ArrayMaxSize(200, { message: '一次最多标记200条' })
  @IsInt({ each: true, message: '消息编号格式不对' })
  @Min(1, { each: true, message: '消息编号格式不对' })
  @Max(Number.MAX_SAFE_INTEGER, { each: true, message: '消息编号格式不对' })
  ids: number[];
}

@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Returns('NotificationViewList')
  @Get()
  @Authenticated()
  @ApiOperation({ summary: '我的消息（课程取消、候补转正等）' })
  list(@CurrentActor() actor: Actor): Promise<NotificationView[]> {
    return this.notifications.list(actor);
  }

  @ReturnsNothing()
  @Post('read')
  @WithoutGuardianConsent()
  @Authenticated()
  @HttpCode(204)
  async markRead(@CurrentActor() actor: Actor, @Body() dto: MarkReadDto): Promise<void> {
    await this.notifications.markRead(actor, dto.ids);
  }
}
