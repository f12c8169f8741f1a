import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { VenueRoom } from './venue-room.entity';
import { Venue } from './venue.entity';

@Injectable()
export class VenuesRepository {
  constructor(@InjectRepository(Venue) private readonly venues: Repository<Venue>) {}

  /** Active venues with their rooms, under `areaPath` (all when null), ordered by area then name. */
  listUnder(areaPath: string | null): Promise<Venue[]> {
    const qb = this.venues
      .createQueryBuilder('v')
      .leftJoinAndSelect('v.rooms', 'r')
      .innerJoin('venue_area', 'a', 'a.id = v.area_id')
      .orderBy('a.path', 'ASC')
      .addOrderBy('v.name', 'ASC')
      .addOrderBy('r.name', 'ASC')
      .where('v.active');
    if (areaPath) qb.andWhere('a.path LIKE :prefix', { prefix: `${areaPath}%` });
    return qb.getMany();
  }

  async insert(m: EntityManager, values: Partial<Venue>, rooms: [string, number][]): Promise<Venue> {
    const venue = await m.save(m.create(Venue, values));
    for (const [name, capacity] of rooms) await m.insert(VenueRoom, { venueId: venue.id, name, capacity });
    return venue;
  }

  findById(id: number): Promise<Venue | null> {
    return this.venues.findOneBy({ id });
  }
}
