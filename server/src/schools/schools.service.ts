import { SchoolSummary } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { School } from './school.entity';
import { SchoolsRepository } from './schools.repository';

@Injectable()
export class SchoolsService {
  constructor(
    private readonly schools: SchoolsRepository,
    private readonly areas: AreasService,
  ) {}

  /** Public: the schools of the whole district, or of one node's subtree. */
  async list(areaId?: number): Promise<SchoolSummary[]> {
    const path = areaId === undefined ? null : (await this.areas.get(areaId)).path;
    const rows = await this.schools.listUnder(path);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      address: r.address,
      area: { id: r.areaId, name: r.areaName, level: r.areaLevel },
    }));
  }

  findById(id: number): Promise<School | null> {
    return this.schools.findById(id);
  }

  /** A school as the demo seed writes it, in its transaction (the admin pages go through SchoolAdminService). */
  insert(m: EntityManager, values: Pick<School, 'name' | 'type' | 'areaId' | 'address'>): Promise<School> {
    return this.schools.insert(m, values);
  }

  /** The schools with these ids, active or not, in no particular order. */
  findByIds(ids: number[]): Promise<School[]> {
    return this.schools.findByIds(ids);
  }

  /** The schools with these names, active or not, in no particular order. */
  findByNames(names: string[]): Promise<School[]> {
    return this.schools.findByNames(names);
  }
}
