import { AreaError, AreaLevel, Page, Role, STAFF_ROLES, StaffError, StaffListItem, StaffPasswordIssued, StaffStatus, staffRank } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { assertPasswordAllowed, temporaryPassword } from '../auth/password-policy';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { SchoolsService } from '../schools/schools.service';
import type { User } from '../users/user.entity';
import type { StaffRow, StaffScope } from '../users/users.repository';
import { AccountChanges } from '../users/account-changes';
import { UsersService } from '../users/users.service';
import { NewStaffDto, PasswordResetDto, StaffListQueryDto, StaffPlaceDto } from './dto/staff.dto';

const PAGE_SIZE = 20;

/** A staff member's place, resolved: the node whose subtree decides who may manage them. */
interface Place {
  scope: StaffScope;
  area: Area;
}

/**
 * Teachers and admins, managed by the admins above them: an admin sees and manages only staff
 * working inside their own subtree, and only those who stand below them (staffRank); the
 * 区级总管理员 manages everyone of the district. Every change is audited in its own transaction,
 * and every change of role, place, password or standing ends the account's sessions (the database
 * raises token_version; once the change is announced, SessionRevocations refuses older tokens in
 * this process before the answer leaves, and in the others moments later).
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly users: UsersService,
    private readonly areas: AreasService,
    private readonly schools: SchoolsService,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly accountChanges: AccountChanges,
  ) {}

  async list(actor: Actor, q: StaffListQueryDto): Promise<Page<StaffListItem>> {
    const area = await this.areas.assertAdminOf(actor, q.areaId ?? actor.areaId ?? 0);
    const limit = q.limit ?? PAGE_SIZE;
    const rows = await this.users.findStaff({
      areaPath: area.path,
      q: q.q || undefined,
      role: q.role,
      schoolId: q.schoolId,
      disabled: q.status === undefined ? undefined : q.status === StaffStatus.Disabled,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toItem);
    const last = rows.length > limit ? rows[limit - 1] : null;
    return { items, nextCursor: last ? encodeCursor(last) : null };
  }

  async create(actor: Actor, dto: NewStaffDto): Promise<StaffPasswordIssued> {
    const place = await this.placeFor(dto);
    await this.assertMayManage(actor, dto.role, place.area);
    const password = dto.password ?? temporaryPassword();
    assertPasswordAllowed(password, { username: dto.username, name: dto.displayName });
    const passwordHash = await this.passwords.hash(password);
    const id = await this.dataSource.transaction(async (m) => {
      const created = await this.users.insertStaff(m, {
        ...place.scope,
        displayName: dto.displayName,
        username: dto.username,
        passwordHash,
        passwordChangeRequired: true,
      });
      if (!created) throw AppError.conflict('这个登录账号已经有人用了，请换一个', StaffError.UsernameTaken);
      await this.record(m, actor, 'staff.create', created, place.area.id, { username: dto.username, ...place.scope });
      return created;
    });
    return { staff: await this.item(actor, id), temporaryPassword: password };
  }

  /** A new temporary password, shown once; the member must change it at their next login. */
  async resetPassword(actor: Actor, userId: string, dto: PasswordResetDto): Promise<StaffPasswordIssued> {
    const { target, place } = await this.manageable(actor, userId);
    const password = dto.password ?? temporaryPassword();
    assertPasswordAllowed(password, { username: target.username, name: target.displayName });
    const passwordHash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPassword(m, userId, passwordHash, true);
      await this.record(m, actor, 'staff.password_reset', userId, place.area.id, { role: target.role });
    });
    await this.accountChanges.announce();
    return { staff: await this.item(actor, userId), temporaryPassword: password };
  }

  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<StaffListItem> {
    const { target, place } = await this.manageable(actor, userId);
    if ((target.disabledAt !== null) !== disabled) {
      await this.dataSource.transaction(async (m) => {
        if (disabled) await this.assertNotLastSuperAdmin(m, target);
        if (!(await this.users.updateStaff(m, userId, place.scope, { disabled }))) throw changedMeanwhile();
        await this.record(m, actor, disabled ? 'staff.disable' : 'staff.enable', userId, place.area.id, { role: target.role });
      });
      await this.accountChanges.announce();
    }
    return this.item(actor, userId);
  }

  /** Moves a member to another school or node of the actor's, or gives them another role below the actor's. */
  async changeScope(actor: Actor, userId: string, to: StaffPlaceDto): Promise<StaffListItem> {
    const { target, place } = await this.manageable(actor, userId);
    const next = await this.placeFor(to);
    await this.assertMayManage(actor, to.role, next.area);
    const unchanged = next.scope.role === place.scope.role && next.scope.areaId === place.scope.areaId && next.scope.schoolId === place.scope.schoolId;
    if (unchanged) throw AppError.badRequest('角色和所在单位都没有变化', undefined, AreaError.NothingToChange);
    await this.dataSource.transaction(async (m) => {
      if (next.scope.role !== Role.SuperAdmin || next.scope.areaId !== target.areaId) await this.assertNotLastSuperAdmin(m, target);
      if (!(await this.users.updateStaff(m, userId, place.scope, next.scope))) throw changedMeanwhile();
      await this.record(m, actor, 'staff.scope_change', userId, place.area.id, { from: place.scope, to: next.scope, toAreaId: next.area.id });
    });
    await this.accountChanges.announce();
    return this.item(actor, userId);
  }

  /** One member as the table shows them, seen from the actor's node. */
  private async item(actor: Actor, userId: string): Promise<StaffListItem> {
    const own = await this.areas.get(actor.areaId ?? 0);
    const [row] = await this.users.findStaff({ areaPath: own.path, id: userId, limit: 1 });
    if (!row) throw AppError.notFound('没有找到这个教师或管理员账号');
    return toItem(row);
  }

  /** A teacher or admin other than the actor, working inside the actor's area and standing below them. */
  private async manageable(actor: Actor, userId: string): Promise<{ target: User; place: Place }> {
    const target = await this.users.findById(userId);
    if (!target || !STAFF_ROLES.includes(target.role)) throw AppError.notFound('没有找到这个教师或管理员账号');
    if (target.id === actor.userId) throw AppError.forbidden('不能在这里修改自己的账号；改自己的密码请到“我的”', StaffError.SelfChange);
    const scope: StaffScope = { role: target.role, areaId: target.areaId, schoolId: target.schoolId };
    const areaId = scope.schoolId !== null ? (await this.schools.findById(scope.schoolId))?.areaId : scope.areaId;
    if (areaId === undefined || areaId === null) throw AppError.outOfScope();
    const area = await this.areas.get(areaId);
    await this.assertMayManage(actor, target.role, area, true);
    return { target, place: { scope, area } };
  }

  /** Inside the actor's subtree, and below the actor (the 区级总管理员 may manage their peers). */
  private async assertMayManage(actor: Actor, role: Role, area: Area, existing = false): Promise<void> {
    const own = await this.areas.get(actor.areaId ?? 0);
    await this.areas.assertAdminOf(actor, area.id);
    if (!existing && area.retiredAt) throw AppError.badRequest(`${area.name}已经撤销，不能再安排人员`, undefined, AreaError.Retired);
    const mine = staffRank(actor.role, own.level);
    const theirs = staffRank(role, area.level);
    if (actor.role !== Role.SuperAdmin && theirs >= mine) {
      throw AppError.forbidden('只能管理比自己级别低的教师和管理员', StaffError.RoleNotBelow);
    }
  }

  /** Where the role asks to work: a teacher in a school, an admin on a node, a 区级总管理员 on the district. */
  private async placeFor(p: StaffPlaceDto): Promise<Place> {
    if (p.role === Role.Teacher) {
      if (p.schoolId === undefined || p.areaId !== undefined) throw AppError.badRequest('教师请选择所在学校（不选区域）', undefined, StaffError.WrongPlace);
      const school = await this.schools.findById(p.schoolId);
      if (!school) throw AppError.badRequest('没有这所学校', undefined, StaffError.WrongPlace);
      return { scope: { role: p.role, areaId: null, schoolId: school.id }, area: await this.areas.get(school.areaId) };
    }
    if (p.areaId === undefined || p.schoolId !== undefined) throw AppError.badRequest('管理员请选择管理的区域（不选学校）', undefined, StaffError.WrongPlace);
    const area = await this.areas.get(p.areaId).catch(() => {
      throw AppError.badRequest('没有这个区域', undefined, StaffError.WrongPlace);
    });
    if (p.role === Role.SuperAdmin && area.level !== AreaLevel.District) {
      throw AppError.badRequest('区级总管理员只能设在区一级', undefined, StaffError.WrongPlace);
    }
    return { scope: { role: p.role, areaId: area.id, schoolId: null }, area };
  }

  /** The district keeps at least one active 区级总管理员: taken under lock of all of them. */
  private async assertNotLastSuperAdmin(m: EntityManager, target: User): Promise<void> {
    if (target.role !== Role.SuperAdmin || target.areaId === null || target.disabledAt) return;
    const active = await this.users.lockActiveSuperAdmins(m, target.areaId);
    if (active.length <= 1 && active.includes(target.id)) {
      throw AppError.conflict('这是本区最后一位在用的区级总管理员，不能停用或改成其他角色', StaffError.LastSuperAdmin);
    }
  }

  private record(m: EntityManager, actor: Actor, action: string, userId: string, areaId: number, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(m, { ...auditedBy(actor), action, targetType: 'user', targetId: userId, areaId, details });
  }
}

function changedMeanwhile(): AppError {
  return AppError.conflict('这个账号刚被别人修改过，请刷新后再试');
}

function toItem(r: StaffRow): StaffListItem {
  return {
    id: r.id,
    username: r.username ?? '',
    displayName: r.displayName,
    role: r.role,
    area: { id: r.areaId, name: r.areaName, level: r.areaLevel },
    school: r.schoolId !== null && r.schoolName !== null ? { id: r.schoolId, name: r.schoolName } : null,
    status: r.disabledAt ? StaffStatus.Disabled : StaffStatus.Active,
    passwordChangeRequired: r.passwordChangeRequired,
    lastLoginAt: r.lastLoginAt ? new Date(r.lastLoginAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

function encodeCursor(r: StaffRow): string {
  return Buffer.from(JSON.stringify([r.displayName, r.id])).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { name, id };
  } catch {
    // answered below
  }
  throw AppError.badRequest('翻页参数不对，请回到第一页');
}
