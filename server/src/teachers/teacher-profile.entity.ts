import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 师资库: what residents see about a teacher. */
@Entity('teacher_profile')
export class TeacherProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text', array: true })
  specialties: string[];

  @Column({ type: 'text' })
  bio: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
