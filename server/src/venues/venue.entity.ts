import { OpeningPeriod } from '@lp/shared';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { VenueRoom } from './venue-room.entity';

/** A place in the 场地资源库, with coordinates for the 30分钟学习圈. */
@Entity('venue')
export class Venue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column()
  address: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  @Column()
  capacity: number;

  @Column({ name: 'area_id' })
  areaId: number;

  @Column({ name: 'school_id', type: 'integer', nullable: true })
  schoolId: number | null;

  @Column({ default: true })
  active: boolean;

  /** When the venue is open: periods by weekday (1 Monday … 7 Sunday), HH:MM in Beijing time. */
  @Column({ name: 'opening_hours', type: 'jsonb', default: () => "'[]'::jsonb" })
  openingHours: OpeningPeriod[];

  @OneToMany(() => VenueRoom, (room) => room.venue)
  rooms: VenueRoom[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
