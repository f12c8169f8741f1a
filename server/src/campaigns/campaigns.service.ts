import {
  ADMIN_ROLES,
  AreaLevel,
  CAMPAIGN_KIND_LABELS,
  CampaignDateRule,
  CampaignKind,
  CampaignListItem,
  campaignRuleDate,
  campaignRuleProblems,
  CampaignRuleSettings,
  CampaignView,
  DEFAULT_OPEN_DAY_RULE,
  describeCampaignRule,
  OfferingCampaignChoice,
  Role,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiDay } from '../credit-rules/rule-book';
import { assertOwnSchool, teacherSchool } from '../offerings/offerings.service';
import { CampaignDetailsDto, CampaignQueryDto, CampaignRuleDto, CreateCampaignDto } from './dto/campaign.dto';
import { CampaignInput, CampaignOfferingRow, CampaignRow, CampaignsRepository } from './campaigns.repository';

/** Whether a YYYY-MM-DD string names a real calendar day. */
function realDay(day: string | undefined): day is string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400_000);

/** A related area: one inside the other's subtree, either way round. */
const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * 活动周, 开放日 and other campaigns: an admin creates one for their area (or a node below) and a
 * year, publishes it, and gathers published offerings of the area into it; a teacher brings their
 * own offering into a published campaign of its area. 开放日 may take its day from the district's
 * rule, which only the district's super-admin changes; a year's day may be set by hand, and
 * campaigns that follow the rule move with it. Anyone may read a published campaign and its figures.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  async list(actor: Actor, q: CampaignQueryDto): Promise<CampaignListItem[]> {
    const area = await this.areas.assertAdminOf(actor, q.areaId ?? actor.areaId ?? 0);
    return (await this.repo.related(this.db.manager, area.path, q.year)).map(item);
  }

  async create(actor: Actor, dto: CreateCampaignDto): Promise<CampaignView> {
    const area = await this.areas.assertAdminOf(actor, dto.areaId);
    if (area.retiredAt) throw AppError.badRequest('这个区域已经撤销，不能再办活动');
    const input = await this.input(dto, dto.kind, area.id);
    const id = await this.db.transaction(async (m) => {
      const created = await this.repo.insert(m, area.id, dto.kind, input, actor.userId);
      await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.create', targetType: 'campaign', targetId: String(created), areaId: area.id, details: { kind: dto.kind, ...input } });
      return created;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, id: number, dto: CampaignDetailsDto): Promise<CampaignView> {
    const campaign = await this.editable(actor, id);
    const input = await this.input(dto, campaign.kind, campaign.areaId);
    await this.db.transaction(async (m) => {
      await this.repo.find(m, id, true);
      await this.repo.update(m, id, input);
      await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.update', targetType: 'campaign', targetId: String(id), areaId: campaign.areaId, details: { ...input } });
    });
    return this.detail(actor, id);
  }

  async setPublished(actor: Actor, id: number, published: boolean): Promise<CampaignView> {
    const campaign = await this.editable(actor, id);
    const status = published ? 'published' : 'draft';
    if (campaign.status !== status) {
      await this.db.transaction(async (m) => {
        await this.repo.setStatus(m, id, status);
        await this.audit.record(m, { ...auditedBy(actor), action: `campaign.${status}`, targetType: 'campaign', targetId: String(id), areaId: campaign.areaId, details: {} });
      });
    }
    return this.detail(actor, id);
  }

  /** A campaign of the admin's area, above it or below it, with its activities and figures. */
  async detail(actor: Actor, id: number): Promise<CampaignView> {
    const { campaign, own } = await this.visible(actor, id);
    return { ...(await this.view(campaign)), editable: campaign.areaPath.startsWith(own) };
  }

  /** An admin of the campaign's area or below brings a published offering of their own area into it. */
  async addActivity(actor: Actor, id: number, offeringId: number): Promise<CampaignView> {
    const { campaign } = await this.visible(actor, id);
    const offering = await this.offeringOf(actor, offeringId, campaign);
    if (offering.status !== 'published') throw AppError.badRequest('只有已发布的课程或活动可以加入');
    await this.db.transaction(async (m) => {
      if (await this.repo.addActivity(m, id, offeringId, actor.userId)) {
        await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.add_activity', targetType: 'campaign', targetId: String(id), areaId: offering.areaId, details: { offeringId } });
      }
    });
    return this.detail(actor, id);
  }

  async removeActivity(actor: Actor, id: number, offeringId: number): Promise<CampaignView> {
    const { campaign } = await this.visible(actor, id);
    const offering = await this.offeringOf(actor, offeringId, campaign);
    await this.db.transaction(async (m) => {
      if (await this.repo.removeActivity(m, id, offeringId)) {
        await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.remove_activity', targetType: 'campaign', targetId: String(id), areaId: offering.areaId, details: { offeringId } });
      }
    });
    return this.detail(actor, id);
  }

  /** The published campaigns, not yet over, that a teacher's offering may join, and which it has. */
  async choices(actor: Actor, offeringId: number): Promise<OfferingCampaignChoice[]> {
    const offering = await this.ownOffering(actor, offeringId);
    const m = this.db.manager;
    const [open, joined] = await Promise.all([this.repo.published(m, offering.areaPath, this.today(), false), this.repo.joinedBy(m, offeringId)]);
    return open.map((c) => ({ campaign: item(c), joined: joined.includes(c.id) }));
  }

  /** A teacher joins their own published offering into a published campaign of its area. */
  async join(actor: Actor, offeringId: number, campaignId: number): Promise<OfferingCampaignChoice[]> {
    const offering = await this.ownOffering(actor, offeringId);
    if (offering.status !== 'published') throw AppError.badRequest('课程或活动发布以后才能加入主题活动');
    const campaign = await this.repo.find(this.db.manager, campaignId);
    if (!campaign || campaign.status !== 'published') throw AppError.notFound('没有找到这个主题活动');
    if (!offering.areaPath.startsWith(campaign.areaPath)) throw AppError.badRequest('这个主题活动不在您课程所在的区域');
    if (campaign.endsOn < this.today()) throw AppError.badRequest('这个主题活动已经结束了');
    await this.db.transaction(async (m) => {
      if (await this.repo.addActivity(m, campaignId, offeringId, actor.userId)) {
        await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.join', targetType: 'campaign', targetId: String(campaignId), areaId: offering.areaId, details: { offeringId } });
      }
    });
    return this.choices(actor, offeringId);
  }

  async leave(actor: Actor, offeringId: number, campaignId: number): Promise<OfferingCampaignChoice[]> {
    const offering = await this.ownOffering(actor, offeringId);
    await this.db.transaction(async (m) => {
      if (await this.repo.removeActivity(m, campaignId, offeringId)) {
        await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.leave', targetType: 'campaign', targetId: String(campaignId), areaId: offering.areaId, details: { offeringId } });
      }
    });
    return this.choices(actor, offeringId);
  }

  /** Published campaigns not yet over: all of them, or those of one area, the nodes above it and below it. */
  async publicList(areaId: number | undefined): Promise<CampaignListItem[]> {
    let path: string | null = null;
    if (areaId !== undefined) {
      const [area] = await this.areas.findByIds([areaId]);
      if (!area) throw AppError.notFound('没有找到这个区域');
      path = area.path;
    }
    return (await this.repo.published(this.db.manager, path, this.today(), true)).map(item);
  }

  async publicDetail(id: number): Promise<CampaignView> {
    const campaign = await this.repo.find(this.db.manager, id);
    if (!campaign || campaign.status !== 'published') throw AppError.notFound('没有找到这个主题活动');
    return this.view(campaign);
  }

  async ruleSettings(actor: Actor): Promise<CampaignRuleSettings> {
    return this.settingsOf(await this.districtOfActor(actor));
  }

  /** The district's super-admin changes the rule; campaigns that follow it move to its new days (a year set by hand stays). */
  async saveRule(actor: Actor, dto: CampaignRuleDto): Promise<CampaignRuleSettings> {
    const district = await this.districtOfActor(actor);
    const rule: CampaignDateRule = { kind: dto.kind, month: dto.month, n: dto.n, weekday: dto.weekday };
    const problems = campaignRuleProblems(rule);
    if (problems.length > 0) throw AppError.badRequest(problems[0], problems);
    await this.db.transaction(async (m) => {
      await this.repo.saveRule(m, district.id, rule, actor.userId);
      const overrides = await this.repo.overrides(m, district.id);
      for (const year of await this.repo.yearsFollowingRule(m, district.path)) {
        await this.repo.followRule(m, district.path, year, overrides.get(year) ?? campaignRuleDate(rule, year));
      }
      await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.rule', targetType: 'area', targetId: String(district.id), areaId: district.id, details: { ...rule } });
    });
    return this.settingsOf(district);
  }

  /** Sets one year's 开放日 by hand, or (null) hands it back to the rule. */
  async setYear(actor: Actor, year: number, day: string | null): Promise<CampaignRuleSettings> {
    const district = await this.districtOfActor(actor);
    if (day !== null && (!realDay(day) || Number(day.slice(0, 4)) !== year)) throw AppError.badRequest(`请填写${year}年里的一天`);
    await this.db.transaction(async (m) => {
      await this.repo.setOverride(m, district.id, year, day, actor.userId);
      const rule = (await this.repo.rule(m, district.id)) ?? DEFAULT_OPEN_DAY_RULE;
      await this.repo.followRule(m, district.path, year, day ?? campaignRuleDate(rule, year));
      await this.audit.record(m, { ...auditedBy(actor), action: 'campaign.rule_year', targetType: 'area', targetId: String(district.id), areaId: district.id, details: { year, day } });
    });
    return this.settingsOf(district);
  }

  /** The demo district's 活动周, published with its activities, in the seeder's transaction. */
  async seedDemo(
    m: EntityManager,
    d: { areaId: number; createdBy: string; title: string; description: string; startsOn: string; endsOn: string; offeringIds: number[] },
  ): Promise<number> {
    const input = { title: d.title, description: d.description, year: Number(d.startsOn.slice(0, 4)), startsOn: d.startsOn, endsOn: d.endsOn, followsRule: false };
    const id = await this.repo.insert(m, d.areaId, 'learning_week', input, d.createdBy);
    await this.repo.setStatus(m, id, 'published');
    for (const offeringId of d.offeringIds) await this.repo.addActivity(m, id, offeringId, d.createdBy);
    return id;
  }

  /** The district's 开放日 of a year: the day set by hand, else the rule's. */
  private async districtDay(m: EntityManager, areaId: number, year: number): Promise<string> {
    const districtId = await this.areas.districtOf(areaId);
    if (districtId === null) throw AppError.notFound('没有找到这个区域');
    const override = (await this.repo.overrides(m, districtId)).get(year);
    return override ?? campaignRuleDate((await this.repo.rule(m, districtId)) ?? DEFAULT_OPEN_DAY_RULE, year);
  }

  /** The dates a form asks for, checked; a 开放日 following the rule takes the district's day. */
  private async input(dto: CampaignDetailsDto, kind: CampaignKind, areaId: number): Promise<CampaignInput> {
    const base = { title: dto.title, description: dto.description, year: dto.year, followsRule: dto.followsRule };
    if (dto.followsRule) {
      if (kind !== 'open_day') throw AppError.badRequest(`只有开放日可以按全区规定的日子，${CAMPAIGN_KIND_LABELS[kind]}请填写日期`);
      const day = await this.districtDay(this.db.manager, areaId, dto.year);
      return { ...base, startsOn: day, endsOn: day };
    }
    if (!realDay(dto.startsOn)) throw AppError.badRequest('开始日期不对');
    if (!realDay(dto.endsOn)) throw AppError.badRequest('结束日期不对');
    if (Number(dto.startsOn.slice(0, 4)) !== dto.year) throw AppError.badRequest(`开始日期应在${dto.year}年里`);
    const span = daysBetween(dto.startsOn, dto.endsOn);
    if (span < 0) throw AppError.badRequest('结束日期不能早于开始日期');
    if (span > 60) throw AppError.badRequest('一次主题活动最长两个月');
    return { ...base, startsOn: dto.startsOn, endsOn: dto.endsOn };
  }

  /** The campaign if its area is the admin's own or below it: only those admins change it. */
  private async editable(actor: Actor, id: number): Promise<CampaignRow> {
    const { campaign, own } = await this.visible(actor, id);
    if (!campaign.areaPath.startsWith(own)) throw AppError.outOfScope('这是上级区域的活动，您不能修改');
    return campaign;
  }

  /** A campaign an admin may see: of their area, above it or below it. Others are told it does not exist. */
  private async visible(actor: Actor, id: number): Promise<{ campaign: CampaignRow; own: string }> {
    if (!ADMIN_ROLES.includes(actor.role) || actor.areaId === null) throw AppError.forbidden();
    const [campaign, [own]] = await Promise.all([this.repo.find(this.db.manager, id), this.areas.findByIds([actor.areaId])]);
    if (!campaign) throw AppError.notFound('没有找到这个主题活动');
    if (!own || !related(own.path, campaign.areaPath)) throw AppError.outOfScope();
    return { campaign, own: own.path };
  }

  /** An offering the admin manages that lies inside the campaign's area. */
  private async offeringOf(actor: Actor, offeringId: number, campaign: CampaignRow): Promise<CampaignOfferingRow> {
    const offering = await this.repo.offering(this.db.manager, offeringId);
    if (!offering) throw AppError.notFound('没有找到这个课程或活动');
    await this.areas.assertAdminOf(actor, offering.areaId);
    if (!offering.areaPath.startsWith(campaign.areaPath)) throw AppError.badRequest('这个课程不在本次活动的区域里');
    return offering;
  }

  private async ownOffering(actor: Actor, offeringId: number): Promise<CampaignOfferingRow> {
    if (actor.role !== Role.Teacher) throw AppError.forbidden();
    teacherSchool(actor);
    const offering = await this.repo.offering(this.db.manager, offeringId);
    if (!offering) throw AppError.notFound('没有找到这个课程或活动');
    // the row says whose school the offering is: no second read of the offering
    assertOwnSchool(actor, offering.schoolId);
    return offering;
  }

  private async districtOfActor(actor: Actor): Promise<{ id: number; name: string; level: AreaLevel; path: string }> {
    if (actor.areaId === null) throw AppError.forbidden();
    const districtId = await this.areas.districtOf(actor.areaId);
    const [district] = districtId === null ? [] : await this.areas.findByIds([districtId]);
    if (!district) throw AppError.notFound('没有找到这个区域');
    return district;
  }

  private async settingsOf(district: { id: number; name: string; level: AreaLevel }): Promise<CampaignRuleSettings> {
    const m = this.db.manager;
    const [stored, overrides] = await Promise.all([this.repo.rule(m, district.id), this.repo.overrides(m, district.id)]);
    const rule = stored ?? DEFAULT_OPEN_DAY_RULE;
    const thisYear = Number(this.today().slice(0, 4));
    const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((year) => {
      const ruleDate = campaignRuleDate(rule, year);
      const overrideDate = overrides.get(year) ?? null;
      return { year, ruleDate, overrideDate, date: overrideDate ?? ruleDate };
    });
    return {
      district: { id: district.id, name: district.name, level: district.level },
      rule,
      ruleText: describeCampaignRule(rule),
      isDefault: stored === null,
      years,
    };
  }

  private async view(campaign: CampaignRow): Promise<CampaignView> {
    const m = this.db.manager;
    const [activities, figures] = await Promise.all([this.repo.activities(m, campaign.id), this.repo.figures(m, campaign.id)]);
    return { ...item(campaign), description: campaign.description, activities, figures };
  }

  private today(): string {
    return shanghaiDay(this.clock.now());
  }
}

function item(c: CampaignRow): CampaignListItem {
  return {
    id: c.id,
    area: { id: c.areaId, name: c.areaName, level: c.areaLevel as AreaLevel },
    kind: c.kind,
    title: c.title,
    year: c.year,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    followsRule: c.followsRule,
    status: c.status,
    activityCount: c.activityCount,
  };
}
