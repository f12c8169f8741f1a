import { Module } from '@nestjs/common';
import { WechatModule } from '../wechat/wechat.module';
import { ReminderScheduler } from './reminder.scheduler';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';
import { ReminderService } from './reminders.service';

/**
 * Reminders before a session, sent as WeChat subscribe messages, and the subscribe credits
 * that allow them. Entities (add to ENTITIES in database/data-source.ts): SubscribeCredit,
 * ReminderDelivery.
 */
@Module({
  imports: [WechatModule],
  controllers: [RemindersController],
  providers: [RemindersRepository, ReminderService, ReminderScheduler],
  exports: [ReminderService],
})
export class RemindersModule {}
