import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
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

  findById(id: number): Promise<Venue | null> {
    return this.venues.findOneBy({ id });
  }
}
