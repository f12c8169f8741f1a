import {
  INDICATOR_BY_CODE,
  INDICATOR_TARGET_PER_10K_MAX,
  IndicatorCode,
  IndicatorTargetList,
  IndicatorTargetRow,
  IndicatorTargetUpdate,
  INDICATORS,
  Role,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { AreasService, toSummary } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { IndicatorTargetsRepository, StoredTarget } from './indicator-targets.repository';

/** Targets are kept in ten-thousandths: 0.6 → 6000, 1/万人 → 10000. */
const BASIS = 10_000;

/** The targets in force for one node and year, by indicator: set ones, else the seeds' defaults. */
export type TargetsInForce = Record<IndicatorCode, { target: number; set: StoredTarget | null }>;

/**
 * Each indicator's target per area and year. Set by the area's administrators (an area above may
 * set it for its whole subtree); a district's own targets only by a super-admin. Where nothing is
 * set, an area inherits: its own earlier years first, then the nearest area above, then the
 * seeds' value (INDICATORS' `target`).
 */
@Injectable()
export class IndicatorTargetsService {
  constructor(
    private readonly db: DataSource,
    private readonly areas: AreasService,
    private readonly targets: IndicatorTargetsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The targets in force for these nodes and a year, for the statistics (no scope check: the caller did it). */
  async inForce(nodes: { id: number; path: string }[], year: number): Promise<Map<number, TargetsInForce>> {
    const stored = await this.targets.inForce(nodes, year);
    return new Map(nodes.map((n) => [n.id, resolve(stored.get(n.id) ?? [])]));
  }

  async list(actor: Actor, areaId: number, year: number): Promise<IndicatorTargetList> {
    const area = await this.areas.assertAdminOf(actor, areaId);
    return this.describe(actor, area, year);
  }

  /**
   * Sets (or, with null, takes away) this area's own targets for a year. Every line is checked
   * before anything is written; one bad line refuses the whole request.
   */
  async set(actor: Actor, areaId: number, year: number, update: IndicatorTargetUpdate): Promise<IndicatorTargetList> {
    const area = await this.areas.assertAdminOf(actor, areaId);
    if (!mayEdit(actor, area)) throw AppError.forbidden('区（县）级的指标目标只能由区级超级管理员修改');
    const problems: string[] = [];
    const seen = new Set<string>();
    const put: { indicator: string; basis: number }[] = [];
    const cleared: string[] = [];
    for (const [i, item] of update.targets.entries()) {
      const def = INDICATOR_BY_CODE[item.code];
      const at = `第${i + 1}项`;
      if (!def) {
        problems.push(`${at}：没有这个指标`);
        continue;
      }
      if (seen.has(def.code)) problems.push(`${at}：“${def.label}”重复出现`);
      seen.add(def.code);
      if (item.target === null) {
        cleared.push(def.code);
        continue;
      }
      const problem = targetProblem(def.unit, item.target);
      if (problem) problems.push(`${at}（${def.label}）：${problem}`);
      else put.push({ indicator: def.code, basis: Math.round(item.target * BASIS) });
    }
    if (problems.length) throw AppError.badRequest(problems[0], problems);
    await this.db.transaction(async (m) => {
      await this.targets.upsert(m, area.id, year, put, actor.userId);
      await this.targets.remove(m, area.id, year, cleared);
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'indicator-target.set',
        targetType: 'area',
        targetId: String(area.id),
        areaId: area.id,
        details: { year, set: Object.fromEntries(put.map((p) => [p.indicator, p.basis / BASIS])), cleared },
      });
    });
    return this.describe(actor, area, year);
  }

  private async describe(actor: Actor, area: Area, year: number): Promise<IndicatorTargetList> {
    const inForce = (await this.inForce([area], year)).get(area.id)!;
    const setAreas = new Map<number, Area>();
    for (const { set } of Object.values(inForce)) {
      if (set && !setAreas.has(set.areaId)) setAreas.set(set.areaId, set.areaId === area.id ? area : await this.areas.get(set.areaId));
    }
    const targets: IndicatorTargetRow[] = INDICATORS.map((def) => {
      const { target, set } = inForce[def.code];
      return {
        code: def.code,
        label: def.label,
        unit: def.unit,
        target,
        defaultTarget: def.target,
        source: !set ? 'default' : set.areaId === area.id && set.year === year ? 'own' : 'inherited',
        setFor: set ? { area: toSummary(setAreas.get(set.areaId)!), year: set.year } : null,
      };
    });
    return { area: toSummary(area), year, editable: mayEdit(actor, area), targets };
  }
}

function resolve(stored: StoredTarget[]): TargetsInForce {
  const byCode = new Map(stored.map((s) => [s.indicator, s]));
  return Object.fromEntries(
    INDICATORS.map((def) => {
      const set = byCode.get(def.code) ?? null;
      return [def.code, { target: set ? set.basis / BASIS : def.target, set }];
    }),
  ) as TargetsInForce;
}

/** A district's own targets are the super-admin's; a street's or community's, its administrators' and those above. */
function mayEdit(actor: Actor, area: Pick<Area, 'parentId'>): boolean {
  return area.parentId !== null || actor.role === Role.SuperAdmin;
}

/** What is wrong with a target, in Chinese; null when it is fine. */
export function targetProblem(unit: 'rate' | 'per_10k', target: number): string | null {
  if (!Number.isFinite(target)) return '目标应当是数字';
  if (Math.abs(target * BASIS - Math.round(target * BASIS)) > 1e-6) return unit === 'rate' ? '目标最多精确到0.01%' : '目标最多保留四位小数';
  if (unit === 'rate') {
    if (target <= 0) return '目标应当大于0%';
    if (target > 1) return '比例目标不能超过100%（请写小数，0.6 即 60%）';
  } else {
    if (target <= 0) return '目标应当大于0';
    if (target > INDICATOR_TARGET_PER_10K_MAX) return `每万人的目标不能超过${INDICATOR_TARGET_PER_10K_MAX}`;
  }
  return null;
}
