import { AreaError, AreaLevel, Role, StaffError } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { assertPasswordAllowed } from '../auth/password-policy';
import { AppError } from '../common/app-error';
import { UsersService } from '../users/users.service';
import { USERNAME_MESSAGE, USERNAME_PATTERN } from './dto/staff.dto';

export interface DistrictSetup {
  /** 区名, e.g. 明湖区 */
  name: string;
  /** 12-digit 统计用区划代码 */
  code: string;
  username: string;
  password: string;
}

/**
 * Refuses a set-up that could never succeed, before anything is opened: a name of the wrong length,
 * a code that is not a 12-digit 统计用区划代码, a bad username or a password the policy refuses.
 */
export function checkDistrictSetup(setup: DistrictSetup): void {
  const name = setup.name.trim();
  if (name.length < 2 || name.length > 32) throw AppError.badRequest('区名应为2到32个字，例如 --name 明湖区');
  if (!/^\d{12}$/.test(setup.code)) throw AppError.badRequest('区划代码应为12位数字（统计用区划代码），例如 --code 330212000000', undefined, AreaError.BadCode);
  if (!USERNAME_PATTERN.test(setup.username)) throw AppError.badRequest(`ADMIN_USERNAME 不对：${USERNAME_MESSAGE}`);
  assertPasswordAllowed(setup.password, { username: setup.username });
}

/**
 * The first start of a real district (`npm run district:init`): its area node and its first
 * 区级总管理员, in one transaction behind an advisory lock, on a database with no district yet.
 * Everything after that is done in the admin pages.
 */
@Injectable()
export class DistrictSetupService {
  constructor(
    private readonly areas: AreasService,
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async init(setup: DistrictSetup): Promise<{ districtId: number; userId: string }> {
    checkDistrictSetup(setup);
    const name = setup.name.trim();
    const passwordHash = await this.passwords.hash(setup.password);
    return this.dataSource.transaction(async (m) => {
      const existing = await this.areas.lockDistrictSetup(m);
      if (existing) throw AppError.conflict(`数据库里已经有一个区（${existing.name}），不能再初始化`, StaffError.DistrictExists);
      const district = await this.areas.createArea(m, {
        code: setup.code,
        name,
        level: AreaLevel.District,
        parentId: null,
        isRural: false,
        latitude: null,
        longitude: null,
      });
      const userId = await this.users.insertStaff(m, {
        role: Role.SuperAdmin,
        displayName: `${name}总管理员`,
        username: setup.username,
        passwordHash,
        areaId: district.id,
        schoolId: null,
        // the operator chose this password and keeps it
        passwordChangeRequired: false,
      });
      if (!userId) throw AppError.conflict('这个登录账号已经有人用了，请换一个', StaffError.UsernameTaken);
      await this.audit.record(m, {
        actorId: null,
        action: 'district.init',
        targetType: 'area',
        targetId: String(district.id),
        areaId: district.id,
        details: { code: setup.code, name, adminId: userId, adminUsername: setup.username },
      });
      return { districtId: district.id, userId };
    });
  }
}
