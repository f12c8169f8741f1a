import {
  NumberedPage, ProfileError, RegisterError, shanghaiDate, VolunteerListItem, VolunteerServiceView, VolunteerStatus, VolunteerView,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { OfferingsService } from '../offerings/offerings.service';
import { ResidentsService } from '../residents/residents.service';
import { ChangeVolunteerDto, EnrolVolunteerDto, JoinVolunteersDto, RecordServiceDto, VolunteerListQueryDto } from './dto/register.dto';
import { RegisterScope } from './register-scope';
import { RegistersRepository, VolunteerRow } from './registers.repository';
import { personalDataShown } from '../common/personal-data';

const PAGE_SIZE = 20;

/**
 * The 志愿者 register (任务分解表: 志愿者工作队伍入册，档案规范): residents join it themselves or an
 * administrator enrols them; their 档案 (skills, area, status) and the activities they helped with,
 * with the minutes of each. Names and phones come from the resident's own profile (the phone stays
 * encrypted there and is only ever shown masked).
 */
@Injectable()
export class VolunteersService {
  constructor(
    private readonly registers: RegistersRepository,
    private readonly scope: RegisterScope,
    private readonly residents: ResidentsService,
    private readonly offerings: OfferingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  /** A resident joins in their home community. */
  async join(actor: Actor, dto: JoinVolunteersDto): Promise<VolunteerView> {
    const community = await this.residents.communityOf(actor.userId);
    if (community === null) throw AppError.conflict('请先填写您的基本信息，再报名当志愿者', ProfileError.NotBound);
    const id = await this.db.transaction(async (m) => {
      const id = await this.registers.insertVolunteer(m, {
        userId: actor.userId, areaId: community, skills: dto.skills ?? [], intro: dto.intro ?? '', joinedBy: 'self', enrolledBy: null,
        joinedOn: shanghaiDate(this.clock.now()),
      });
      if (id === null) throw AppError.conflict('您已经在志愿者名册里了', RegisterError.AlreadyVolunteer);
      await this.audit.record(m, { ...auditedBy(actor), action: 'volunteer.join', targetType: 'volunteer', targetId: String(id), areaId: community });
      return id;
    });
    return this.view(id);
  }

  /** A volunteer as the demo seed writes it, in its transaction (the pages go through join and enrol). */
  async insertDemo(m: EntityManager, v: { userId: string; areaId: number; skills: string[]; intro: string; enrolledBy: string | null; joinedOn: string }): Promise<number> {
    const id = await this.registers.insertVolunteer(m, { ...v, joinedBy: v.enrolledBy ? 'admin' : 'self' });
    if (id === null) throw new Error(`demo volunteer ${v.userId} is in the register twice`);
    return id;
  }

  async mine(actor: Actor): Promise<VolunteerView> {
    const row = await this.registers.volunteerByUser(actor.userId);
    if (!row) throw AppError.notFound('您还不是志愿者', RegisterError.NotVolunteer);
    return this.view(row.id);
  }

  /** An administrator enrols a resident who bound their profile, found by their phone's keyed hash. */
  async enrol(actor: Actor, dto: EnrolVolunteerDto): Promise<VolunteerView> {
    const area = await this.scope.assertAdminOf(actor, dto.areaId);
    if (area.retiredAt) throw AppError.conflict(`${area.name}已停用，请选在用的街道或社区`, RegisterError.AreaRetired);
    const userId = await this.residents.findUserIdBy('phone', dto.phone);
    if (!userId) throw AppError.notFound('没有找到用这个手机号绑定的居民，请让居民先在小程序里填写基本信息', RegisterError.ResidentUnknown);
    personalDataShown(userId);
    const id = await this.db.transaction(async (m) => {
      const id = await this.registers.insertVolunteer(m, {
        userId, areaId: area.id, skills: dto.skills ?? [], intro: dto.intro ?? '', joinedBy: 'admin', enrolledBy: actor.userId,
        joinedOn: shanghaiDate(this.clock.now()),
      });
      if (id === null) throw AppError.conflict('这位居民已经在志愿者名册里了', RegisterError.AlreadyVolunteer);
      await this.audit.record(m, { ...auditedBy(actor), action: 'volunteer.enrol', targetType: 'volunteer', targetId: String(id), areaId: area.id });
      return id;
    });
    return this.view(id);
  }

  async list(actor: Actor, q: VolunteerListQueryDto): Promise<NumberedPage<VolunteerListItem>> {
    const root = await this.scope.listRoot(actor, q.areaId);
    const page = q.page ?? 1;
    const limit = q.limit ?? PAGE_SIZE;
    const { rows, total } = await this.registers.volunteerPage({ path: root.path, status: q.status }, page, limit);
    const [people, areas] = await Promise.all([this.residents.rosterFacts(rows.map((r) => r.userId)), this.scope.areaSummaries(rows.map((r) => r.areaId))]);
    const items = rows.map((r) => ({
      id: r.id,
      realName: people.get(r.userId)?.name ?? '（已注销）',
      phoneMasked: people.get(r.userId)?.phoneMasked || null,
      area: areas.get(r.areaId)!,
      skills: r.skills,
      status: r.status,
      joinedOn: r.joinedOn,
      totalMinutes: r.totalMinutes,
      activities: r.activities,
    }));
    return { items, total, page, limit };
  }

  async get(actor: Actor, id: number): Promise<VolunteerView> {
    personalDataShown((await this.find(actor, id)).userId);
    return this.view(id);
  }

  async change(actor: Actor, id: number, dto: ChangeVolunteerDto): Promise<VolunteerView> {
    const row = await this.find(actor, id);
    const change = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as ChangeVolunteerDto;
    if (!Object.keys(change).length) throw AppError.badRequest('没有要修改的内容', undefined, RegisterError.NothingToChange);
    if (change.areaId !== undefined) await this.scope.assertAdminOf(actor, change.areaId);
    const next = { areaId: change.areaId ?? row.areaId, skills: change.skills ?? row.skills, intro: change.intro ?? row.intro, status: change.status ?? row.status };
    await this.db.transaction(async (m) => {
      await this.registers.updateVolunteer(m, id, next);
      await this.audit.record(m, {
        ...auditedBy(actor), action: 'volunteer.change', targetType: 'volunteer', targetId: String(id), areaId: next.areaId,
        details: { before: { areaId: row.areaId, skills: row.skills, status: row.status }, change },
      });
    });
    return this.view(id);
  }

  /** Records an activity (and optionally which session) the volunteer helped with, and for how long. */
  async recordService(actor: Actor, id: number, dto: RecordServiceDto): Promise<VolunteerView> {
    const row = await this.find(actor, id);
    if (row.status !== VolunteerStatus.Active) throw AppError.conflict('这位志愿者不在服务中，请先把状态改为“在册服务中”', RegisterError.VolunteerInactive);
    const offering = (await this.offerings.summaries([dto.offeringId])).get(dto.offeringId);
    if (!offering) throw AppError.badRequest('找不到这个活动', undefined, RegisterError.OfferingUnknown);
    try {
      await this.scope.assertAdminOf(actor, offering.area.id);
    } catch {
      throw AppError.badRequest('这个活动不在您管理的区域内', undefined, RegisterError.OfferingUnknown);
    }
    if (dto.sessionId !== undefined) {
      const sessions = await this.offerings.sessionStarts(dto.offeringId);
      if (!sessions.some((s) => s.id === dto.sessionId)) throw AppError.badRequest('这个场次不属于所选的活动', undefined, RegisterError.OfferingUnknown);
    }
    const today = shanghaiDate(this.clock.now());
    if (dto.servedOn > today) throw AppError.badRequest('服务日期不能晚于今天', undefined, RegisterError.DatesInconsistent);
    if (dto.servedOn < row.joinedOn) throw AppError.badRequest(`服务日期不能早于入册日期（${row.joinedOn}）`, undefined, RegisterError.DatesInconsistent);
    await this.db.transaction(async (m) => {
      const serviceId = await this.registers.insertService(m, {
        volunteerId: id, offeringId: dto.offeringId, sessionId: dto.sessionId ?? null, servedOn: dto.servedOn, minutes: dto.minutes, duty: dto.duty, recordedBy: actor.userId,
      });
      if (serviceId === null) throw AppError.conflict('这一场的服务已经记过了', RegisterError.ServiceRecorded);
      await this.audit.record(m, {
        ...auditedBy(actor), action: 'volunteer.service', targetType: 'volunteer', targetId: String(id), areaId: row.areaId,
        details: { serviceId, offeringId: dto.offeringId, sessionId: dto.sessionId ?? null, minutes: dto.minutes },
      });
    });
    return this.view(id);
  }

  private async find(actor: Actor, id: number): Promise<VolunteerRow> {
    const row = await this.registers.volunteerById(id);
    if (!row) throw AppError.notFound('没有找到这位志愿者');
    await this.scope.assertHolds(actor, row);
    return row;
  }

  private async view(id: number): Promise<VolunteerView> {
    const row = (await this.registers.volunteerById(id))!;
    const [people, areas, services] = await Promise.all([
      this.residents.rosterFacts([row.userId]),
      this.scope.areaSummaries([row.areaId]),
      this.registers.services(id),
    ]);
    const titles = await this.offerings.summaries(services.map((s) => s.offeringId));
    const person = people.get(row.userId);
    return {
      id: row.id,
      realName: person?.name ?? '（已注销）',
      phoneMasked: person?.phoneMasked || null,
      area: areas.get(row.areaId)!,
      skills: row.skills,
      intro: row.intro,
      status: row.status,
      joinedBy: row.joinedBy,
      joinedOn: row.joinedOn,
      totalMinutes: row.totalMinutes,
      services: services.map(
        (s): VolunteerServiceView => ({
          id: s.id,
          offering: { id: s.offeringId, title: titles.get(s.offeringId)?.title ?? '' },
          sessionId: s.sessionId,
          servedOn: s.servedOn,
          minutes: s.minutes,
          duty: s.duty,
        }),
      ),
    };
  }
}
