import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Area } from '../areas/area.entity';
import { Venue } from './venue.entity';

export interface VenueWithArea {
  venue: Venue;
  area: Area;
}

@Injectable()
export class VenuesRepository {
  constructor(@InjectRepository(Venue) private readonly venues: Repository<Venue>) {}

  /** Active venues with their rooms, under `areaPath` (all when null). */
  async listUnder(areaPath: string | null): Promise<VenueWithArea[]> {
    const qb = this.venues
      .createQueryBuilder('v')
      .leftJoinAndSelect('v.rooms', 'r')
      .innerJoinAndMapOne('v.area', Area, 'a', 'a.id = v.area_id')
      .orderBy('a.path', 'ASC')
      .addOrderBy('v.name', 'ASC')
      .addOrderBy('r.name', 'ASC')
      .where('v.active');
    if (areaPath) qb.andWhere('a.path LIKE :prefix', { prefix: `${areaPath}%` });
    const rows = (await qb.getMany()) as (Venue & { area: Area })[];
    return rows.map((v) => ({ venue: v, area: v.area }));
  }

  findById(id: number): Promise<Venue | null> {
    return this.venues.findOneBy({ id });
  }
}
