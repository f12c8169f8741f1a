import {
  ADMIN_ROLES,
  AreaLevel,
  CriterionScore,
  DEFAULT_ORGANISATION_CRITERIA,
  DEFAULT_REVIEW_DEADLINE,
  maskPhone,
  ORGANISATION_KIND_LABELS,
  ORGANISATION_STATUS_LABELS,
  OrganisationCriteria,
  OrganisationCriterion,
  OrganisationKind,
  OrganisationListItem,
  OrganisationSettings,
  OrganisationView,
  Role,
} from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService, toSummary } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { FieldCrypto } from '../common/field-crypto.service';
import { shanghaiDay } from '../credit-rules/rule-book';
import {
  AssessOrganisationDto,
  OrganisationDetailsDto,
  OrganisationQueryDto,
  OrganisationSettingsDto,
  RegisterOrganisationDto,
  ReviewOrganisationDto,
  SaveCriteriaDto,
  SubsidyDto,
} from './dto/learning-organisation.dto';
import { LearningOrganisationsRepository, OrganisationRow } from './learning-organisations.repository';

const isAdmin = (actor: Actor) => ADMIN_ROLES.includes(actor.role);

/** Whether (month, day) is a date every year has: 2月29日 is not. */
function everyYearHas(month: number, day: number): boolean {
  const d = new Date(Date.UTC(2025, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function validDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * 学习型组织 and 学习型社团: an organisation applies (a resident, through the mini program) or an
 * admin registers it in an area node; an admin of an area above the organisation's own, who did
 * not register it, assesses it against the district's criteria for its kind and recognises (认定)
 * or returns it. Recognition is reviewed yearly and lapses when the district's date passes
 * without a review (OrganisationLapses runs that through PeriodicJobs).
 */
@Injectable()
export class LearningOrganisationsService {
  private readonly logger = new Logger(LearningOrganisationsService.name);

  constructor(
    private readonly repo: LearningOrganisationsRepository,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly crypto: FieldCrypto,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  /** An admin registers an organisation of their own area or below. */
  async register(actor: Actor, dto: RegisterOrganisationDto): Promise<OrganisationView> {
    const area = await this.areas.assertAdminOf(actor, dto.areaId);
    if (area.retiredAt) throw AppError.badRequest('这个区域已经撤销，不能再登记');
    return this.create(actor, dto);
  }

  /** A resident's application (ResidentApplications checked their community and the kind). */
  async apply(actor: Actor, dto: RegisterOrganisationDto): Promise<OrganisationView> {
    const [area] = await this.areas.findByIds([dto.areaId]);
    if (!area || area.retiredAt) throw AppError.badRequest('请选择所在的街道或社区');
    return this.create(actor, dto);
  }

  private async create(actor: Actor, dto: RegisterOrganisationDto): Promise<OrganisationView> {
    const id = await this.db.transaction(async (m) => {
      let created: string;
      try {
        created = await this.repo.insert(m, { ...this.details(dto), areaId: dto.areaId, kind: dto.kind }, actor.userId);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw AppError.conflict(`这个区域已经登记过同名的${ORGANISATION_KIND_LABELS[dto.kind]}`);
        throw err;
      }
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'learning_org.register',
        targetType: 'learning_org',
        targetId: created,
        areaId: dto.areaId,
        details: { kind: dto.kind, name: dto.name, members: dto.members.length },
      });
      return created;
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  /** The one who registered a returned or lapsed organisation sends it again, corrected. */
  async resubmit(actor: Actor, id: string, dto: OrganisationDetailsDto): Promise<OrganisationView> {
    const found = await this.repo.find(this.db.manager, id);
    if (!found || (found.registeredBy !== actor.userId && !(await this.inScope(actor, found)))) throw AppError.notFound('没有找到这个组织');
    if (found.registeredBy !== actor.userId) throw AppError.forbidden('只有登记这个组织的人可以重新提交');
    await this.db.transaction(async (m) => {
      const org = (await this.repo.find(m, id, true))!;
      if (org.status !== 'returned' && org.status !== 'lapsed') throw AppError.conflict('只有被退回或已失效的组织可以重新提交');
      try {
        await this.repo.resubmit(m, id, this.details(dto));
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw AppError.conflict(`这个区域已经登记过同名的${ORGANISATION_KIND_LABELS[org.kind]}`);
        throw err;
      }
      await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.resubmit', targetType: 'learning_org', targetId: id, areaId: org.areaId, details: {} });
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  async mine(actor: Actor): Promise<OrganisationListItem[]> {
    const rows = await this.repo.registeredBy(this.db.manager, actor.userId);
    const deadlines = await this.deadlines(rows);
    return rows.map((r) => this.item(r, deadlines.get(r.areaPath)!));
  }

  /** Organisations of the admin's area (or a part of it), those waiting for assessment first. */
  async list(actor: Actor, q: OrganisationQueryDto): Promise<OrganisationListItem[]> {
    const area = await this.areas.assertAdminOf(actor, q.areaId ?? actor.areaId ?? 0);
    const rows = await this.repo.inSubtree(this.db.manager, area.path, q.status, q.kind);
    const deadlines = await this.deadlines(rows);
    return rows.map((r) => this.item(r, deadlines.get(r.areaPath)!));
  }

  async detail(actor: Actor, id: string): Promise<OrganisationView> {
    return this.view(actor, await this.visible(actor, id));
  }

  /** 认定 or 退回, scored against the district's criteria for the kind as they are now. */
  async assess(actor: Actor, id: string, dto: AssessOrganisationDto): Promise<OrganisationView> {
    const org = await this.assessable(actor, id);
    if (dto.outcome === 'return' && !dto.reason) throw AppError.badRequest('退回时请写明原因');
    const { criteria } = await this.criteriaOf(org.areaId, org.kind);
    const scores = this.scored(criteria, dto);
    await this.db.transaction(async (m) => {
      const locked = await this.repo.find(m, id, true);
      if (!locked || locked.status !== 'applied') throw AppError.conflict('这个组织已经评估过了');
      const comment = dto.comment ?? '';
      if (dto.outcome === 'recognise') {
        await this.repo.addAssessment(m, id, actor.userId, 'recognised', scores, comment);
        await this.repo.setStatus(m, id, 'recognised', null);
        await this.repo.openRecognition(m, id, this.today());
      } else {
        await this.repo.addAssessment(m, id, actor.userId, 'returned', scores, dto.reason!);
        await this.repo.setStatus(m, id, 'returned', dto.reason!);
      }
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: dto.outcome === 'recognise' ? 'learning_org.recognise' : 'learning_org.return',
        targetType: 'learning_org',
        targetId: id,
        areaId: org.areaId,
        details: { total: scores.reduce((s, c) => s + c.score, 0), reason: dto.reason ?? null },
      });
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  /** The yearly review of a recognised organisation: its recognition holds until next year's date. */
  async review(actor: Actor, id: string, dto: ReviewOrganisationDto): Promise<OrganisationView> {
    const org = await this.assessable(actor, id);
    const { criteria } = await this.criteriaOf(org.areaId, org.kind);
    const scores = this.scored(criteria, dto);
    await this.db.transaction(async (m) => {
      const locked = await this.repo.find(m, id, true);
      if (!locked || locked.status !== 'recognised') throw AppError.conflict('只有已认定的组织需要年度复核');
      await this.repo.addAssessment(m, id, actor.userId, 'reviewed', scores, dto.comment ?? '');
      await this.repo.markReviewed(m, id, this.today());
      await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.review', targetType: 'learning_org', targetId: id, areaId: org.areaId, details: {} });
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  /** Every kind's criteria in the admin's district. */
  async allCriteria(actor: Actor): Promise<OrganisationCriteria[]> {
    const districtId = await this.districtOfActor(actor);
    return Promise.all(Object.keys(ORGANISATION_KIND_LABELS).map((kind) => this.criteriaIn(districtId, kind as OrganisationKind)));
  }

  /** The super-admin sets a kind's criteria; assessments already made keep what they were scored against. */
  async saveCriteria(actor: Actor, kind: OrganisationKind, dto: SaveCriteriaDto): Promise<OrganisationCriteria> {
    const districtId = await this.districtOfActor(actor);
    if (!ORGANISATION_KIND_LABELS[kind]) throw AppError.badRequest('没有这种组织类型');
    const titles = new Set(dto.criteria.map((c) => c.title));
    if (titles.size !== dto.criteria.length) throw AppError.badRequest('评分项有重复，请合并');
    await this.db.transaction(async (m) => {
      await this.repo.replaceCriteria(m, districtId, kind, dto.criteria);
      await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.criteria', targetType: 'area', targetId: String(districtId), areaId: districtId, details: { kind, criteria: dto.criteria } });
    });
    return this.criteriaIn(districtId, kind);
  }

  async settings(actor: Actor): Promise<OrganisationSettings> {
    return this.settingsOf(await this.districtOfActor(actor));
  }

  async saveSettings(actor: Actor, dto: OrganisationSettingsDto): Promise<OrganisationSettings> {
    const districtId = await this.districtOfActor(actor);
    if (!everyYearHas(dto.reviewMonth, dto.reviewDay)) throw AppError.badRequest(`${dto.reviewMonth}月没有${dto.reviewDay}日（每年都要有这一天，2月请选28日以前）`);
    await this.db.transaction(async (m) => {
      await this.repo.saveSettings(m, districtId, dto.reviewMonth, dto.reviewDay, actor.userId);
      await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.settings', targetType: 'area', targetId: String(districtId), areaId: districtId, details: { ...dto } });
    });
    return this.settingsOf(districtId);
  }

  /** 社团 only: a subsidy received, recorded by an admin of its area or above. */
  async addSubsidy(actor: Actor, id: string, dto: SubsidyDto): Promise<OrganisationView> {
    const org = await this.visible(actor, id, true);
    if (org.kind !== 'society') throw AppError.badRequest('只有学习型社团登记补助经费');
    if (!validDay(dto.grantedOn)) throw AppError.badRequest('发放日期不是有效的日期');
    if (dto.grantedOn > this.today()) throw AppError.badRequest('发放日期不能晚于今天');
    if (dto.grantedOn < '2000-01-01') throw AppError.badRequest('发放日期太早了');
    await this.db.transaction(async (m) => {
      await this.repo.addSubsidy(m, id, dto.amountFen, dto.grantedOn, dto.source, actor.userId);
      await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.subsidy', targetType: 'learning_org', targetId: id, areaId: org.areaId, details: { ...dto } });
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  /** 社团 only: an activity it runs, from the catalogue of the admin's area. */
  async linkActivity(actor: Actor, id: string, offeringId: number): Promise<OrganisationView> {
    const org = await this.visible(actor, id, true);
    if (org.kind !== 'society') throw AppError.badRequest('只有学习型社团关联开展的活动');
    const offering = await this.repo.offering(this.db.manager, offeringId);
    if (!offering) throw AppError.notFound('没有找到这个活动');
    const own = await this.areas.get(actor.areaId ?? 0);
    if (!offering.areaPath.startsWith(own.path)) throw AppError.outOfScope('这个活动不在您管理的区域内');
    await this.db.transaction(async (m) => {
      if (await this.repo.linkActivity(m, id, offeringId, actor.userId)) {
        await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.link_activity', targetType: 'learning_org', targetId: id, areaId: org.areaId, details: { offeringId } });
      }
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  async unlinkActivity(actor: Actor, id: string, offeringId: number): Promise<OrganisationView> {
    const org = await this.visible(actor, id, true);
    await this.db.transaction(async (m) => {
      if (!(await this.repo.unlinkActivity(m, id, offeringId))) throw AppError.notFound('这个活动没有关联在本社团');
      await this.audit.record(m, { ...auditedBy(actor), action: 'learning_org.unlink_activity', targetType: 'learning_org', targetId: id, areaId: org.areaId, details: { offeringId } });
    });
    return this.view(actor, (await this.repo.find(this.db.manager, id))!);
  }

  /**
   * The demo district's organisations, in the seeder's transaction: registered by `registeredBy`,
   * and when `recognisedBy` is given recognised on `recognisedOn` against the default criteria.
   */
  async storeDemo(
    m: EntityManager,
    org: { areaId: number; kind: OrganisationKind; name: string; contactName: string; contactPhone: string; members: string[]; plan: string },
    registeredBy: string,
    recognition: { by: string; on: string } | null,
  ): Promise<string> {
    const id = await this.repo.insert(m, { ...this.details(org), areaId: org.areaId, kind: org.kind }, registeredBy);
    if (recognition) {
      const scores = DEFAULT_ORGANISATION_CRITERIA.map((c) => ({ ...c, score: c.maxScore - 2, comment: '' }));
      await this.repo.addAssessment(m, id, recognition.by, 'recognised', scores, '材料齐全，活动经常');
      await this.repo.setStatus(m, id, 'recognised', null);
      await this.repo.openRecognition(m, id, recognition.on);
    }
    return id;
  }

  /** The periodic lapse: ends every recognition whose yearly review is overdue today. */
  async lapseOverdue(): Promise<number> {
    const lapsed = await this.db.transaction((m) => this.repo.lapseOverdue(m, this.today(), DEFAULT_REVIEW_DEADLINE.month, DEFAULT_REVIEW_DEADLINE.day));
    if (lapsed.length) this.logger.log({ lapsed: lapsed.length }, 'learning organisations lapsed: yearly review missed');
    return lapsed.length;
  }

  private today(): string {
    return shanghaiDay(this.clock.now());
  }

  private details(dto: OrganisationDetailsDto) {
    return { name: dto.name, contactName: dto.contactName, contactPhoneEnc: this.crypto.encrypt(dto.contactPhone), members: dto.members, plan: dto.plan };
  }

  private async inScope(actor: Actor, org: OrganisationRow): Promise<boolean> {
    if (!isAdmin(actor) || actor.areaId === null) return false;
    const [own] = await this.areas.findByIds([actor.areaId]);
    return !!own && org.areaPath.startsWith(own.path);
  }

  /** An admin sees the organisations of their subtree; anyone else only those they registered. */
  private async visible(actor: Actor, id: string, adminOnly = false): Promise<OrganisationRow> {
    const org = await this.repo.find(this.db.manager, id);
    if (!org) throw AppError.notFound('没有找到这个组织');
    if (isAdmin(actor)) {
      await this.areas.assertAdminOf(actor, org.areaId);
      return org;
    }
    if (adminOnly || org.registeredBy !== actor.userId) throw AppError.notFound('没有找到这个组织');
    return org;
  }

  /**
   * Whether the actor assesses this organisation: an admin of an area strictly above its own (the
   * super-admin for an organisation of the district itself), never the one who registered it.
   */
  private async canAssess(actor: Actor, org: OrganisationRow): Promise<boolean> {
    if (!isAdmin(actor) || actor.areaId === null || actor.userId === org.registeredBy) return false;
    const [own] = await this.areas.findByIds([actor.areaId]);
    if (!own) return false;
    if (org.areaParentId === null) return actor.role === Role.SuperAdmin && own.id === org.areaId;
    return own.id !== org.areaId && org.areaPath.startsWith(own.path);
  }

  private async assessable(actor: Actor, id: string): Promise<OrganisationRow> {
    const org = await this.visible(actor, id, true);
    if (actor.userId === org.registeredBy) throw AppError.forbidden('登记这个组织的人不能评估它，请由上一级区域的管理员评估');
    if (!(await this.canAssess(actor, org))) throw AppError.forbidden('学习型组织由它所在区域的上一级管理员评估');
    return org;
  }

  private scored(criteria: OrganisationCriterion[], dto: ReviewOrganisationDto): CriterionScore[] {
    if (dto.scores.length !== criteria.length) throw AppError.badRequest(`请对全部${criteria.length}个评分项逐项打分`);
    return criteria.map((c, i) => {
      const s = dto.scores[i];
      if (s.score > c.maxScore) throw AppError.badRequest(`“${c.title}”满分${c.maxScore}分，得分不能超过它`);
      return { title: c.title, maxScore: c.maxScore, score: s.score, comment: s.comment };
    });
  }

  private async districtOfActor(actor: Actor): Promise<number> {
    if (!isAdmin(actor) || actor.areaId === null) throw AppError.forbidden();
    const districtId = await this.areas.districtOf(actor.areaId);
    if (districtId === null) throw AppError.notFound('没有找到这个区域');
    return districtId;
  }

  private async criteriaOf(areaId: number, kind: OrganisationKind): Promise<OrganisationCriteria> {
    const districtId = await this.areas.districtOf(areaId);
    return this.criteriaIn(districtId ?? 0, kind);
  }

  private async criteriaIn(districtId: number, kind: OrganisationKind): Promise<OrganisationCriteria> {
    const saved = await this.repo.criteria(this.db.manager, districtId, kind);
    return {
      kind,
      kindLabel: ORGANISATION_KIND_LABELS[kind],
      isDefault: saved.length === 0,
      criteria: saved.length ? saved : DEFAULT_ORGANISATION_CRITERIA.map((c) => ({ id: null, ...c })),
    };
  }

  private async settingsOf(districtId: number): Promise<OrganisationSettings> {
    const [district] = await this.areas.findByIds([districtId]);
    const saved = await this.repo.settings(this.db.manager, districtId);
    return {
      district: toSummary(district),
      reviewMonth: saved?.reviewMonth ?? DEFAULT_REVIEW_DEADLINE.month,
      reviewDay: saved?.reviewDay ?? DEFAULT_REVIEW_DEADLINE.day,
      isDefault: !saved,
    };
  }

  /** The review date of each row's district, by the row's area path. */
  private async deadlines(rows: OrganisationRow[]): Promise<Map<string, { month: number; day: number }>> {
    const out = new Map<string, { month: number; day: number }>();
    const byDistrict = new Map<number, { month: number; day: number }>();
    for (const r of rows) {
      if (out.has(r.areaPath)) continue;
      const districtId = (await this.areas.districtOf(r.areaId)) ?? 0;
      if (!byDistrict.has(districtId)) {
        const s = await this.repo.settings(this.db.manager, districtId);
        byDistrict.set(districtId, { month: s?.reviewMonth ?? DEFAULT_REVIEW_DEADLINE.month, day: s?.reviewDay ?? DEFAULT_REVIEW_DEADLINE.day });
      }
      out.set(r.areaPath, byDistrict.get(districtId)!);
    }
    return out;
  }

  private item(r: OrganisationRow, deadline: { month: number; day: number }): OrganisationListItem {
    return {
      id: r.id,
      kind: r.kind,
      kindLabel: ORGANISATION_KIND_LABELS[r.kind],
      name: r.name,
      area: { id: r.areaId, name: r.areaName, level: r.areaLevel as AreaLevel },
      status: r.status,
      statusLabel: ORGANISATION_STATUS_LABELS[r.status],
      memberCount: r.members.length,
      recognisedOn: r.recognisedOn,
      reviewDueOn: r.status === 'recognised' && r.lastReviewedOn ? `${Number(r.lastReviewedOn.slice(0, 4)) + 1}-${two(deadline.month)}-${two(deadline.day)}` : null,
      lapsedOn: r.status === 'lapsed' ? r.lapsedOn : null,
      submittedAt: r.createdAt.toISOString(),
    };
  }

  private async view(actor: Actor, r: OrganisationRow): Promise<OrganisationView> {
    const m: EntityManager = this.db.manager;
    const [deadlines, assessments, subsidies, activities, canAssess] = await Promise.all([
      this.deadlines([r]),
      this.repo.assessments(m, r.id),
      this.repo.subsidies(m, r.id),
      this.repo.activities(m, r.id),
      this.canAssess(actor, r),
    ]);
    return {
      ...this.item(r, deadlines.get(r.areaPath)!),
      contactName: r.contactName,
      contactPhone: maskPhone(this.crypto.decrypt(r.contactPhoneEnc)),
      members: r.members,
      plan: r.plan,
      returnReason: r.returnReason,
      canAssess: canAssess && (r.status === 'applied' || r.status === 'recognised'),
      canResubmit: r.registeredBy === actor.userId && (r.status === 'returned' || r.status === 'lapsed'),
      assessments: assessments.map((a) => ({
        id: a.id,
        outcome: a.outcome,
        assessorName: a.assessorName,
        scores: a.scores,
        totalScore: a.scores.reduce((s, c) => s + c.score, 0),
        maxScore: a.scores.reduce((s, c) => s + c.maxScore, 0),
        comment: a.comment,
        at: a.createdAt.toISOString(),
      })),
      subsidies: subsidies.map((s) => ({ id: s.id, amountFen: Number(s.amountFen), grantedOn: s.grantedOn, source: s.source, recordedAt: s.createdAt.toISOString() })),
      activities: activities.map((a) => ({ offeringId: a.offeringId, title: a.title, startsAt: a.startsAt?.toISOString() ?? null })),
    };
  }
}
