import { NumberedPage, PLACES_PAGE_SIZE, PlaceError } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';

/** The area columns every master-data row shows. */
export const placeArea = (a: Area) => ({ id: a.id, name: a.name, level: a.level, code: a.code, retired: a.retiredAt !== null });

/** `text` for `ILIKE`, its wildcards taken literally. */
export const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One numbered page of a schools or venues table (`alias` joined as `a` to `areaView`, the feature's
 * own read model of the area tree with id and path): rows under `root` whose name or address holds
 * `q`, active or not as asked, ordered by area then name.
 */
export async function placePage<T>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  areaView: string,
  root: Area,
  q: { q?: string; active?: 'true' | 'false'; page?: number; limit?: number },
  items: (ids: number[]) => Promise<T[]>,
): Promise<NumberedPage<T>> {
  const page = q.page ?? 1;
  const limit = q.limit ?? PLACES_PAGE_SIZE;
  qb.innerJoin(areaView, 'a', `a.id = ${alias}.area_id`).andWhere('a.path LIKE :prefix', { prefix: `${root.path}%` });
  if (q.q) qb.andWhere(`(${alias}.name ILIKE :like ESCAPE '\\' OR ${alias}.address ILIKE :like ESCAPE '\\')`, { like: likePattern(q.q) });
  if (q.active) qb.andWhere(`${alias}.active = :active`, { active: q.active === 'true' });
  const [total, rows] = await Promise.all([
    qb.clone().getCount(),
    qb.clone().select(`${alias}.id`, 'id').orderBy('a.path').addOrderBy(`${alias}.name`).addOrderBy(`${alias}.id`).offset((page - 1) * limit).limit(limit).getRawMany<{ id: number }>(),
  ]);
  return { items: await items(rows.map((r) => r.id)), total, page, limit };
}

/**
 * Where an administrator may keep schools and venues: in the subtree of their own node (a 街道
 * admin in the street, the district's admins everywhere), never in a retired node.
 */
@Injectable()
export class PlaceScope {
  constructor(private readonly areas: AreasService) {}

  /** The node a list covers: the one asked for (inside the actor's own), or the actor's own. */
  async listRoot(actor: Actor, areaId: number | undefined): Promise<Area> {
    if (actor.areaId === null) throw AppError.forbidden();
    return this.areas.assertAdminOf(actor, areaId ?? actor.areaId);
  }

  /** The node a school or venue is stored in, already known to lie in the actor's subtree. */
  async assertHolds(actor: Actor, areaId: number): Promise<Area> {
    return this.areas.assertAdminOf(actor, areaId);
  }

  /** A node a school or venue may be put in (or stay in while it is active): in scope and in service. */
  async assertWritable(actor: Actor, areaId: number, what: string): Promise<Area> {
    const area = await this.areas.assertAdminOf(actor, areaId);
    assertInService(area, what);
    return area;
  }

  findByCodes(codes: string[]): Promise<Area[]> {
    return this.areas.findByCodes(codes);
  }

  findByIds(ids: number[]): Promise<Area[]> {
    return this.areas.findByIds(ids);
  }
}

export function assertInService(area: Area, what: string): void {
  if (area.retiredAt) throw AppError.conflict(`${area.name}已停用，${what}不能放在停用的区域里，请选在用的街道或社区`, PlaceError.AreaRetired);
}
