import { VenueSummary } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AreasService, toSummary } from '../areas/areas.service';
import { Venue } from './venue.entity';
import { VenuesRepository } from './venues.repository';

/** The 场地资源库: where learning happens, with coordinates for the 30分钟学习圈. */
@Injectable()
export class VenuesService {
  constructor(
    private readonly venues: VenuesRepository,
    private readonly areas: AreasService,
  ) {}

  async list(areaId?: number): Promise<VenueSummary[]> {
    const path = areaId === undefined ? null : (await this.areas.get(areaId)).path;
    const venues = await this.venues.listUnder(path);
    const areas = new Map((await this.areas.findByIds([...new Set(venues.map((v) => v.areaId))])).map((a) => [a.id, a]));
    return venues.map((v) => ({
      id: v.id,
      name: v.name,
      address: v.address,
      latitude: v.latitude,
      longitude: v.longitude,
      capacity: v.capacity,
      schoolId: v.schoolId,
      area: toSummary(areas.get(v.areaId)!),
      rooms: (v.rooms ?? []).map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
    }));
  }

  /** A venue with its rooms (name, capacity) as the demo seed writes it, in its transaction. */
  insert(m: EntityManager, values: Pick<Venue, 'name' | 'address' | 'latitude' | 'longitude' | 'capacity' | 'areaId' | 'schoolId'>, rooms: [string, number][]): Promise<Venue> {
    return this.venues.insert(m, values, rooms);
  }

  findById(id: number): Promise<Venue | null> {
    return this.venues.findById(id);
  }
}
