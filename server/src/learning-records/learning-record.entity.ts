import { Category, LearningSource } from '@lp/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One learning outcome of one resident. Never edited: the credit bank builds on it. */
@Entity('learning_record')
export class LearningRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId: string;

  @Column({ type: 'enum', enum: ['attendance', 'online_lesson', 'certification', 'admin_import'], enumName: 'learning_source' })
  source: LearningSource;

  @Column({ name: 'source_ref' })
  sourceRef: string;

  @Column({ type: 'enum', enum: Category, enumName: 'offering_category' })
  category: Category;

  @Column()
  minutes: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'area_id' })
  areaId: number;

  @Column({ name: 'offering_id', type: 'integer', nullable: true })
  offeringId: number | null;

  @Column({ type: 'varchar', nullable: true })
  evidence: string | null;

  @Column({ type: 'varchar', nullable: true })
  title: string | null;

  @Column({ name: 'age_years', type: 'smallint' })
  ageYears: number;

  @Column({ name: 'resident_groups', type: 'text', array: true })
  residentGroups: string[];

  /** Set on a voiding record: the record it voids (its minutes are the negated original's). */
  @Column({ name: 'voids_id', type: 'bigint', nullable: true })
  voidsId: string | null;

  @Column({ name: 'void_reason', type: 'varchar', nullable: true })
  voidReason: string | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
