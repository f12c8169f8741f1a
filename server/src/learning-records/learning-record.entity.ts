import { Category } from '@lp/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type LearningSource = 'attendance' | 'online_lesson' | 'certification' | 'admin_import';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
