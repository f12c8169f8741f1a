import { CheckInMethod } from '@lp/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A resident's presence at one session. Unique per (session, resident). */
@Entity('attendance')
export class Attendance {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'session_id' })
  sessionId: number;

  @Column({ name: 'offering_id' })
  offeringId: number;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId: string;

  @Column({ type: 'varchar' })
  method: CheckInMethod;

  @Column({ name: 'checked_in_at', type: 'timestamptz' })
  checkedInAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column()
  offline: boolean;

  @Column({ name: 'walk_in' })
  walkIn: boolean;

  @Column({ name: 'proxy_by', type: 'uuid', nullable: true })
  proxyBy: string | null;

  @Column({ name: 'proxy_lookup', type: 'varchar', nullable: true })
  proxyLookup: 'phone' | 'id_number' | 'learner_code' | null;

  @Column({ name: 'flag_reason', type: 'varchar', nullable: true })
  flagReason: string | null;

  /** Where the phone was (latitude, longitude, accuracy), sealed under the resident's data key (CheckInPlaces). */
  @Column({ name: 'place_sealed', type: 'text', nullable: true })
  placeSealed: string | null;

  @Column({ name: 'checked_out_at', type: 'timestamptz', nullable: true })
  checkedOutAt: Date | null;

  @Column({ name: 'credited_minutes', type: 'integer', nullable: true })
  creditedMinutes: number | null;

  /** For a flagged check-in: null while it waits for the teacher (待核对), then the decision. */
  @Column({ name: 'review_outcome', type: 'varchar', nullable: true })
  reviewOutcome: 'confirmed' | 'rejected' | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** Null when the district's deadline rule decided. */
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'review_note', type: 'varchar', nullable: true })
  reviewNote: string | null;
}
