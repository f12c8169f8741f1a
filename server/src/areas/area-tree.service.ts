import { AreaAdminNode, AreaChangeRequest, AreaError, AreaLevel, NewAreaRequest, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { isAreaCode, parentCodeOf } from './area-file';
import { Area } from './area.entity';
import { AreasRepository } from './areas.repository';
import { AreasService } from './areas.service';

/** The level a node's children have. */
export const CHILD_LEVEL: Partial<Record<AreaLevel, AreaLevel>> = {
  [AreaLevel.District]: AreaLevel.Street,
  [AreaLevel.Street]: AreaLevel.Community,
};

/**
 * Administrators keep the 区 → 街道 → 社区 tree: add, rename, move and retire nodes below their
 * own node (the district's super-admin may also rename the district). Every change is audited.
 */
@Injectable()
export class AreaTreeService {
  constructor(
    private readonly areas: AreasRepository,
    private readonly scope: AreasService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The actor's own node and everything under it, retired nodes included. */
  async subtree(actor: Actor): Promise<AreaAdminNode> {
    const own = await this.ownNode(actor);
    return toAdminTree(own, await this.areas.findSubtree(own));
  }

  async add(actor: Actor, req: NewAreaRequest): Promise<AreaAdminNode> {
    const parent = await this.scope.assertAdminOf(actor, req.parentId);
    const level = CHILD_LEVEL[parent.level];
    if (!level) throw AppError.badRequest('社区/村下面不能再建下级区域', undefined, AreaError.WrongParent);
    if (parent.retiredAt) throw AppError.conflict(`${parent.name}已停用，不能在它下面新建区域`, AreaError.Retired);
    if (!isAreaCode(req.code) || parentCodeOf(req.code) === null) throw AppError.badRequest(`“${req.code}”不是${LEVEL_NAME[level]}的统计用区划代码`, undefined, AreaError.BadCode);
    if (isAreaCode(parent.code) && parentCodeOf(req.code) !== parent.code) {
      throw AppError.badRequest(`${parent.name}下面的区划代码应当以${significant(parent)}开头`, undefined, AreaError.BadCode);
    }
    await this.assertCodeFree(req.code);
    const created = await this.dataSource.transaction(async (manager) => {
      const area = await this.areas.create(manager, { code: req.code, name: req.name, level, parentId: parent.id, isRural: req.isRural, latitude: null, longitude: null });
      await this.audit.record(manager, { ...auditedBy(actor), action: 'area.add', targetType: 'area', targetId: String(area.id), areaId: area.id, details: { code: area.code, name: area.name, isRural: area.isRural } });
      return area;
    });
    return toAdminNode(created);
  }

  /** Renames, sets 城乡, moves or retires one node: whatever the request names, all at once or nothing. */
  async change(actor: Actor, id: number, req: AreaChangeRequest): Promise<AreaAdminNode> {
    const found = await this.scope.assertAdminOf(actor, id);
    const fields = (['name', 'isRural', 'parentId', 'retired'] as const).filter((k) => req[k] !== undefined);
    if (!fields.length) throw AppError.badRequest('没有要修改的内容', undefined, AreaError.NothingToChange);
    const node = this.assertManages(actor, found, fields.every((f) => f === 'name' || f === 'isRural'));
    const parent = req.parentId !== undefined && req.parentId !== node.parentId ? await this.newParent(actor, node, req.parentId) : null;
    if (req.retired !== undefined) await this.assertMayRetire(node, req.retired, parent);
    await this.dataSource.transaction(async (manager) => {
      const values: Partial<Pick<Area, 'name' | 'isRural' | 'retiredAt'>> = {};
      if (req.name !== undefined) values.name = req.name;
      if (req.isRural !== undefined) values.isRural = req.isRural;
      if (req.retired !== undefined) values.retiredAt = req.retired ? (node.retiredAt ?? new Date()) : null;
      if (Object.keys(values).length) await this.areas.update(manager, node.id, values);
      if (parent) await this.areas.move(manager, node, parent);
      await this.audit.record(manager, {
        ...auditedBy(actor),
        action: 'area.change',
        targetType: 'area',
        targetId: String(node.id),
        areaId: node.id,
        details: { before: { name: node.name, isRural: node.isRural, parentId: node.parentId, retired: node.retiredAt !== null }, change: { ...req } },
      });
    });
    return toAdminNode(await this.scope.get(node.id));
  }

  /**
   * The node (already known to lie in the actor's subtree), when the actor administers a node above it; the actor's own node only for a
   * super-admin renaming it (a 街道 admin changes the 社区 of the street, not the street).
   */
  private assertManages(actor: Actor, node: Area, renameOnly: boolean): Area {
    if (node.id !== actor.areaId) return node;
    if (actor.role === Role.SuperAdmin && renameOnly) return node;
    throw AppError.outOfScope('您管理的区域本身，要由上一级的管理员修改');
  }

  private async newParent(actor: Actor, node: Area, parentId: number): Promise<Area> {
    const parent = await this.scope.assertAdminOf(actor, parentId);
    if (CHILD_LEVEL[parent.level] !== node.level) throw AppError.badRequest(`${node.name}只能移到${LEVEL_NAME[node.level === AreaLevel.Community ? AreaLevel.Street : AreaLevel.District]}下面`, undefined, AreaError.WrongParent);
    if (parent.retiredAt) throw AppError.conflict(`${parent.name}已停用，不能把区域移到它下面`, AreaError.Retired);
    return parent;
  }

  private async assertMayRetire(node: Area, retire: boolean, newParent: Area | null): Promise<void> {
    if (node.level === AreaLevel.District) throw AppError.badRequest('区/县不能停用', undefined, AreaError.WrongParent);
    if (retire && !node.retiredAt && (await this.areas.countChildrenInService(node.id)) > 0) {
      throw AppError.conflict(`${node.name}下面还有在用的社区/村，请先把它们移走或停用`, AreaError.HasActiveChildren);
    }
    if (!retire && node.retiredAt) {
      const parent = newParent ?? (await this.scope.get(node.parentId!));
      if (parent.retiredAt) throw AppError.conflict(`${parent.name}已停用，请先恢复它，或把${node.name}移到在用的街道下`, AreaError.Retired);
    }
  }

  private async assertCodeFree(code: string): Promise<void> {
    const [taken] = await this.areas.findByCodes([code]);
    if (taken) throw AppError.conflict(`区划代码${code}已经用于“${taken.name}”`, AreaError.CodeTaken);
  }

  async ownNode(actor: Actor): Promise<Area> {
    if (actor.areaId === null) throw AppError.forbidden();
    return this.scope.assertAdminOf(actor, actor.areaId);
  }
}

const LEVEL_NAME: Record<AreaLevel, string> = { [AreaLevel.District]: '区/县', [AreaLevel.Street]: '街道/镇', [AreaLevel.Community]: '社区/村' };

/** The leading digits a child's code shares with its parent's: 6 under a district, 9 under a street. */
const significant = (parent: Area): string => parent.code.slice(0, parent.level === AreaLevel.District ? 6 : 9);

export function toAdminNode(a: Area): AreaAdminNode {
  return { id: a.id, name: a.name, level: a.level, code: a.code, parentId: a.parentId, isRural: a.isRural, retiredAt: a.retiredAt?.toISOString() ?? null, children: [] };
}

/** The nodes (in path order, `root` first) as a tree, children by code. */
function toAdminTree(root: Area, nodes: Area[]): AreaAdminNode {
  const byId = new Map(nodes.map((a) => [a.id, toAdminNode(a)]));
  for (const a of nodes) if (a.id !== root.id && a.parentId !== null) byId.get(a.parentId)?.children.push(byId.get(a.id)!);
  for (const n of byId.values()) n.children.sort((x, y) => x.code.localeCompare(y.code));
  return byId.get(root.id)!;
}
