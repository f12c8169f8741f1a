import { ResidentGroup } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { ResidentProfile } from './resident-profile.entity';

export interface ResidentListFilter {
  nameHash?: string;
  phoneHash?: string;
  group?: ResidentGroup;
}

export interface ListCursor {
  boundAt: string;
  userId: string;
}

export interface ResidentListRow {
  userId: string;
  realName: string;
  phoneEnc: string | null;
  idNumberEnc: string | null;
  birthDate: string;
  groups: ResidentProfile['groups'];
  /** Full-precision text of bound_at, for the cursor. */
  boundAt: string;
  communityId: number;
  communityName: string;
}

/** A resident's birth date (YYYY-MM-DD) and groups, as the guardian check and enrollment rules read them. */
export type EligibilityFacts = { birthDate: string; groups: ResidentGroup[] };

@Injectable()
export class ResidentsRepository {
  constructor(@InjectRepository(ResidentProfile) private readonly profiles: Repository<ResidentProfile>) {}

  /** Through the caller's transaction when given one, so a transaction never waits for a second connection. */
  findByUserId(userId: string, manager: EntityManager = this.profiles.manager): Promise<ResidentProfile | null> {
    return manager.findOneBy(ResidentProfile, { userId });
  }

  /**
   * Birth date and groups of these residents, by (lower-case) user id, in one lean query; those
   * without a profile are left out. What the guardian check and enrollment rules read.
   */
  async eligibilityFactsOf(userIds: readonly string[]): Promise<Map<string, EligibilityFacts>> {
    if (!userIds.length) return new Map();
    const rows = (await this.profiles.query(
      `SELECT user_id::text AS id, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", groups FROM resident_profile WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    )) as ({ id: string } & EligibilityFacts)[];
    return new Map(rows.map((r) => [r.id, { birthDate: r.birthDate, groups: r.groups }]));
  }

  async findUserIdByHash(kind: 'phone' | 'id_number', hash: string): Promise<string | null> {
    const p = await this.profiles.findOneBy(kind === 'phone' ? { phoneHash: hash } : { idNumberHash: hash });
    return p?.userId ?? null;
  }

  findByUserIds(userIds: string[], manager: EntityManager = this.profiles.manager): Promise<ResidentProfile[]> {
    return userIds.length ? manager.findBy(ResidentProfile, { userId: In(userIds) }) : Promise.resolve([]);
  }

  /** Who holds this phone number, locked until the caller's transaction ends. */
  async lockPhoneHolder(manager: EntityManager, phoneHash: string): Promise<{ userId: string; verified: boolean } | null> {
    const rows = (await manager.query(
      `SELECT user_id AS "userId", phone_verified_at IS NOT NULL AS verified FROM resident_profile WHERE phone_hash = $1 FOR UPDATE`,
      [phoneHash],
    )) as { userId: string; verified: boolean }[];
    return rows[0] ?? null;
  }

  /** Sets a resident's phone; `verified` stamps it as confirmed through WeChat now. */
  async setPhone(manager: EntityManager, userId: string, phone: { phoneEnc: string; phoneHash: string }, verified: boolean): Promise<void> {
    await manager.update(ResidentProfile, { userId }, { ...phone, phoneVerifiedAt: verified ? () => 'now()' : null, updatedAt: () => 'now()' });
  }

  /** Takes the phone off a resident's profile (a number verified by another account). */
  async clearPhone(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(ResidentProfile, { userId }, { phoneEnc: null, phoneHash: null, phoneVerifiedAt: null, updatedAt: () => 'now()' });
  }

  /** A closed account's profile: the sealed name stays (its key is destroyed), numbers and look-up hashes go. */
  async close(manager: EntityManager, userId: string, sealedName: string): Promise<void> {
    await manager.query(
      `UPDATE resident_profile SET real_name = $2, name_hash = NULL, phone_enc = NULL, phone_hash = NULL, phone_verified_at = NULL,
              id_number_enc = NULL, id_number_hash = NULL, updated_at = now()
        WHERE user_id = $1`,
      [userId, sealedName],
    );
  }

  async insertRow(manager: EntityManager, profile: Partial<ResidentProfile>): Promise<void> {
    await manager.insert(ResidentProfile, profile);
  }

  /** Every bound resident and the community they live in, by user id. */
  homes(manager: EntityManager): Promise<{ userId: string; communityId: number }[]> {
    return manager.query(`SELECT user_id AS "userId", community_id AS "communityId" FROM resident_profile ORDER BY user_id`) as Promise<
      { userId: string; communityId: number }[]
    >;
  }

  async insert(manager: EntityManager, profile: Omit<ResidentProfile, 'boundAt' | 'updatedAt'>): Promise<ResidentProfile> {
    await manager.insert(ResidentProfile, profile);
    return manager.findOneByOrFail(ResidentProfile, { userId: profile.userId });
  }

  /** Whether the resident is left out of the 百姓学习之星 ranking; false when the resident has no profile yet. */
  async setRankingOptOut(userId: string, optOut: boolean): Promise<boolean> {
    const rows = (await this.profiles.query(
      `UPDATE resident_profile SET ranking_opt_out = $2, updated_at = now() WHERE user_id = $1 RETURNING user_id`,
      [userId, optOut],
    )) as unknown[];
    return rows.length > 0;
  }

  async setGroups(manager: EntityManager, userId: string, groups: ResidentProfile['groups']): Promise<void> {
    await manager.update(ResidentProfile, { userId }, { groups, updatedAt: () => 'now()' });
  }

  /**
   * Residents living under `areaPath`, newest binding first, narrowed by the filter. Keyset
   * pagination on (bound_at, user_id) so pages stay stable while new residents bind. A search
   * matches a keyed hash exactly: a whole name or a whole phone number, never a part.
   */
  async listUnder(areaPath: string, filter: ResidentListFilter, after: ListCursor | null, limit: number): Promise<ResidentListRow[]> {
    const qb = this.profiles
      .createQueryBuilder('p')
      .innerJoin('resident_area', 'a', 'a.id = p.community_id')
      .select([
        'p.user_id AS "userId"',
        'p.real_name AS "realName"',
        'p.phone_enc AS "phoneEnc"',
        'p.id_number_enc AS "idNumberEnc"',
        `to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate"`,
        'p.groups AS groups',
        'p.bound_at::text AS "boundAt"',
        'a.id AS "communityId"',
        'a.name AS "communityName"',
      ])
      .where('a.path LIKE :prefix', { prefix: `${areaPath}%` })
      .orderBy('p.bound_at', 'DESC')
      .addOrderBy('p.user_id', 'DESC')
      .limit(limit);
    if (filter.nameHash) qb.andWhere('p.name_hash = :nameHash', { nameHash: filter.nameHash });
    if (filter.phoneHash) qb.andWhere('p.phone_hash = :phoneHash', { phoneHash: filter.phoneHash });
    if (filter.group) qb.andWhere('p.groups @> ARRAY[:group]::text[]', { group: filter.group });
    if (after) qb.andWhere('(p.bound_at, p.user_id) < (:boundAt::timestamptz, :userId::uuid)', after);
    return qb.getRawMany<ResidentListRow>();
  }

