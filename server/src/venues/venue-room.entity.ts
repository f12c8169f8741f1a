import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Venue } from './venue.entity';

@Entity('venue_room')
export class VenueRoom {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'venue_id' })
  venueId: number;

  @ManyToOne(() => Venue, (venue) => venue.rooms)
  @JoinColumn({ name: 'venue_id' })
  venue: Venue;

  @Column()
  name: string;

  @Column()
  capacity: number;
}
