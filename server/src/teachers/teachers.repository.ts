import { Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Area } from '../areas/area.entity';
import { School } from '../schools/school.entity';
import { User } from '../users/user.entity';
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
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(TeacherProfileEntity) private readonly profiles: Repository<TeacherProfileEntity>,
  ) {}

  private base() {
    return this.users
      .createQueryBuilder('u')
      .innerJoin(School, 's', 's.id = u.school_id')
      .innerJoin(Area, 'a', 'a.id = s.area_id')
      .leftJoin(TeacherProfileEntity, 'p', 'p.user_id = u.id')
      .select([
        'u.id AS id',
        'u.display_name AS name',
        's.id AS "schoolId"',
        's.name AS "schoolName"',
        'a.id AS "areaId"',
        'a.name AS "areaName"',
        'a.level AS "areaLevel"',
        'p.specialties AS specialties',
        'p.bio AS bio',
      ])
      .where('u.role = :role AND u.disabled_at IS NULL', { role: Role.Teacher });
  }

  listUnder(areaPath: string | null): Promise<TeacherRow[]> {
    const qb = this.base().orderBy('a.path').addOrderBy('u.display_name');
    if (areaPath) qb.andWhere('a.path LIKE :prefix', { prefix: `${areaPath}%` });
    return qb.getRawMany<TeacherRow>();
  }

  async findById(id: string): Promise<TeacherRow | null> {
    return (await this.base().andWhere('u.id = :id', { id }).getRawOne<TeacherRow>()) ?? null;
  }

  findByIds(ids: string[]): Promise<TeacherRow[]> {
    return ids.length ? this.base().andWhere('u.id IN (:...ids)', { ids }).getRawMany<TeacherRow>() : Promise.resolve([]);
  }

  async upsertProfile(userId: string, specialties: string[], bio: string): Promise<void> {
    await this.profiles.upsert({ userId, specialties, bio, updatedAt: new Date() }, ['userId']);
  }

  /** Teachers of one school among the given ids. */
  async idsInSchool(ids: string[], schoolId: number): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.users.find({ select: { id: true }, where: { id: In(ids), schoolId, role: Role.Teacher } });
    return rows.map((r) => r.id);
  }
}
