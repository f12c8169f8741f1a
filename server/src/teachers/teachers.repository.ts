import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { TeacherProfileEntity } from './teacher-profile.entity';

export interface TeacherRow {
  id: string;
  name: string;
  schoolId: number;
  schoolName: string;
  areaId: number;
  areaName: string;
  areaLevel: Area['level'];
  specialties: string[] | null;
  bio: string | null;
}

@Injectable()
export class TeachersRepository {
  constructor(@InjectRepository(TeacherProfileEntity) private readonly profiles: Repository<TeacherProfileEntity>) {}

  /** Teacher accounts in service, through the teacher_listing read model (school, its node, profile). */
  private base() {
    return this.profiles.manager
      .createQueryBuilder()
      .from('teacher_listing', 't')
      .select([
        't.id AS id',
        't.name AS name',
        't.school_id AS "schoolId"',
        't.school_name AS "schoolName"',
        't.area_id AS "areaId"',
        't.area_name AS "areaName"',
        't.area_level AS "areaLevel"',
        't.specialties AS specialties',
        't.bio AS bio',
      ])
      .where('t.disabled_at IS NULL');
  }

  listUnder(areaPath: string | null): Promise<TeacherRow[]> {
    const qb = this.base().orderBy('t.area_path').addOrderBy('t.name');
    if (areaPath) qb.andWhere('t.area_path LIKE :prefix', { prefix: `${areaPath}%` });
    return qb.getRawMany<TeacherRow>();
  }

  async findById(id: string): Promise<TeacherRow | null> {
    return (await this.base().andWhere('t.id = :id', { id }).getRawOne<TeacherRow>()) ?? null;
  }

  findByIds(ids: string[]): Promise<TeacherRow[]> {
    return ids.length ? this.base().andWhere('t.id IN (:...ids)', { ids }).getRawMany<TeacherRow>() : Promise.resolve([]);
  }

  async upsertProfile(userId: string, specialties: string[], bio: string): Promise<void> {
    await this.profiles.upsert({ userId, specialties, bio, updatedAt: new Date() }, ['userId']);
  }

  async insertProfile(m: EntityManager, userId: string, specialties: string[], bio: string): Promise<void> {
    await m.insert(TeacherProfileEntity, { userId, specialties, bio, updatedAt: new Date() });
  }

  /** Teachers of one school among the given ids. */
  async idsInSchool(ids: string[], schoolId: number): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.profiles.manager
      .createQueryBuilder()
      .from('teacher_listing', 't')
      .select('t.id', 'id')
      .where('t.id IN (:...ids) AND t.school_id = :schoolId', { ids, schoolId })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
