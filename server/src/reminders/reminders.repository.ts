import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryStatus, ReminderDelivery } from './reminder-delivery.entity';

/** One resident to remind of one session, with what the message needs. */
export interface DueReminder {
  sessionId: number;
  userId: string;
  /** Null when the user never logged in through WeChat (or unlinked). */
  openid: string | null;
  disabled: boolean;
  offeringId: number;
  title: string;
  startsAt: Date;
  /** Null for online offerings. */
  venueName: string | null;
}

/** Upper bound of `subscribe_credit.remaining`, as checked by the table. */
export const MAX_CREDITS = 1000;

/**
 * Reminder deliveries and subscribe credits. Sessions, offerings and enrollments belong to
 * other features: they are read through the view reminder_session_attendee (migration
 * ReadModels), never through their tables or entities.
 */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Enrolled residents of published offerings whose session, not cancelled, starts in
   * (from, to], and who have no delivery recorded for it yet. Soonest sessions first.
   */
  async due(from: Date, to: Date, limit: number): Promise<DueReminder[]> {
    return this.dataSource.query(
      `SELECT a.session_id AS "sessionId", a.user_id AS "userId", a.openid, a.disabled, a.offering_id AS "offeringId", a.title,
              a.starts_at AS "startsAt", a.venue_name AS "venueName"
         FROM reminder_session_attendee a
        WHERE a.starts_at > $1 AND a.starts_at <= $2
          AND NOT EXISTS (SELECT 1 FROM reminder_delivery d WHERE d.session_id = a.session_id AND d.user_id = a.user_id)
        ORDER BY a.starts_at, a.session_id, a.user_id
        LIMIT $3`,
      [from, to, limit],
    );
  }

  /**
   * Records the delivery for (session, user) unless one exists. Null when another sweep has
   * it: the unique constraint makes a concurrent insert wait for that sweep's transaction.
   */
  async claim(manager: EntityManager, sessionId: number, userId: string, status: DeliveryStatus, detail: string): Promise<string | null> {
    const rows = (await manager.query(
      `INSERT INTO reminder_delivery (session_id, user_id, status, detail)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT reminder_delivery_once DO NOTHING
       RETURNING id`,
      [sessionId, userId, status, detail],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async settle(manager: EntityManager, deliveryId: string, status: DeliveryStatus, detail: string | null): Promise<void> {
    await manager.update(ReminderDelivery, { id: deliveryId }, { status, detail });
  }

  /** Takes one credit if the user has one; the credit row stays locked until the transaction ends. */
  async takeCredit(manager: EntityManager, userId: string, templateId: string): Promise<boolean> {
    const [, affected] = (await manager.query(
      `UPDATE subscribe_credit SET remaining = remaining - 1, updated_at = now()
        WHERE user_id = $1 AND template_id = $2 AND remaining > 0`,
      [userId, templateId],
    )) as [unknown, number];
    return affected === 1;
  }

  /** Adds credits, never beyond MAX_CREDITS: a resident tapping "accept" a thousand times gains nothing more. */
  async addCredits(manager: EntityManager, userId: string, templateId: string, count: number): Promise<void> {
    await manager.query(
      `INSERT INTO subscribe_credit AS c (user_id, template_id, remaining)
       VALUES ($1, $2, LEAST($3::int, ${MAX_CREDITS}))
       ON CONFLICT ON CONSTRAINT subscribe_credit_pkey
       DO UPDATE SET remaining = LEAST(c.remaining + $3::int, ${MAX_CREDITS}), updated_at = now()`,
      [userId, templateId, count],
    );
  }

  /** WeChat says the user has no acceptance left: ours was out of step, so none is left here either. */
  async clearCredits(manager: EntityManager, userId: string, templateId: string): Promise<void> {
    await manager.query(`UPDATE subscribe_credit SET remaining = 0, updated_at = now() WHERE user_id = $1 AND template_id = $2`, [
      userId,
      templateId,
    ]);
  }
}
