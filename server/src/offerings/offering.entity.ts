import { Category, GeofencePolicy, Highlight, OfferingKind, OfferingStatus, TargetGroup } from '@lp/shared';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { OfferingLesson } from './offering-lesson.entity';
import { OfferingSession } from './offering-session.entity';

/** A course (series of sessions), an activity (one session) or a micro-course (videos). */
@Entity('offering')
export class Offering {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'enum', enum: OfferingKind, enumName: 'offering_kind' })
  kind: OfferingKind;

  @Column()
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'cover_url', type: 'varchar', nullable: true })
  coverUrl: string | null;

  @Column({ type: 'enum', enum: Category, enumName: 'offering_category' })
  category: Category;

  @Column({ name: 'target_groups', type: 'text', array: true })
  targetGroups: TargetGroup[];

  @Column({ name: 'restricted_to_target_groups' })
  restrictedToTargetGroups: boolean;

  @Column({ type: 'varchar', nullable: true })
  highlight: Highlight | null;

  @Column({ name: 'area_id' })
  areaId: number;

  @Column({ name: 'school_id' })
  schoolId: number;

  @Column({ name: 'venue_id', type: 'integer', nullable: true })
  venueId: number | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column()
  capacity: number;

  @Column({ name: 'enrolled_count' })
  enrolledCount: number;

  @Column({ name: 'waitlist_count' })
  waitlistCount: number;

  @Column({ name: 'enroll_opens_at', type: 'timestamptz' })
  enrollOpensAt: Date;

  @Column({ name: 'enroll_closes_at', type: 'timestamptz' })
  enrollClosesAt: Date;

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ name: 'session_count' })
  sessionCount: number;

  @Column({ type: 'enum', enum: OfferingStatus, enumName: 'offering_status' })
  status: OfferingStatus;

  @Column({ name: 'review_note', type: 'varchar', nullable: true })
  reviewNote: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'cancel_reason', type: 'varchar', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'allow_walk_in' })
  allowWalkIn: boolean;

  @Column({ name: 'requires_check_out' })
  requiresCheckOut: boolean;

  @Column({ name: 'geofence_policy', type: 'varchar' })
  geofencePolicy: GeofencePolicy;

  @Column({ name: 'geofence_radius_m' })
  geofenceRadiusMeters: number;

  @Column({ name: 'check_in_opens_minutes' })
  checkInOpensMinutes: number;

  @OneToMany(() => OfferingSession, (s) => s.offering)
  sessions: OfferingSession[];

  @OneToMany(() => OfferingLesson, (l) => l.offering)
  lessons: OfferingLesson[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
