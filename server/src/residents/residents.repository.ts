import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Area } from '../areas/area.entity';
import { ResidentProfile } from './resident-profile.entity';

export interface ResidentListRow {
  userId: string;
  realName: string;
  phoneEnc: string;
  idNumberEnc: string | null;
  birthDate: string;
  groups: ResidentProfile['groups'];
  /** Full-precision text of bound_at, for the cursor. */
  boundAt: string;
  communityId: number;
  communityName: string;
}

@Injectable()
export class ResidentsRepository {
  constructor(@InjectRepository(ResidentProfile) private readonly profiles: Repository<ResidentProfile>) {}

  /** Through the caller's transaction when given one, so a transaction never waits for a second connection. */
  findByUserId(userId: string, manager: EntityManager = this.profiles.manager): Promise<ResidentProfile | null> {
    return manager.findOneBy(ResidentProfile, { userId });
  }

  async findUserIdByHash(kind: 'phone' | 'id_number', hash: string): Promise<string | null> {
    const p = await this.profiles.findOneBy(kind === 'phone' ? { phoneHash: hash } : { idNumberHash: hash });
    return p?.userId ?? null;
  }

  findByUserIds(userIds: string[], manager: EntityManager = this.profiles.manager): Promise<ResidentProfile[]> {
    return userIds.length ? manager.findBy(ResidentProfile, { userId: In(userIds) }) : Promise.resolve([]);
  }

  async insert(manager: EntityManager, profile: Omit<ResidentProfile, 'boundAt' | 'updatedAt'>): Promise<ResidentProfile> {
    await manager.insert(ResidentProfile, profile);
    return manager.findOneByOrFail(ResidentProfile, { userId: profile.userId });
  }

  async setGroups(manager: EntityManager, userId: string, groups: ResidentProfile['groups']): Promise<void> {
    await manager.update(ResidentProfile, { userId }, { groups, updatedAt: () => 'now()' });
  }

  /**
   * Residents living under `areaPath`, newest binding first. Keyset pagination on
   * (bound_at, user_id) so pages stay stable while new residents bind.
   */
  async listUnder(areaPath: string, after: { boundAt: string; userId: string } | null, limit: number): Promise<ResidentListRow[]> {
    const qb = this.profiles
      .createQueryBuilder('p')
      .innerJoin(Area, 'a', 'a.id = p.community_id')
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
    if (after) {
      qb.andWhere('(p.bound_at, p.user_id) < (:boundAt::timestamptz, :userId::uuid)', after);
    }
    return qb.getRawMany<ResidentListRow>();
  }
}
