import { NotificationView } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { Actor } from '../common/access';
import { Notification } from './notification.entity';

export interface NewNotification {
  title: string;
  body: string;
  offeringId: number | null;
}

/** In-app messages: written in the transaction of the change they report, read by their owner. */
@Injectable()
export class NotificationsService {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  async notify(manager: EntityManager, userIds: string[], message: NewNotification): Promise<void> {
    if (userIds.length === 0) return;
    await manager.insert(
      Notification,
      userIds.map((userId) => ({ userId, ...message })),
    );
  }

  async list(actor: Actor, limit = 50): Promise<NotificationView[]> {
    const rows = await this.notifications.find({ where: { userId: actor.userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((n) => ({
      id: Number(n.id),
      title: n.title,
      body: n.body,
      offeringId: n.offeringId,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    }));
  }

  /** Marks the caller's own messages read; ids of other people's messages are ignored. */
  async markRead(actor: Actor, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.notifications.update(
      { userId: actor.userId, id: In(ids.map(String)), readAt: IsNull() },
      { readAt: () => 'now()' },
    );
  }
}
