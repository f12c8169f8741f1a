import { Role, TeacherProfile, TeacherSummary } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { TeacherRow, TeachersRepository } from './teachers.repository';

const toSummary = (t: TeacherRow): TeacherSummary => ({ id: t.id, name: t.name, schoolName: t.schoolName, specialties: t.specialties ?? [] });

/** 师资库: teachers' public profiles. */
@Injectable()
export class TeachersService {
  constructor(
    private readonly teachers: TeachersRepository,
    private readonly areas: AreasService,
  ) {}

  async list(areaId?: number): Promise<TeacherSummary[]> {
    const path = areaId === undefined ? null : (await this.areas.get(areaId)).path;
    return (await this.teachers.listUnder(path)).map(toSummary);
  }

  async profile(id: string): Promise<TeacherProfile> {
    const t = await this.teachers.findById(id);
    if (!t) throw AppError.notFound('没有找到这位老师');
    return { ...toSummary(t), bio: t.bio ?? '', schoolId: t.schoolId, area: { id: t.areaId, name: t.areaName, level: t.areaLevel } };
  }

  async summaries(ids: string[]): Promise<TeacherSummary[]> {
    const rows = await this.teachers.findByIds(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => (byId.has(id) ? [toSummary(byId.get(id)!)] : []));
  }

  /** A teacher's profile as the demo seed writes it, in its transaction. */
  insertProfile(m: EntityManager, userId: string, profile: { specialties: string[]; bio: string }): Promise<void> {
    return this.teachers.insertProfile(m, userId, profile.specialties, profile.bio);
  }

  async updateOwn(actor: Actor, specialties: string[], bio: string): Promise<TeacherProfile> {
    if (actor.role !== Role.Teacher) throw AppError.forbidden('只有教师可以修改师资介绍');
    await this.teachers.upsertProfile(actor.userId, specialties, bio);
    return this.profile(actor.userId);
  }

  /** Refuses co-teachers who are not teachers of this school. */
  async assertColleagues(ids: string[], schoolId: number): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await this.teachers.idsInSchool(unique, schoolId);
    if (found.length !== unique.length) throw AppError.badRequest('合作教师必须是本校的老师');
  }
}
