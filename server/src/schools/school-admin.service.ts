import { NumberedPage, PlaceError, PlaceImportResult, SchoolAdminItem } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { SpreadsheetReader } from '../common/spreadsheet/spreadsheet-reader';
import { PLACE_SHEET_LIMITS, refuseProblems } from '../places/place-file';
import { assertInService, PlaceScope, placeArea, placePage } from '../places/place-scope';
import { SchoolChangeDto, SchoolInputDto, SchoolListQueryDto } from '../places/place.dto';
import { schoolLines } from './school-file';
import { School } from './school.entity';

type SchoolValues = Pick<School, 'name' | 'type' | 'areaId' | 'address'>;

/** Administrators keep the schools of their area: add, edit, deactivate, import; every change audited. */
@Injectable()
export class SchoolAdminService {
  constructor(
    @InjectRepository(School) private readonly schools: Repository<School>,
    private readonly scope: PlaceScope,
    private readonly spreadsheets: SpreadsheetReader,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, q: SchoolListQueryDto): Promise<NumberedPage<SchoolAdminItem>> {
    const root = await this.scope.listRoot(actor, q.areaId);
    const qb = this.schools.createQueryBuilder('s').where('true');
    if (q.type) qb.andWhere('s.type = :type', { type: q.type });
    return placePage(qb, 's', 'school_area', root, q, (ids) => this.items(ids));
  }

  async get(actor: Actor, id: number): Promise<SchoolAdminItem> {
    const school = await this.find(actor, id);
    return (await this.items([school.id]))[0];
  }

  async create(actor: Actor, dto: SchoolInputDto): Promise<SchoolAdminItem> {
    await this.scope.assertWritable(actor, dto.areaId, '学校');
    const values: SchoolValues = { name: dto.name, type: dto.type, areaId: dto.areaId, address: dto.address || null };
    await this.assertNameFree(values.name, null);
    const saved = await this.dataSource.transaction(async (manager) => {
      const school = await manager.save(manager.create(School, { ...values, active: true }));
      await this.record(manager, actor, 'school.add', school, { ...values });
      return school;
    });
    return this.get(actor, saved.id);
  }

