import { AreaLevel } from '@lp/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A node of the 区/县 → 街道/镇 → 社区/村 tree. */
@Entity('area')
export class Area {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  code: string;

  @Column()
  name: string;

  @Column({ type: 'enum', enum: AreaLevel, enumName: 'area_level' })
  level: AreaLevel;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  /** Ids from the root down, '/1/4/17/'. */
  @Column()
  path: string;

  @Column({ name: 'is_rural' })
  isRural: boolean;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  /** Set when the node was merged or abolished; a retired node takes no new residents, offerings or staff. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
