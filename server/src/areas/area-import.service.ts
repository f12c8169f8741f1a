import { AreaError, AreaImportChange, AreaImportResult, AreaLevel } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { SpreadsheetReader } from '../common/spreadsheet/spreadsheet-reader';
import { AREA_SHEET_LIMITS, AreaLine, areaLines } from './area-file';
import { AreaTreeService, CHILD_LEVEL } from './area-tree.service';
import { Area } from './area.entity';
import { AreasRepository } from './areas.repository';

/** What a file's rows mean for the stored tree, once every row has been checked. */
interface ImportPlan {
  changes: (AreaImportChange & { stored: Area | null })[];
  unchanged: number;
}

/**
 * Imports 街道 and 社区 from the official list of 统计用区划代码 (an .xlsx or .csv read by the
 * bounded SpreadsheetReader): a preview says what would be added or renamed, the import does it.
 * Rows are matched by code, so importing the same file again changes nothing. One bad row refuses
 * the whole file, every problem named by its row.
 */
@Injectable()
export class AreaImportService {
  constructor(
    private readonly areas: AreasRepository,
    private readonly tree: AreaTreeService,
    private readonly spreadsheets: SpreadsheetReader,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, file: Buffer | undefined, apply: boolean): Promise<AreaImportResult> {
    const own = await this.tree.ownNode(actor);
    if (!file?.length) throw AppError.badRequest('请上传区划代码表（.xlsx 或 .csv）', undefined, AreaError.FileMissing);
    const { lines, problems } = areaLines(await this.spreadsheets.read(file, AREA_SHEET_LIMITS));
    const plan = await this.plan(own, lines, problems);
    if (problems.length) throw AppError.badRequest(problems[0], problems.slice(0, 50), AreaError.ImportInvalid);
    if (apply && plan.changes.length) {
      const parents = await this.areas.findByCodes(plan.changes.map((c) => c.parentCode));
      await this.dataSource.transaction((manager) => this.write(manager, actor, plan, parents));
    }
    return { applied: apply, changes: plan.changes.map(({ stored: _stored, ...change }) => change), unchanged: plan.unchanged };
  }

  /** Matches every row to the stored tree; whatever does not fit goes into `problems`. */
  private async plan(own: Area, lines: AreaLine[], problems: string[]): Promise<ImportPlan> {
    const stored = new Map((await this.areas.findByCodes([...new Set(lines.flatMap((l) => [l.code, l.parentCode ?? l.code]))])).map((a) => [a.code, a]));
    const inFile = new Map<string, AreaLine>();
    const fileCodes = new Set(lines.map((l) => l.code));
    const plan: ImportPlan = { changes: [], unchanged: 0 };
    for (const line of lines) {
      const at = `第${line.line}行`;
      const first = inFile.get(line.code);
      if (first) {
        problems.push(`${at}：区划代码${line.code}与第${first.line}行重复`);
        continue;
      }
      inFile.set(line.code, line);
      if (this.coversOwn(line, own, stored)) {
        plan.unchanged += 1;
        continue;
      }
      const problem = this.misfit(line, own, stored, fileCodes);
      if (problem) {
        problems.push(`${at}（${line.name}）：${problem}`);
        continue;
      }
      const current = stored.get(line.code) ?? null;
      const isRural = line.isRural ?? current?.isRural ?? false;
      if (current && current.name === line.name && current.isRural === isRural) {
        plan.unchanged += 1;
        continue;
      }
      plan.changes.push({
        line: line.line, code: line.code, name: line.name, level: line.level, isRural, parentCode: line.parentCode!,
        kind: current ? 'update' : 'add', was: current && { name: current.name, isRural: current.isRural }, stored: current,
      });
    }
    return plan;
  }

  /** The row of the actor's own node or of the district above it: the official list has it, the import leaves it alone. */
  private coversOwn(line: AreaLine, own: Area, stored: Map<string, Area>): boolean {
    const current = stored.get(line.code);
    return line.code === own.code || (line.level === AreaLevel.District && current !== undefined && own.path.startsWith(current.path));
  }

  /** Why a row cannot go into the actor's part of the tree, or null when it can. */
  private misfit(line: AreaLine, own: Area, stored: Map<string, Area>, fileCodes: Set<string>): string | null {
    if (line.level === AreaLevel.District) return '这是区/县的代码，表里只能有本区/县的街道和社区';
    const current = stored.get(line.code);
    if (current && !current.path.startsWith(own.path)) return '这个区域不在您管理的范围内';
    const parent = stored.get(line.parentCode!);
    if (parent) {
      if (!parent.path.startsWith(own.path)) return `上级区域${parent.name}不在您管理的范围内`;
      if (CHILD_LEVEL[parent.level] !== line.level) return `上级代码${line.parentCode}不是${line.level === AreaLevel.Street ? '区/县' : '街道/镇'}`;
      if (current && current.parentId !== parent.id) return `已在别的上级下面，要换上级请在区域树里移动`;
      if (!current && parent.retiredAt) return `上级区域${parent.name}已停用`;
      return null;
    }
    // a 社区 whose 街道 is new comes with it in the same file, above or below it; the 街道's own row is checked in turn
    if (line.level === AreaLevel.Community && fileCodes.has(line.parentCode!)) return null;
    return `找不到上级区域（代码${line.parentCode}），请先建好上级，或把上级也放进表里`;
  }

  /** Adds streets before communities, so that a community finds a street added by the same file. */
  private async write(manager: EntityManager, actor: Actor, plan: ImportPlan, storedParents: Area[]): Promise<void> {
    const byCode = new Map(storedParents.map((a) => [a.code, a]));
    const ordered = [...plan.changes].sort((a, b) => (a.level === b.level ? 0 : a.level === AreaLevel.Street ? -1 : 1));
    for (const c of ordered) {
      if (c.stored) {
        await this.areas.update(manager, c.stored.id, { name: c.name, isRural: c.isRural });
        continue;
      }
      const parent = byCode.get(c.parentCode)!;
      byCode.set(c.code, await this.areas.create(manager, { code: c.code, name: c.name, level: c.level, parentId: parent.id, isRural: c.isRural, latitude: null, longitude: null }));
    }
    await this.audit.record(manager, {
      ...auditedBy(actor),
      action: 'area.import',
      targetType: 'area',
      targetId: String(actor.areaId),
      areaId: actor.areaId,
      details: { added: plan.changes.filter((c) => !c.stored).map((c) => c.code), updated: plan.changes.filter((c) => c.stored).map((c) => c.code) },
    });
  }
}
