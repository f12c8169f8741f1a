import { EnrollmentStatus } from '@lp/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A resident's place (or place in the queue) in an offering. Cancelled rows stay as history. */
@Entity('enrollment')
export class Enrollment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'offering_id' })
  offeringId: number;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId: string;

  @Column({ type: 'enum', enum: EnrollmentStatus, enumName: 'enrollment_status' })
  status: EnrollmentStatus;

  @Column({ name: 'waitlist_seq', type: 'bigint', nullable: true })
  waitlistSeq: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true })
  promotedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
