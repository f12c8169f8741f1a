import { ADMIN_ROLES, AreaLevel, AreaNode, AreaSummary, PopulationError, populationProblems, PopulationRow, PopulationUpdate, Role, withStoredOrganisations } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { AuditService, auditedBy } from '../audit/audit.service';
import { AreaPopulation } from './area-population.entity';
import { Area } from './area.entity';
import { AreasRepository } from './areas.repository';


export const toSummary = (a: Pick<Area, 'id' | 'name' | 'level'>): AreaSummary => ({ id: a.id, name: a.name, level: a.level });

/** The 三级学习服务网络 and its population base data; also the one place that decides area scope. */
@Injectable()
export class AreasService {
  constructor(
    private readonly areas: AreasRepository,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Locks a node's row in the caller's transaction: credit rules number their versions per district under it. */
  lockNode(m: EntityManager, id: number): Promise<void> {
    return this.areas.lockNode(m, id);
  }

  /** The district a node belongs to; null when there is no such node. */
  districtOf(areaId: number): Promise<number | null> {
    return this.areas.districtOf(areaId);
  }

  /** The districts, in the order they were created. */
  districts(): Promise<{ id: number; name: string }[]> {
    return this.areas.districts();
  }

  /** The tree in service from the district down, for pickers and drill-down: retired nodes are hidden. */
  async tree(): Promise<AreaNode> {
    const all = await this.areas.findInService();
    const nodes = new Map<number, AreaNode>();
    for (const a of all) nodes.set(a.id, { ...toSummary(a), code: a.code, parentId: a.parentId, children: [] });
    let root: AreaNode | null = null;
    for (const a of all) {
      const node = nodes.get(a.id)!;
      if (a.parentId === null) root = root ?? node;
      else nodes.get(a.parentId)?.children.push(node);
    }
    for (const node of nodes.values()) node.children.sort((x, y) => x.code.localeCompare(y.code));
    if (!root) throw AppError.notFound('还没有设置行政区域');
    return root;
  }

  /** Whether any node exists: the demo seed fills only an empty district. */
  hasAny(): Promise<boolean> {
    return this.areas.any();
  }

  /** The demo seed's population rows, in its transaction. */
  async storePopulation(manager: EntityManager, row: Omit<AreaPopulation, 'updatedAt'>): Promise<void> {
    await this.areas.upsertPopulation(manager, row);
  }

  /** Used by the demo seed and by tests to build a tree. */
  createArea(manager: EntityManager, values: Omit<Area, 'id' | 'path' | 'createdAt' | 'retiredAt'>): Promise<Area> {
    return this.areas.create(manager, values);
  }

  /** See AreasRepository.lockDistrictSetup: inside the set-up's transaction, before it writes. */
  lockDistrictSetup(manager: EntityManager): Promise<Area | null> {
    return this.areas.lockDistrictSetup(manager);
  }

  /** The nodes with these ids, retired ones included, in no particular order. */
  findByIds(ids: number[]): Promise<Area[]> {
    return this.areas.findByIds(ids);
  }

  /** The nodes with these codes, retired ones included, in no particular order. */
  findByCodes(codes: string[]): Promise<Area[]> {
    return this.areas.findByCodes(codes);
  }

  async get(id: number): Promise<Area> {
    const area = await this.areas.findById(id);
    if (!area) throw AppError.notFound('没有找到这个区域');
    return area;
  }

  /** The community and the street above it; refuses anything that is not a 社区/村. */
  async community(id: number): Promise<{ community: Area; street: Area } | null> {
    const community = await this.areas.findById(id);
    if (!community || community.level !== AreaLevel.Community || community.parentId === null) return null;
    const street = await this.areas.findById(community.parentId);
    return street ? { community, street } : null;
  }

  /** Whether `area` lies in the subtree of the actor's own node. */
  covers(actor: Actor, actorArea: Pick<Area, 'path'>, area: Pick<Area, 'path'>): boolean {
    return ADMIN_ROLES.includes(actor.role) && area.path.startsWith(actorArea.path);
  }

  /** Admins act only inside their own node's subtree; everyone else not at all. */
  async assertAdminOf(actor: Actor, areaId: number): Promise<Area> {
    if (!ADMIN_ROLES.includes(actor.role) || actor.areaId === null) throw AppError.forbidden();
    const [own, target] = await Promise.all([this.areas.findById(actor.areaId), this.areas.findById(areaId)]);
    if (!target) throw AppError.notFound('没有找到这个区域');
    if (!own || !this.covers(actor, own, target)) throw AppError.outOfScope();
    return target;
  }

  async population(actor: Actor, areaId: number, year: number): Promise<PopulationRow> {
    const area = await this.assertAdminOf(actor, areaId);
    const row = await this.areas.findPopulation(areaId, year);
    if (!row) throw AppError.notFound(`${area.name}还没有${year}年的人口数据`);
    return toRow(row, area);
  }

  async childrenPopulation(actor: Actor, areaId: number, year: number): Promise<PopulationRow[]> {
    await this.assertAdminOf(actor, areaId);
    const [rows, children] = await Promise.all([
      this.areas.findChildrenPopulation(areaId, year),
      this.areas.findChildren(areaId),
    ]);
    const byId = new Map(children.map((c) => [c.id, c]));
    return rows.map((r) => toRow(r, byId.get(r.areaId)!));
  }

  /** Enters a node's figures for a year; organisation figures left out keep their stored values. */
  async setPopulation(actor: Actor, areaId: number, year: number, update: PopulationUpdate): Promise<PopulationRow> {
    const area = await this.assertAdminOf(actor, areaId);
    const saved = await this.dataSource.transaction(async (manager) => {
      const figures = withStoredOrganisations(update, await this.areas.findPopulationForUpdate(manager, areaId, year));
      const problems = populationProblems(figures).map((p) => p.message);
      if (problems.length) throw AppError.badRequest(problems[0], problems, PopulationError.Invalid);
      const row = await this.areas.upsertPopulation(manager, { areaId, year, ...figures, updatedBy: actor.userId });
      await this.audit.record(manager, {
        ...auditedBy(actor),
        action: 'population.set',
        targetType: 'area',
        targetId: String(areaId),
        areaId,
        details: { year, ...figures },
      });
      return row;
    });
    return toRow(saved, area);
  }
}

function toRow(p: AreaPopulation, area: Area): PopulationRow {
  return {
    area: toSummary(area),
    year: p.year,
    residentTotal: p.residentTotal,
    aged60Plus: p.aged60Plus,
    under18: p.under18,
    employed: p.employed,
    migrantWorkers: p.migrantWorkers,
    unemployed: p.unemployed,
    ruralLabor: p.ruralLabor,
    organisations: p.organisations,
    learningOrganisations: p.learningOrganisations,
    updatedAt: p.updatedAt.toISOString(),
  };
}
