import { CurrentUser, Role, STAFF_ROLES } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { SchoolsService } from '../schools/schools.service';
import { User } from './user.entity';
import { StaffScope, TokenVersionRow, UsersRepository } from './users.repository';


/** Accounts: who someone is and how they log in. Other features reach users only through here. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly areas: AreasService,
    private readonly schools: SchoolsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async currentUser(userId: string): Promise<CurrentUser> {
    const row = await this.users.findCurrent(userId);
    if (!row || row.disabledAt) throw AppError.unauthenticated('账号不存在或已停用');
    return {
      id: row.id,
      role: row.role,
      displayName: row.displayName,
      profileBound: row.profileBound,
      school: row.schoolId !== null && row.schoolName !== null ? { id: row.schoolId, name: row.schoolName } : null,
      area:
        row.areaId !== null && row.areaName !== null && row.areaLevel !== null
          ? { id: row.areaId, name: row.areaName, level: row.areaLevel }
          : null,
      wechatLinked: row.wechatLinked,
    };
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  findByOpenid(openid: string): Promise<User | null> {
    return this.users.findByOpenid(openid);
  }

  findByUsernameWithHash(username: string): Promise<User | null> {
    return this.users.findByUsernameWithHash(username);
  }

  findOrCreateResident(openid: string, unionid: string | null): Promise<User> {
    return this.users.findOrCreateResident(openid, unionid);
  }

  create(values: Partial<User>): Promise<User> {
    return this.users.create(values);
  }

  linkWechat(userId: string, openid: string, unionid: string | null): Promise<void> {
    return this.users.linkWechat(userId, openid, unionid);
  }

  touchLogin(userId: string): Promise<void> {
    return this.users.touchLogin(userId);
  }

  setDisplayName(userId: string, displayName: string): Promise<void> {
    return this.users.setDisplayName(userId, displayName);
  }

  tokenVersionsChangedSince(seconds: number): Promise<TokenVersionRow[]> {
    return this.users.tokenVersionsChangedSince(seconds);
  }

  /**
   * An administrator disables a teacher or admin of their area, or enables them again; audited.
   * The database raises the account's token_version, so its tokens stop working within seconds.
   */
  async setStaffDisabled(actor: Actor, userId: string, disabled: boolean): Promise<void> {
    const { target, scope, areaId } = await this.staffInScope(actor, userId);
    if ((target.disabledAt !== null) === disabled) return;
    await this.dataSource.transaction(async (m) => {
      if (!(await this.users.updateStaff(m, userId, scope, { disabled }))) throw AppError.conflict('这个账号刚被别人修改过，请刷新后再试');
      await this.audit.record(m, {
        actorId: actor.userId,
        action: disabled ? 'user.disable' : 'user.enable',
        targetType: 'user',
        targetId: userId,
        areaId,
        details: { role: target.role },
      });
    });
  }

  /**
   * An administrator moves a teacher or admin to another school or area of theirs, or changes their
   * role; audited. Tokens issued before stop working within seconds, as for a disabled account.
   */
  async changeStaffScope(actor: Actor, userId: string, to: StaffScope): Promise<void> {
    const { target, scope, areaId } = await this.staffInScope(actor, userId);
    if (to.role === Role.Resident) throw AppError.badRequest('教师、管理员不能改成居民账号');
    if (to.role === Role.SuperAdmin && actor.role !== Role.SuperAdmin) throw AppError.forbidden('只有区级超级管理员可以设置超级管理员');
    const newArea = await this.workplace(to);
    if (newArea === null) throw AppError.badRequest('请选择所在的学校或区域');
    await this.areas.assertAdminOf(actor, newArea);
    await this.dataSource.transaction(async (m) => {
      if (!(await this.users.updateStaff(m, userId, scope, to))) throw AppError.conflict('这个账号刚被别人修改过，请刷新后再试');
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'user.scope_change',
        targetType: 'user',
        targetId: userId,
        areaId,
        details: { from: scope, to: { role: to.role, areaId: to.areaId, schoolId: to.schoolId } },
      });
    });
  }

  /** A teacher or admin other than the actor, working inside the actor's area. */
  private async staffInScope(actor: Actor, userId: string): Promise<{ target: User; scope: StaffScope; areaId: number }> {
    const target = await this.users.findById(userId);
    if (!target || !STAFF_ROLES.includes(target.role)) throw AppError.notFound('没有找到这个教师或管理员账号');
    if (target.id === actor.userId) throw AppError.forbidden('不能停用或调动自己的账号');
    if (target.role === Role.SuperAdmin && actor.role !== Role.SuperAdmin) throw AppError.forbidden();
    const scope: StaffScope = { role: target.role, areaId: target.areaId, schoolId: target.schoolId };
    const areaId = await this.workplace(scope);
    if (areaId === null) throw AppError.outOfScope();
    await this.areas.assertAdminOf(actor, areaId);
    return { target, scope, areaId };
  }

  /** Where a staff member works: a teacher's school's area, an admin's node. */
  private async workplace(scope: StaffScope): Promise<number | null> {
    if (scope.schoolId !== null) {
      const school = await this.schools.findById(scope.schoolId);
      if (!school) throw AppError.badRequest('没有这所学校');
      return school.areaId;
    }
    return scope.areaId;
  }
}
