import { ReminderError, Role, SubscriptionRequest, type SubscriptionTemplates } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { SubscribeSendResult, WechatClient } from '../wechat/wechat.client';
import { reminderMessage } from './reminder-message';
import { DeliveryStatus } from './reminder-delivery.entity';
import { DueReminder, RemindersRepository } from './reminders.repository';

/** GET /api/subscriptions/templates: the templates the mini program may ask residents to accept. */
export interface SweepSummary {
  sent: number;
  failed: number;
  skipped: number;
}

/** Residents looked at per query; a sweep goes on until none is left or MAX_ROUNDS is reached. */
const BATCH = 200;
const MAX_ROUNDS = 50;

/**
 * What a claimed delivery says until WeChat has answered. If the process dies while sending,
 * it stays: we cannot know whether the message went out, and we do not send it twice.
 */
const SENDING = 'interrupted: WeChat had not answered';

type Claim = { kind: 'taken' } | { kind: 'skipped' } | { kind: 'send'; deliveryId: string; openid: string };

/**
 * Subscribe credits and reminders before a session.
 *
 * A reminder goes out at most once per (session, resident), whatever the number of instances
 * sweeping: the `reminder_delivery` row is claimed, and the credit taken, in one transaction
 * before anything is sent. The message is sent outside any transaction, then the row settled.
 *
 * Credits after a failed send: WeChat's 43101 means the resident has no acceptance left on its
 * side, so ours are set to 0; after any other failure (our request refused, WeChat unreachable)
 * the acceptance was not used, so the credit is given back. A timeout that WeChat in fact
 * delivered leaves one credit too many, which its next 43101 clears.
 */
@Injectable()
export class ReminderService {
  private readonly logger = new Logger(ReminderService.name);
  private offLogged = false;

  constructor(
    private readonly config: AppConfig,
    private readonly reminders: RemindersRepository,
    private readonly wechat: WechatClient,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  templates(): SubscriptionTemplates {
    return { reminder: this.config.WECHAT_REMINDER_TEMPLATE_ID ?? null };
  }

  /** What wx.requestSubscribeMessage answered: each acceptance allows one message; a refusal changes nothing. */
  async recordSubscriptions(actor: Actor, answers: SubscriptionRequest[]): Promise<void> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以订阅提醒');
    const known = new Set(Object.values(this.templates()).filter((t): t is string => t !== null));
    if (answers.some((a) => !known.has(a.templateId))) {
      throw AppError.badRequest('没有这种订阅消息，请重新打开小程序再试', undefined, ReminderError.UnknownTemplate);
    }
    const accepted = answers.filter((a) => a.accepted);
    if (accepted.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      for (const a of accepted) await this.reminders.addCredits(manager, actor.userId, a.templateId, 1);
    });
  }

  /** Reminds enrolled residents of sessions starting in (now, now + REMINDER_LEAD_MINUTES]. */
  async sweep(now: Date = new Date()): Promise<SweepSummary> {
    const summary: SweepSummary = { sent: 0, failed: 0, skipped: 0 };
    const templateId = this.config.WECHAT_REMINDER_TEMPLATE_ID;
    if (!templateId) {
      if (!this.offLogged) this.logger.log('reminders are off: WECHAT_REMINDER_TEMPLATE_ID is not set');
      this.offLogged = true;
      return summary;
    }
    const until = new Date(now.getTime() + this.config.REMINDER_LEAD_MINUTES * 60_000);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = await this.reminders.due(now, until, BATCH);
      for (const reminder of due) {
        const status = await this.remind(reminder, templateId);
        if (status) summary[status] += 1;
      }
      if (due.length < BATCH) break;
    }
    if (summary.sent + summary.failed + summary.skipped > 0) this.logger.log({ ...summary }, 'reminders swept');
    return summary;
  }

  /** Null when another sweep had already claimed this reminder. */
  private async remind(r: DueReminder, templateId: string): Promise<DeliveryStatus | null> {
    const claim = await this.claim(r, templateId);
    if (claim.kind === 'taken') return null;
    if (claim.kind === 'skipped') return DeliveryStatus.Skipped;
    const result = await this.wechat.sendSubscribeMessage({ openid: claim.openid, templateId, ...reminderMessage(r) });
    await this.settle(claim.deliveryId, r, templateId, result);
    if (!result.ok) this.logger.warn({ sessionId: r.sessionId, userId: r.userId, failure: result.failure, errcode: result.errcode }, 'reminder not delivered');
    return result.ok ? DeliveryStatus.Sent : DeliveryStatus.Failed;
  }

  private claim(r: DueReminder, templateId: string): Promise<Claim> {
    return this.dataSource.transaction(async (manager): Promise<Claim> => {
      const deliveryId = await this.reminders.claim(manager, r.sessionId, r.userId, DeliveryStatus.Failed, SENDING);
      if (!deliveryId) return { kind: 'taken' };
      const skip = async (why: string): Promise<Claim> => {
        await this.reminders.settle(manager, deliveryId, DeliveryStatus.Skipped, why);
        return { kind: 'skipped' };
      };
      if (r.openid === null) return skip('no WeChat openid: never logged in through WeChat');
      if (r.disabled) return skip('account disabled');
      if (!(await this.reminders.takeCredit(manager, r.userId, templateId))) return skip('no subscribe credit: did not accept reminders');
      return { kind: 'send', deliveryId, openid: r.openid };
    });
  }

  private settle(deliveryId: string, r: DueReminder, templateId: string, result: SubscribeSendResult): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      if (result.ok) return this.reminders.settle(manager, deliveryId, DeliveryStatus.Sent, null);
      const detail = result.errcode === null ? `wechat ${result.failure}` : `wechat errcode ${result.errcode} (${result.failure})`;
      await this.reminders.settle(manager, deliveryId, DeliveryStatus.Failed, detail);
      if (result.failure === 'not_subscribed') await this.reminders.clearCredits(manager, r.userId, templateId);
      else await this.reminders.addCredits(manager, r.userId, templateId, 1);
    });
  }
}
