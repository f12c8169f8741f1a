import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Offering } from './offering.entity';

/** One meeting of a course, or the only one of an activity. */
@Entity('offering_session')
export class OfferingSession {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'offering_id' })
  offeringId: number;

  @ManyToOne(() => Offering, (o) => o.sessions)
  @JoinColumn({ name: 'offering_id' })
  offering: Offering;

  @Column({ type: 'smallint' })
  seq: number;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** 学时 credited for attending, in minutes. */
  @Column()
  minutes: number;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', nullable: true })
  cancelReason: string | null;

  /** Random, made when check-in first opens; signs this session's QR and spoken codes. */
  @Column({ name: 'checkin_secret', type: 'bytea', nullable: true, select: false })
  checkinSecret: Buffer | null;

  /** When attendance was fixed and handed to the credit bank. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;
}
