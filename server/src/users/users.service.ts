import { ageOn, CurrentUser, dayTurning, GUARDIAN_CONSENT_AGE, SENIOR_AGE, shanghaiDate } from '@lp/shared';
import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { User } from './user.entity';
import { CurrentUserRow, StaffFilter, StaffRow, StaffScope, TokenVersionRow, UsersRepository } from './users.repository';


/** Accounts: who someone is and how they log in. Other features reach users only through here. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    /** global in the portal (ResidentKeysModule); absent in commands such as district:init, which show no resident */
    @Optional() private readonly residentCrypto?: ResidentCrypto,
  ) {}

  async currentUser(userId: string): Promise<CurrentUser> {
    return (await this.signingIn(userId)).user;
  }

  /**
   * The account as currentUser shows it, and, for a resident whose profile is bound, the day they turn
   * 14 (GUARDIAN_CONSENT_AGE): what a new access token carries (AccessClaims.alone).
   */
  async signingIn(userId: string): Promise<{ user: CurrentUser; actsAloneFrom: string | null }> {
    const row = await this.users.findCurrent(userId);
    if (!row || row.disabledAt) throw AppError.unauthenticated('账号不存在或已停用');
    const user = await this.present(row);
    const actsAloneFrom = row.birthDate ? dayTurning(row.birthDate, GUARDIAN_CONSENT_AGE) : null;
    return { user, actsAloneFrom };
  }

  private async present(row: CurrentUserRow): Promise<CurrentUser> {
    // a resident's name is kept only under their own data key, never copied into the account
    const residentName = row.residentName && this.residentCrypto ? await this.residentCrypto.open(row.id, row.residentName) : null;
    return {
      id: row.id,
      role: row.role,
      displayName: residentName ?? row.displayName,
      profileBound: row.profileBound,
      school: row.schoolId !== null && row.schoolName !== null ? { id: row.schoolId, name: row.schoolName } : null,
      area:
        row.areaId !== null && row.areaName !== null && row.areaLevel !== null
          ? { id: row.areaId, name: row.areaName, level: row.areaLevel }
          : null,
      wechatLinked: row.wechatLinked,
      passwordChangeRequired: row.passwordChangeRequired,
      elderMode: row.elderMode ?? (row.birthDate !== null && ageOn(row.birthDate, shanghaiDate()) >= SENIOR_AGE),
      homeStreetId: row.homeStreetId,
    };
  }

  /** The account's own 长辈模式 choice, kept with the account so that it follows them to another phone. */
  async setElderMode(userId: string, on: boolean): Promise<CurrentUser> {
    if (!(await this.users.setElderMode(userId, on))) throw AppError.unauthenticated('账号不存在或已停用');
    return this.currentUser(userId);
  }

  /** Closes a resident's account in the caller's transaction (AccountClosureService); null if it was not open. */
  /** See UsersRepository.moveWechatToChild: a child of 14 takes over their account with their own WeChat. */
  moveWechatToChild(m: EntityManager, freshId: string, childId: string): Promise<boolean> {
    return this.users.moveWechatToChild(m, freshId, childId);
  }

  closeResident(m: EntityManager, id: string): Promise<Date | null> {
    return this.users.close(m, id);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** An account as the demo seed writes it, in its transaction; its id. */
  insert(m: EntityManager, values: Partial<User>): Promise<string> {
    return this.users.insert(m, values);
  }

  /** Every account of a role, disabled ones included, in no particular order. */
  findByRole(m: EntityManager, role: User['role']): Promise<User[]> {
    return this.users.findByRole(m, role);
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

  findByIdWithHash(id: string): Promise<User | null> {
    return this.users.findByIdWithHash(id);
  }

  findStaff(filter: StaffFilter): Promise<StaffRow[]> {
    return this.users.findStaff(filter);
  }

  insertStaff(m: EntityManager, values: Parameters<UsersRepository['insertStaff']>[1]): Promise<string | null> {
    return this.users.insertStaff(m, values);
  }

  updateStaff(m: EntityManager, userId: string, expected: StaffScope, changes: Partial<StaffScope> & { disabled?: boolean }): Promise<boolean> {
    return this.users.updateStaff(m, userId, expected, changes);
  }

  setPassword(m: EntityManager, userId: string, passwordHash: string, changeRequired: boolean): Promise<void> {
    return this.users.setPassword(m, userId, passwordHash, changeRequired);
  }

  lockActiveSuperAdmins(m: EntityManager, districtId: number): Promise<string[]> {
    return this.users.lockActiveSuperAdmins(m, districtId);
  }
}
