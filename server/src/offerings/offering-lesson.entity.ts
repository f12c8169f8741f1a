import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Offering } from './offering.entity';

/** A video lesson of a micro-course (微课程). */
@Entity('offering_lesson')
export class OfferingLesson {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'offering_id' })
  offeringId: number;

  @ManyToOne(() => Offering, (o) => o.lessons)
  @JoinColumn({ name: 'offering_id' })
  offering: Offering;

  @Column({ type: 'smallint' })
  seq: number;

  @Column()
  title: string;

  @Column({ name: 'video_url' })
  videoUrl: string;

  @Column({ name: 'duration_seconds' })
  durationSeconds: number;

  @Column()
  minutes: number;
}
