import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many subscribe messages of one template we may still send a user. WeChat subscribe
 * messages are one-time: each "accept" in wx.requestSubscribeMessage allows exactly one.
 */
@Entity('subscribe_credit')
export class SubscribeCredit {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'template_id', type: 'varchar', length: 64 })
  templateId: string;

  /** 0..1000, checked by the table. */
  @Column()
  remaining: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
