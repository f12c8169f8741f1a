import { AreaLevel, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { User } from './user.entity';

/** An account whose tokens changed standing recently: tokens below `version` are refused. */
export interface TokenVersionRow {
  id: string;
  version: number;
  disabled: boolean;
}

/** What a staff member is and where: the fields whose change raises token_version. */
export interface StaffScope {
  role: Role;
  areaId: number | null;
  schoolId: number | null;
}

export interface CurrentUserRow {
  id: string;
  role: Role;
  displayName: string;
  disabledAt: Date | null;
  wechatLinked: boolean;
  profileBound: boolean;
  schoolId: number | null;
  schoolName: string | null;
  areaId: number | null;
  areaName: string | null;
  areaLevel: AreaLevel | null;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByOpenid(openid: string): Promise<User | null> {
    return this.users.findOneBy({ wechatOpenid: openid });
  }

  /** With the password hash, which is otherwise never selected. */
  findByUsernameWithHash(username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
  }

  /** Creates the resident for a WeChat openid, or returns the one a concurrent login just created. */
  async findOrCreateResident(openid: string, unionid: string | null): Promise<User> {
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ role: Role.Resident, displayName: '微信用户', wechatOpenid: openid, wechatUnionid: unionid })
      .orIgnore()
      .execute();
    const user = await this.findByOpenid(openid);
    if (!user) throw new Error('resident vanished after insert');
    return user;
  }

  async create(values: Partial<User>): Promise<User> {
    return this.users.save(this.users.create(values));
  }

  async linkWechat(userId: string, openid: string, unionid: string | null): Promise<void> {
    await this.users.update({ id: userId }, { wechatOpenid: openid, wechatUnionid: unionid });
  }

  async touchLogin(userId: string): Promise<void> {
    await this.users.update({ id: userId }, { lastLoginAt: () => 'now()' });
  }

  /**
   * Accounts whose token_version rose within the last `seconds` (see the SessionRevocation migration),
   * and those removed in that time, which read as disabled (see the RemovedAccounts migration).
   */
  tokenVersionsChangedSince(seconds: number): Promise<TokenVersionRow[]> {
    return this.users.query(
      `SELECT id, token_version AS version, disabled_at IS NOT NULL AS disabled
         FROM app_user WHERE token_version_at > now() - make_interval(secs => $1)
       UNION ALL
       SELECT r.user_id, 0, true
         FROM removed_account r
        WHERE r.removed_at > now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = r.user_id)`,
      [seconds],
    );
  }

  /**
   * Disables/enables or moves a staff member, only if they are still where `expected` says (the caller
   * checked the actor's scope against that): false when someone changed them in between.
   */
  async updateStaff(m: EntityManager, userId: string, expected: StaffScope, changes: Partial<StaffScope> & { disabled?: boolean }): Promise<boolean> {
    const { disabled, ...scope } = changes;
    const result = await m.getRepository(User).update(
      { id: userId, role: expected.role, areaId: expected.areaId ?? IsNull(), schoolId: expected.schoolId ?? IsNull() },
      { ...scope, ...(disabled === undefined ? {} : { disabledAt: disabled ? () => 'now()' : null }) },
    );
    return result.affected === 1;
  }

  async setDisplayName(userId: string, displayName: string): Promise<void> {
    await this.users.update({ id: userId }, { displayName });
  }

  /** Those of these ids whose account exists and is not disabled. */
  async findActiveIds(ids: readonly string[]): Promise<string[]> {
    const rows = (await this.users.query('SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL', [ids])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The user with what the client needs to know about them, in one query (the view user_current, migration ReadModels). */
  async findCurrent(id: string): Promise<CurrentUserRow | null> {
    const rows = (await this.users.query(
      `SELECT id, role, display_name AS "displayName", disabled_at AS "disabledAt", wechat_linked AS "wechatLinked",
              profile_bound AS "profileBound", school_id AS "schoolId", school_name AS "schoolName",
              area_id AS "areaId", area_name AS "areaName", area_level AS "areaLevel"
       FROM user_current WHERE id = $1`,
      [id],
    )) as CurrentUserRow[];
    const row = rows[0];
    return row ?? null;
  }
}