  async change(actor: Actor, id: number, dto: SchoolChangeDto): Promise<SchoolAdminItem> {
    const school = await this.find(actor, id);
    const change = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as SchoolChangeDto;
    if (!Object.keys(change).length) throw AppError.badRequest('没有要修改的内容', undefined, PlaceError.NothingToChange);
    const next = { ...school, ...change, address: change.address === undefined ? school.address : change.address || null };
    const area = await this.scope.assertHolds(actor, next.areaId);
    if (next.active) assertInService(area, '学校');
    if (change.name !== undefined) await this.assertNameFree(change.name, school.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(School, school.id, { name: next.name, type: next.type, areaId: next.areaId, address: next.address, active: next.active });
      await this.record(manager, actor, 'school.change', school, { before: { name: school.name, type: school.type, areaId: school.areaId, address: school.address, active: school.active }, change });
    });
    return this.get(actor, school.id);
  }

  /** Reads a schools file (名称、类别、区划代码、地址); matched by name, so the same file again changes nothing. */
  async import(actor: Actor, file: Buffer | undefined, apply: boolean): Promise<PlaceImportResult> {
    const own = await this.scope.listRoot(actor, undefined);
    if (!file?.length) throw AppError.badRequest('请上传学校表（.xlsx 或 .csv）', undefined, PlaceError.FileMissing);
    const { lines, problems } = schoolLines(await this.spreadsheets.read(file, PLACE_SHEET_LIMITS));
    const areas = new Map((await this.scope.findByCodes(lines.map((l) => l.areaCode))).map((a) => [a.code, a]));
    const stored = new Map((await this.schools.findBy({ name: In(lines.map((l) => l.name)) })).map((s) => [s.name, s]));
    const storedAreas = new Map((await this.scope.findByIds([...stored.values()].map((s) => s.areaId))).map((a) => [a.id, a]));
    const result: PlaceImportResult = { applied: apply, changes: [], unchanged: 0 };
    const writes: { line: number; values: SchoolValues; stored: School | null }[] = [];
    const seen = new Map<string, number>();
    for (const line of lines) {
      const at = `第${line.line}行（${line.name}）`;
      if (seen.has(line.name)) {
        problems.push(`${at}：学校名称与第${seen.get(line.name)}行重复`);
        continue;
      }
      seen.set(line.name, line.line);
      const before = problems.length;
      const area = areas.get(line.areaCode);
      if (!area) problems.push(`${at}：找不到区划代码${line.areaCode}，请先在区域树里建好`);
      else if (!area.path.startsWith(own.path)) problems.push(`${at}：${area.name}不在您管理的范围内`);
      else if (area.retiredAt) problems.push(`${at}：${area.name}已停用，学校不能放在停用的区域里`);
      const current = stored.get(line.name) ?? null;
      const currentArea = current && storedAreas.get(current.areaId);
      if (currentArea && !currentArea.path.startsWith(own.path)) problems.push(`${at}：已有同名学校在${currentArea.name}，不在您管理的范围内`);
      if (!area || problems.length > before) continue;
      const values: SchoolValues = { name: line.name, type: line.type, areaId: area.id, address: line.address ?? current?.address ?? null };
      if (current && current.type === values.type && current.areaId === values.areaId && current.address === values.address) {
        result.unchanged += 1;
        continue;
      }
      result.changes.push({ line: line.line, name: line.name, areaName: area.name, kind: current ? 'update' : 'add' });
      writes.push({ line: line.line, values, stored: current });
    }
    refuseProblems(problems);
    if (apply && writes.length) {
      await this.dataSource.transaction(async (manager) => {
        for (const w of writes) {
          if (w.stored) await manager.update(School, w.stored.id, w.values);
          else await manager.save(manager.create(School, { ...w.values, active: true }));
        }
        await this.audit.record(manager, {
          ...auditedBy(actor), action: 'school.import', targetType: 'area', targetId: String(own.id), areaId: own.id,
          details: { added: writes.filter((w) => !w.stored).map((w) => w.values.name), updated: writes.filter((w) => w.stored).map((w) => w.values.name) },
        });
      });
    }
    return result;
  }

  /** The school, when it lies in the actor's subtree. */
  private async find(actor: Actor, id: number): Promise<School> {
    const school = await this.schools.findOneBy({ id });
    if (!school) throw AppError.notFound('没有找到这所学校');
    await this.scope.assertHolds(actor, school.areaId);
    return school;
  }

  private async assertNameFree(name: string, except: number | null): Promise<void> {
    const taken = await this.schools.findOneBy({ name });
    if (taken && taken.id !== except) throw AppError.conflict(`已经有一所学校叫“${name}”`, PlaceError.NameTaken);
  }

  private record(manager: EntityManager, actor: Actor, action: string, school: School, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(manager, { ...auditedBy(actor), action, targetType: 'school', targetId: String(school.id), areaId: school.areaId, details });
  }

  /** The rows of these schools, in the order given, with their area and how many venues they have. */
  private async items(ids: number[]): Promise<SchoolAdminItem[]> {
    if (!ids.length) return [];
    const schools = await this.schools.findBy({ id: In(ids) });
    const areas = new Map((await this.scope.findByIds([...new Set(schools.map((s) => s.areaId))])).map((a) => [a.id, a]));
    const counts = await this.dataSource
      .createQueryBuilder()
      .select('c.school_id', 'schoolId')
      .addSelect('c.venues', 'count')
      .from('school_venue_count', 'c')
      .where('c.school_id IN (:...ids)', { ids })
      .getRawMany<{ schoolId: number; count: number }>();
    const venueCount = new Map(counts.map((c) => [c.schoolId, c.count]));
    const byId = new Map(schools.map((s) => [s.id, s]));
    return ids.map((id) => {
      const s = byId.get(id)!;
      return { id: s.id, name: s.name, type: s.type, address: s.address, area: placeArea(areas.get(s.areaId)!), active: s.active, venueCount: venueCount.get(s.id) ?? 0 };
    });
  }
}
