import { SchoolType } from '@lp/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 社区学院, 街道分院/成校, 社区市民学校, 老年大学. */
@Entity('school')
export class School {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column({ type: 'enum', enum: SchoolType, enumName: 'school_type' })
  type: SchoolType;

  @Column({ name: 'area_id' })
  areaId: number;

  @Column({ type: 'varchar', nullable: true })
  address: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