  /**
   * Hashes the names of up to `batch` profiles that have none yet, after `after` in user id order,
   * skipping rows another node is hashing at the same moment. `hash` gets the stored names (sealed
   * under each resident's key) and answers null for a name it cannot open (a closed account keeps no
   * hash). Returns how many rows it looked at and the last one, for the next batch.
   */
  hashMissingNames(
    batch: number,
    after: string | null,
    hash: (rows: { userId: string; realName: string }[]) => Promise<(string | null)[]>,
  ): Promise<{ seen: number; hashed: number; last: string | null }> {
    return this.profiles.manager.transaction(async (m) => {
      const rows: { userId: string; realName: string }[] = await m.query(
        `SELECT user_id AS "userId", real_name AS "realName" FROM resident_profile
          WHERE name_hash IS NULL AND ($2::uuid IS NULL OR user_id > $2::uuid) ORDER BY user_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch, after],
      );
      if (!rows.length) return { seen: 0, hashed: 0, last: null };
      const hashes = await hash(rows);
      const found = rows.map((r, i) => ({ userId: r.userId, hash: hashes[i] })).filter((r) => r.hash !== null);
      await m.query(
        `UPDATE resident_profile p SET name_hash = v.hash
           FROM unnest($1::uuid[], $2::text[]) AS v(user_id, hash) WHERE p.user_id = v.user_id`,
        [found.map((r) => r.userId), found.map((r) => r.hash)],
      );
      return { seen: rows.length, hashed: found.length, last: rows[rows.length - 1].userId };
    });
  }
}
