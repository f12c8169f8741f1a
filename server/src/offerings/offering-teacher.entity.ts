import { Entity, PrimaryColumn } from 'typeorm';

@Entity('offering_teacher')
export class OfferingTeacher {
  @PrimaryColumn({ name: 'offering_id' })
  offeringId: number;

  @PrimaryColumn({ name: 'teacher_id', type: 'uuid' })
  teacherId: string;
}
