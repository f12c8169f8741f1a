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

/** Which staff the table shows: `areaPath` is the subtree (already checked against the actor's scope). */
export interface StaffFilter {
  areaPath: string;
  /** part of the name or username */
  q?: string;
  role?: Role;
  schoolId?: number;
  disabled?: boolean;
  /** one account, by id */
  id?: string;
  /** the last row of the previous page, in the table's order */
  after?: { name: string; id: string };
  limit: number;
}

/** A staff member as the table shows them: where they work is their school's area, or their own node. */
export interface StaffRow {
  id: string;
  username: string | null;
  displayName: string;
  role: Role;
  passwordChangeRequired: boolean;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  schoolId: number | null;
  schoolName: string | null;
  areaId: number;
  areaName: string;
  areaLevel: AreaLevel;
}

export interface CurrentUserRow {
  id: string;
  role: Role;
  displayName: string;
  disabledAt: Date | null;
  wechatLinked: boolean;
  profileBound: boolean;
  passwordChangeRequired: boolean;
  schoolId: number | null;
  schoolName: string | null;
  areaId: number | null;
  areaName: string | null;
  areaLevel: AreaLevel | null;
  /** The account's own 长辈模式 choice; null until one is made. */
  elderMode: boolean | null;
  /** A bound resident's birth date, YYYY-MM-DD. */
  birthDate: string | null;
  /** A bound resident's street: the parent of their community. */
  homeStreetId: number | null;
  /** A bound resident's name as stored: sealed under their data key (ResidentCrypto). */
  residentName: string | null;
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

  findByIdWithHash(id: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
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

  /** Inserts a teacher or admin; null when the username is taken (by a concurrent insert too). */
  async insertStaff(m: EntityManager, values: Pick<User, 'role' | 'displayName' | 'username' | 'passwordHash' | 'areaId' | 'schoolId' | 'passwordChangeRequired'>): Promise<string | null> {
    const rows = (await m.query(
      `INSERT INTO app_user (role, display_name, username, password_hash, area_id, school_id, password_change_required)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT app_user_username_key DO NOTHING
       RETURNING id`,
      [values.role, values.displayName, values.username, values.passwordHash, values.areaId, values.schoolId, values.passwordChangeRequired],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** A new password hash; the database raises token_version, so the account's sessions end. */
  async setPassword(m: EntityManager, userId: string, passwordHash: string, changeRequired: boolean): Promise<void> {
    await m.getRepository(User).update({ id: userId }, { passwordHash, passwordChangeRequired: changeRequired });
  }

  /**
   * Locks the active 区级总管理员 of a district, so that two of them disabling or demoting each other
   * at once cannot leave none: the second waits and then counts one.
   */
  async lockActiveSuperAdmins(m: EntityManager, districtId: number): Promise<string[]> {
    const rows = (await m.query(
      `SELECT id FROM app_user WHERE role = 'super_admin' AND area_id = $1 AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
      [districtId],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** One page of the staff table, sorted by name. */
  async findStaff(f: StaffFilter): Promise<StaffRow[]> {
    const params: unknown[] = [f.areaPath + '%'];
    const where = [`u.area_path LIKE $1`];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.id) add((n) => `u.id = ${n}`, f.id);
    if (f.q) add((n) => `(u.display_name ILIKE ${n} OR u.username ILIKE ${n})`, `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    if (f.role) add((n) => `u.role = ${n}`, f.role);
    if (f.schoolId !== undefined) add((n) => `u.school_id = ${n}`, f.schoolId);
    if (f.disabled !== undefined) where.push(f.disabled ? 'u.disabled_at IS NOT NULL' : 'u.disabled_at IS NULL');
    if (f.after) {
      params.push(f.after.name, f.after.id);
      where.push(`(u.display_name, u.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return this.users.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.password_change_required AS "passwordChangeRequired",
              u.disabled_at AS "disabledAt", u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt",
              u.school_id AS "schoolId", u.school_name AS "schoolName", u.area_id AS "areaId", u.area_name AS "areaName", u.area_level AS "areaLevel"
         FROM staff_place u
        WHERE ${where.join(' AND ')}
        ORDER BY u.display_name, u.id
        LIMIT $${params.length}`,
      params,
    );
  }

  async insert(m: EntityManager, values: Partial<User>): Promise<string> {
    const result = await m.insert(User, values);
    return (result.identifiers[0] as { id: string }).id;
  }

  findByRole(m: EntityManager, role: User['role']): Promise<User[]> {
    return m.find(User, { where: { role } });
  }

  /** Records the account's 长辈模式 choice; false when no such account. */
  async setElderMode(userId: string, on: boolean): Promise<boolean> {
    const result = await this.users.update({ id: userId }, { elderMode: on });
    return (result.affected ?? 0) > 0;
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
  /**
   * Closes a resident's account for good: logged out everywhere (disabled_at raises token_version),
   * no WeChat identity (the same WeChat logs in to a fresh account), no name. Null if it was not an
   * open resident account.
   */
  /**
   * A child takes over their guardian-managed account with the WeChat they just logged in with: that
   * login's own (empty) account is closed and its WeChat identity moves to the child's account, which
   * is no longer guardian-managed. False, changing nothing, unless `freshId` is an open resident
   * account with a WeChat identity and `childId` an open guardian-managed one.
   */
  async moveWechatToChild(m: EntityManager, freshId: string, childId: string): Promise<boolean> {
    const [fresh] = (await m.query(
      `SELECT wechat_openid AS openid, wechat_unionid AS unionid FROM app_user
        WHERE id = $1 AND role = 'resident' AND closed_at IS NULL AND NOT guardian_managed AND wechat_openid IS NOT NULL FOR UPDATE`,
      [freshId],
    )) as { openid: string; unionid: string | null }[];
    if (!fresh || !(await this.close(m, freshId))) return false;
    const [, moved] = (await m.query(
      `UPDATE app_user SET wechat_openid = $2, wechat_unionid = $3, guardian_managed = false
        WHERE id = $1 AND guardian_managed AND closed_at IS NULL`,
      [childId, fresh.openid, fresh.unionid],
    )) as [unknown, number];
    return moved === 1;
  }

  async close(m: EntityManager, id: string): Promise<Date | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected]
    const [rows] = (await m.query(
      `UPDATE app_user SET closed_at = now(), disabled_at = COALESCE(disabled_at, now()), display_name = '已注销',
              wechat_openid = NULL, wechat_unionid = NULL, elder_mode = NULL
        WHERE id = $1 AND role = 'resident' AND closed_at IS NULL RETURNING closed_at`,
      [id],
    )) as [{ closed_at: Date }[], number];
    return rows[0]?.closed_at ?? null;
  }

  async findCurrent(id: string): Promise<CurrentUserRow | null> {
    const rows = (await this.users.query(
      `SELECT id, role, display_name AS "displayName", disabled_at AS "disabledAt", wechat_linked AS "wechatLinked",
              profile_bound AS "profileBound", school_id AS "schoolId", school_name AS "schoolName",
              area_id AS "areaId", area_name AS "areaName", area_level AS "areaLevel",
              password_change_required AS "passwordChangeRequired",
              elder_mode AS "elderMode", birth_date AS "birthDate", home_street_id AS "homeStreetId",
              resident_name AS "residentName"
       FROM user_current WHERE id = $1`,
      [id],
    )) as CurrentUserRow[];
    const row = rows[0];
    return row ?? null;
  }
}
