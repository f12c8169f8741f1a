import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WechatModule } from '../wechat/wechat.module';
import { bullOptions, ReminderScheduler } from './reminder.scheduler';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';
import { ReminderService } from './reminders.service';

/**
 * Reminders before a session, sent as WeChat subscribe messages, and the subscribe credits
 * that allow them. Entities (add to ENTITIES in database/data-source.ts): SubscribeCredit,
 * ReminderDelivery.
 */
@Module({
  imports: [
    WechatModule,
    // The app-wide BullMQ configuration; move it to AppModule when a second feature needs queues.
    BullModule.forRootAsync({ inject: [AppConfig], useFactory: bullOptions }),
  ],
  controllers: [RemindersController],
  providers: [RemindersRepository, ReminderService, ReminderScheduler],
  exports: [ReminderService],
})
export class RemindersModule {}
