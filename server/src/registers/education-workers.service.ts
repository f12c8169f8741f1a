import {
  DEFAULT_REQUIRED_TRAINING_MINUTES, EducationWorkerView, maskPhone, NumberedPage, RegisterError, Role, shanghaiDate, TrainingRequirement, WorkerKind,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { FieldCrypto } from '../common/field-crypto.service';
import { ChangeWorkerDto, RecordTrainingDto, RegisterWorkerDto, SetRequirementDto, WorkerListQueryDto } from './dto/register.dto';
import { RegisterScope } from './register-scope';
import { RegistersRepository, WorkerRow } from './registers.repository';

const PAGE_SIZE = 20;

/**
 * The 成人教育工作者 register (任务分解表: 成人教育专职工作者占常住人口万分之一以上; 管理人员和教师参加
 * 岗位培训和继续教育比率达 80% 以上): 专职 and 兼职 workers, their school, qualifications and the
 * continuing-education minutes of each year. Administrators keep their subtree's workers, a school's
 * staff their own school's. Phones are stored encrypted with a keyed hash, listed masked.
 */
@Injectable()
export class EducationWorkersService {
  constructor(
    private readonly registers: RegistersRepository,
    private readonly scope: RegisterScope,
    private readonly crypto: FieldCrypto,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  async register(actor: Actor, dto: RegisterWorkerDto): Promise<EducationWorkerView> {
    let areaId: number;
    let schoolId: number | null = null;
    if (actor.role === Role.Teacher && dto.schoolId === undefined) throw AppError.badRequest('请选择所在学校', undefined, RegisterError.SchoolUnknown);
    if (dto.schoolId !== undefined) {
      const school = await this.scope.school(actor, dto.schoolId);
      if (dto.areaId !== undefined && dto.areaId !== school.areaId) throw AppError.badRequest('所在区域与学校所在区域不一致，有学校时不用选区域', undefined, RegisterError.SchoolUnknown);
      areaId = school.areaId;
      schoolId = school.id;
    } else {
      const area = await this.scope.assertAdminOf(actor, dto.areaId!);
      if (area.retiredAt) throw AppError.conflict(`${area.name}已停用，请选在用的街道或社区`, RegisterError.AreaRetired);
      areaId = area.id;
    }
    if (dto.joinedOn > this.today()) throw AppError.badRequest('入册日期不能晚于今天', undefined, RegisterError.DatesInconsistent);
    const id = await this.db.transaction(async (m) => {
      const id = await this.registers.insertWorker(m, {
        name: dto.name, phoneEnc: this.crypto.encrypt(dto.phone), phoneHash: this.crypto.lookupHash(dto.phone), kind: dto.kind, areaId, schoolId,
        qualifications: dto.qualifications ?? [], joinedOn: dto.joinedOn,
      });
      if (id === null) throw AppError.conflict('名册里已经有用这个手机号的工作者了', RegisterError.WorkerPhoneTaken);
      await this.audit.record(m, {
        ...auditedBy(actor), action: 'education_worker.register', targetType: 'education_worker', targetId: String(id), areaId,
        details: { kind: dto.kind, schoolId, joinedOn: dto.joinedOn },
      });
      return id;
    });
    return this.view(id, this.year());
  }

  /** A worker and their continuing education as the demo seed writes them, in its transaction. */
  async insertDemo(
    m: EntityManager,
    w: { name: string; phone: string; kind: WorkerKind; areaId: number; schoolId: number | null; qualifications: string[]; joinedOn: string },
    training: { trainedOn: string; minutes: number; what: string }[],
    recordedBy: string,
  ): Promise<number> {
    const id = await this.registers.insertWorker(m, { ...w, phoneEnc: this.crypto.encrypt(w.phone), phoneHash: this.crypto.lookupHash(w.phone) });
    if (id === null) throw new Error(`demo worker ${w.name}: phone taken`);
    for (const t of training) await this.registers.insertTraining(m, { workerId: id, ...t, recordedBy });
    return id;
  }

  async list(actor: Actor, q: WorkerListQueryDto): Promise<NumberedPage<EducationWorkerView>> {
    const year = q.year ?? this.year();
    const page = q.page ?? 1;
    const limit = q.limit ?? PAGE_SIZE;
    let filter: { path: string; schoolId?: number };
    if (actor.role === Role.Teacher) {
      if (actor.schoolId === null || (q.schoolId !== undefined && q.schoolId !== actor.schoolId)) throw AppError.outOfScope('只能看本校的工作者');
      const school = await this.scope.school(actor, actor.schoolId);
      filter = { path: await this.scope.pathOf(school.areaId), schoolId: school.id };
    } else {
      const root = await this.scope.listRoot(actor, q.areaId);
      filter = { path: root.path, schoolId: q.schoolId };
    }
    const { rows, total } = await this.registers.workerPage({ ...filter, kind: q.kind }, year, page, limit);
    return { items: await this.views(rows, year, false), total, page, limit };
  }

  async get(actor: Actor, id: number, year?: number): Promise<EducationWorkerView> {
    await this.find(actor, id);
    return this.view(id, year ?? this.year());
  }

  async change(actor: Actor, id: number, dto: ChangeWorkerDto): Promise<EducationWorkerView> {
    const row = await this.find(actor, id);
    const change = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as ChangeWorkerDto;
    if (!Object.keys(change).length) throw AppError.badRequest('没有要修改的内容', undefined, RegisterError.NothingToChange);
    const leftOn = change.leftOn === undefined ? row.leftOn : change.leftOn;
    if (leftOn !== null && leftOn < row.joinedOn) throw AppError.badRequest(`离册日期不能早于入册日期（${row.joinedOn}）`, undefined, RegisterError.DatesInconsistent);
    if (leftOn !== null && leftOn > this.today()) throw AppError.badRequest('离册日期不能晚于今天', undefined, RegisterError.DatesInconsistent);
    const phone = change.phone ?? null;
    await this.db.transaction(async (m) => {
      if (await this.registers.trainingOutside(m, id, row.joinedOn, leftOn)) {
        throw AppError.badRequest('离册日期之后还有继续教育记录，请核对日期', undefined, RegisterError.DatesInconsistent);
      }
      const updated = await this.registers.updateWorker(m, id, {
        name: change.name ?? row.name, kind: change.kind ?? row.kind, qualifications: change.qualifications ?? row.qualifications, leftOn,
        phoneEnc: phone ? this.crypto.encrypt(phone) : row.phoneEnc, phoneHash: phone ? this.crypto.lookupHash(phone) : row.phoneHash,
      });
      if (!updated) throw AppError.conflict('名册里已经有用这个手机号的工作者了', RegisterError.WorkerPhoneTaken);
      await this.audit.record(m, {
        ...auditedBy(actor), action: 'education_worker.change', targetType: 'education_worker', targetId: String(id), areaId: row.areaId,
        // never the phone number itself
        details: { before: { name: row.name, kind: row.kind, qualifications: row.qualifications, leftOn: row.leftOn }, change: { ...change, phone: phone ? '（已修改）' : undefined } },
      });
    });
    return this.view(id, this.year());
  }

  async recordTraining(actor: Actor, id: number, dto: RecordTrainingDto): Promise<EducationWorkerView> {
    const row = await this.find(actor, id);
    if (dto.trainedOn > this.today()) throw AppError.badRequest('培训日期不能晚于今天', undefined, RegisterError.DatesInconsistent);
    if (dto.trainedOn < row.joinedOn) throw AppError.badRequest(`培训日期不能早于入册日期（${row.joinedOn}）`, undefined, RegisterError.DatesInconsistent);
    if (row.leftOn !== null && dto.trainedOn > row.leftOn) throw AppError.badRequest(`培训日期不能晚于离册日期（${row.leftOn}）`, undefined, RegisterError.DatesInconsistent);
    await this.db.transaction(async (m) => {
      const entryId = await this.registers.insertTraining(m, { workerId: id, trainedOn: dto.trainedOn, minutes: dto.minutes, what: dto.what, recordedBy: actor.userId });
      await this.audit.record(m, {
        ...auditedBy(actor), action: 'education_worker.training', targetType: 'education_worker', targetId: String(id), areaId: row.areaId,
        details: { entryId, trainedOn: dto.trainedOn, minutes: dto.minutes },
      });
    });
    return this.view(id, Number(dto.trainedOn.slice(0, 4)));
  }

  /** The minutes each worker needs in a year: the district's figure, or the default while it set none. Anyone keeping the register may read it. */
  async requirement(actor: Actor, year: number): Promise<TrainingRequirement> {
    if (!this.scope.isAdmin(actor) && actor.role !== Role.Teacher) throw AppError.forbidden();
    const set = await this.registers.requiredMinutes(year);
    return { year, requiredMinutes: set ?? DEFAULT_REQUIRED_TRAINING_MINUTES, setByDistrict: set !== null };
  }

  async setRequirement(actor: Actor, year: number, dto: SetRequirementDto): Promise<TrainingRequirement> {
    await this.scope.assertDistrict(actor);
    await this.db.transaction(async (m) => {
      await this.registers.setRequiredMinutes(m, year, dto.requiredMinutes, actor.userId);
      await this.audit.record(m, {
        ...auditedBy(actor), action: 'education_worker.requirement', targetType: 'training_requirement', targetId: String(year), areaId: actor.areaId,
        details: { requiredMinutes: dto.requiredMinutes },
      });
    });
    return this.requirement(actor, year);
  }

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  private year(): number {
    return Number(this.today().slice(0, 4));
  }

  private async find(actor: Actor, id: number): Promise<WorkerRow> {
    const row = await this.registers.workerById(id, this.year());
    if (!row) throw AppError.notFound('没有找到这位工作者');
    await this.scope.assertHolds(actor, row);
    return row;
  }

  private async view(id: number, year: number): Promise<EducationWorkerView> {
    const row = (await this.registers.workerById(id, year))!;
    return (await this.views([row], year, true))[0];
  }

  /** Rows as the pages show them: phone masked, the year's minutes against the requirement; with `withTraining`, the year's entries. */
  private async views(rows: WorkerRow[], year: number, withTraining: boolean): Promise<EducationWorkerView[]> {
    const [areas, schools, set] = await Promise.all([
      this.scope.areaSummaries(rows.map((r) => r.areaId)),
      this.scope.schoolNames(rows.map((r) => r.schoolId).filter((s): s is number => s !== null)),
      this.registers.requiredMinutes(year),
    ]);
    const requiredMinutes = set ?? DEFAULT_REQUIRED_TRAINING_MINUTES;
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        name: r.name,
        phoneMasked: maskPhone(this.crypto.decrypt(r.phoneEnc)),
        kind: r.kind,
        area: areas.get(r.areaId)!,
        school: r.schoolId === null ? null : { id: r.schoolId, name: schools.get(r.schoolId) ?? '' },
        qualifications: r.qualifications,
        joinedOn: r.joinedOn,
        leftOn: r.leftOn,
        year,
        yearMinutes: r.yearMinutes,
        requiredMinutes,
        metRequirement: r.yearMinutes >= requiredMinutes,
        training: withTraining ? (await this.registers.training(r.id, year)).map(({ id, trainedOn, minutes, what }) => ({ id, trainedOn, minutes, what })) : [],
      })),
    );
  }
}
