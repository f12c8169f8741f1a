import { Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { SubscriptionDto, SubscriptionListPipe } from './dto/subscription.dto';
import type { SubscriptionTemplates } from '@lp/shared';
import { ReminderService } from './reminders.service';
import { Returns, ReturnsNothing } from '../openapi/returns';

/** The subscribe-message side of reminders: which templates exist, and what residents accepted. */
@ApiTags('reminders')
@Controller()
export class RemindersController {
  constructor(private readonly reminders: ReminderService) {}

  @Returns('SubscriptionTemplates')
  @Get('subscriptions/templates')
  @Public()
  @ApiOperation({ summary: '小程序可请求居民订阅的消息模板（未开启提醒时为 null）' })
  templates(): SubscriptionTemplates {
    return this.reminders.templates();
  }

  @ReturnsNothing()
  @Post('me/subscriptions')
  @Roles(Role.Resident)
  @HttpCode(204)
  @ApiBody({ type: [SubscriptionDto] })
  @ApiOperation({ summary: '记录居民对订阅消息的选择：每次“允许”可发一条开课提醒' })
  async subscribe(@CurrentActor() actor: Actor, @Body(SubscriptionListPipe) answers: SubscriptionDto[]): Promise<void> {
    await this.reminders.recordSubscriptions(actor, answers);
  }
}
