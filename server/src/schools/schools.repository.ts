import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { School } from './school.entity';

export interface SchoolRow extends School {
  areaName: string;
  areaLevel: Area['level'];
}

@Injectable()
export class SchoolsRepository {
  constructor(@InjectRepository(School) private readonly schools: Repository<School>) {}

  /** Active schools whose node lies under `areaPath` (all schools when null), ordered by area then name. */
  async listUnder(areaPath: string | null): Promise<SchoolRow[]> {
    const qb = this.schools
      .createQueryBuilder('s')
      .innerJoin('school_area', 'a', 'a.id = s.area_id')
      .select(['s.id AS id', 's.name AS name', 's.type AS type', 's.area_id AS "areaId"', 's.address AS address'])
      .addSelect(['a.name AS "areaName"', 'a.level AS "areaLevel"'])
      .orderBy('a.path', 'ASC')
      .addOrderBy('s.name', 'ASC')
      .where('s.active');
    if (areaPath) qb.andWhere('a.path LIKE :prefix', { prefix: `${areaPath}%` });
    return qb.getRawMany<SchoolRow>();
  }

  findById(id: number): Promise<School | null> {
    return this.schools.findOneBy({ id });
  }

  insert(m: EntityManager, values: Pick<School, 'name' | 'type' | 'areaId' | 'address'>): Promise<School> {
    return m.save(m.create(School, values));
  }

  findByIds(ids: number[]): Promise<School[]> {
    return ids.length ? this.schools.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  findByNames(names: string[]): Promise<School[]> {
    return names.length ? this.schools.findBy({ name: In(names) }) : Promise.resolve([]);
  }
}
