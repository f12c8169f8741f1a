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

  /** false once deactivated: kept for the activities and staff that name it, offered for nothing new. */
  @Column({ default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
