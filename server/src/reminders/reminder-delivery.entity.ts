import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum DeliveryStatus {
  Sent = 'sent',
  Failed = 'failed',
  Skipped = 'skipped',
}

/**
 * The one reminder decision per session and resident (unique `reminder_delivery_once`):
 * the row is the claim that stops a second sweep, on any instance, from reminding again.
 */
@Entity('reminder_delivery')
export class ReminderDelivery {
  /** bigserial: TypeORM hands bigint back as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'session_id' })
  sessionId: number;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  /** Why it was skipped or failed (errcode included); never an openid. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  detail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
