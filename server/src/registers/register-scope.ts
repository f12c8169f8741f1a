import { ADMIN_ROLES, AreaSummary, RegisterError, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import type { Area } from '../areas/area.entity';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import type { School } from '../schools/school.entity';
import { SchoolsService } from '../schools/schools.service';
import { RegistersRepository } from './registers.repository';

export const areaSummary = (a: Pick<Area, 'id' | 'name' | 'level'>): AreaSummary => ({ id: a.id, name: a.name, level: a.level });

/**
 * Who may see and keep which part of the registers: an administrator the subtree of their node, a
 * school's staff (a teacher account of the school) that school's adult-education workers only.
 */
@Injectable()
export class RegisterScope {
  constructor(
    private readonly areas: AreasService,
    private readonly schools: SchoolsService,
    private readonly registers: RegistersRepository,
  ) {}

  isAdmin(actor: Actor): boolean {
    return ADMIN_ROLES.includes(actor.role);
  }

  /** The node a list covers: the one asked for inside the admin's own, or the admin's own. */
  listRoot(actor: Actor, areaId: number | undefined): Promise<Area> {
    if (actor.areaId === null) throw AppError.forbidden();
    return this.areas.assertAdminOf(actor, areaId ?? actor.areaId);
  }

  /** The admin's check on one node (404 for none, 403 outside their subtree). */
  assertAdminOf(actor: Actor, areaId: number): Promise<Area> {
    return this.areas.assertAdminOf(actor, areaId);
  }

  /** A row kept in `areaId` (and, for workers, `schoolId`) may be seen and changed by this actor. */
  async assertHolds(actor: Actor, row: { areaId: number; schoolId?: number | null }): Promise<void> {
    if (actor.role === Role.Teacher) {
      if (actor.schoolId === null || row.schoolId !== actor.schoolId) throw AppError.outOfScope('这不是您学校的工作者');
      return;
    }
    await this.areas.assertAdminOf(actor, row.areaId);
  }

  /** A school a worker is put in: it exists, and lies in the admin's subtree or is the teacher's own. */
  async school(actor: Actor, schoolId: number): Promise<School> {
    const school = await this.schools.findById(schoolId);
    if (actor.role === Role.Teacher) {
      if (!school || school.id !== actor.schoolId) throw AppError.forbidden('只能登记本校的工作者', RegisterError.SchoolUnknown);
      return school;
    }
    if (!school) throw AppError.badRequest('找不到这所学校', undefined, RegisterError.SchoolUnknown);
    const area = await this.areas.get(school.areaId);
    const own = actor.areaId === null ? null : await this.areas.get(actor.areaId);
    if (!own || !this.areas.covers(actor, own, area)) throw AppError.badRequest('这所学校不在您管理的区域内', undefined, RegisterError.SchoolUnknown);
    return school;
  }

  async areaSummaries(ids: number[]): Promise<Map<number, AreaSummary>> {
    const areas = await this.areas.findByIds([...new Set(ids)]);
    return new Map(areas.map((a) => [a.id, areaSummary(a)]));
  }

  async schoolNames(ids: number[]): Promise<Map<number, string>> {
    const schools = await this.schools.findByIds([...new Set(ids)]);
    return new Map(schools.map((s) => [s.id, s.name]));
  }

  /** The subtree path of a node, for lists. */
  async pathOf(areaId: number): Promise<string> {
    const path = await this.registers.areaPath(areaId);
    if (path === null) throw AppError.notFound('没有找到这个区域');
    return path;
  }

  /** Whether the actor administers the district itself (the root of the tree): the district sets the yearly requirement. */
  async assertDistrict(actor: Actor): Promise<void> {
    if (!this.isAdmin(actor) || actor.areaId === null) throw AppError.forbidden();
    const own = await this.areas.get(actor.areaId);
    if (own.parentId !== null) throw AppError.forbidden('继续教育学时要求由区（县）管理员设置', RegisterError.DistrictOnly);
  }
}
