import {
  AchievementView,
  CATEGORY_LABELS,
  Category,
  CategoryRule,
  CreditEstimate,
  CreditRuleError,
  DEFAULT_CREDIT_RULES,
  Role,
  RuleSetVersions,
  RuleSetVersionView,
  RuleSetView,
  cappedGrant,
  creditsForMinutes,
  ruleSetChanges,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { CreditRulesRepository } from './credit-rules.repository';
import { RuleSetInputDto } from './dto/rule-set.dto';
import { RuleBook, shanghaiDay, shanghaiYear } from './rule-book';

/** 转换规则: versioned per district, effective from a date, never rewritten once published. */
@Injectable()
export class CreditRulesService {
  constructor(
    private readonly repo: CreditRulesRepository,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  /** Every version of a district's rules, oldest first (anyone may read them). */
  async list(areaId?: number): Promise<RuleSetView[]> {
    const id = areaId ? await this.areas.districtOf(areaId) : await this.defaultDistrict();
    if (!id) throw AppError.notFound('没有找到这个区域');
    return this.repo.ruleSets(this.db, [id]);
  }

  /** The rules that apply to learning in these districts, for granting inside a transaction. */
  async book(m: EntityManager, districtIds: number[]): Promise<RuleBook> {
    return new RuleBook(await this.repo.ruleSets(m, districtIds));
  }

  yearTotals = (m: EntityManager, residentIds: string[], years: number[]) => this.repo.yearTotals(m, residentIds, years);

  /** Every yearly total of these residents that is not zero, any year (the ledger replay compares them). */
  grantedTotals = (m: EntityManager, residentIds: string[]) => this.repo.grantedTotals(m, residentIds);

  addToYearTotals = (m: EntityManager, deltas: { residentId: string; year: number; category: string; deltaMilli: number }[]) =>
    this.repo.addToYearTotals(m, deltas);

  /**
   * The versions of the caller's district, newest first, each placed on today's calendar: the one
   * in force, those it replaced (with their last day) and those still to come.
   */
  async versions(actor: Actor): Promise<RuleSetVersions> {
    if (actor.areaId === null) throw AppError.forbidden();
    const districtId = await this.areas.districtOf(actor.areaId);
    if (!districtId) throw AppError.notFound('没有找到这个区域');
    const district = await this.areas.get(districtId);
    const today = shanghaiDay(this.clock.now());
    const sets = await this.repo.ruleSets(this.db, [districtId]);
    const current = new RuleBook(sets).at(districtId, today);
    const versions: RuleSetVersionView[] = sets.map((s, i) => {
      const next = sets[i + 1];
      const state = s.effectiveFrom > today ? 'scheduled' : s.id === current?.id ? 'in_force' : 'superseded';
      return { ...s, state, effectiveUntil: next ? dayBefore(next.effectiveFrom) : null };
    });
    return {
      districtId,
      districtName: district.name,
      today,
      earliestEffectiveFrom: dayAfter(today),
      canPublish: actor.areaId === districtId,
      versions: versions.reverse(),
    };
  }

  /**
   * Publishes a new version. It applies from a future day only: learning done until then keeps the
   * credits the rules of its own day gave it (the ledger replays each record under the version in
   * force on the day it happened), so nothing already granted is re-credited.
   */
  async create(actor: Actor, districtId: number, dto: RuleSetInputDto): Promise<RuleSetView> {
    const district = await this.areas.assertAdminOf(actor, districtId);
    if (district.level !== 'district' || actor.areaId !== district.id) throw AppError.forbidden('只有区级管理员可以发布转换规则', CreditRuleError.DistrictOnly);
    const today = shanghaiDay(this.clock.now());
    const parsed = new Date(`${dto.effectiveFrom}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== dto.effectiveFrom) {
      throw AppError.badRequest('生效日期不是有效的日期', undefined, CreditRuleError.EffectiveDateInvalid);
    }
    if (dto.effectiveFrom <= today) {
      throw AppError.badRequest(`新规则只能从明天（${dayAfter(today)}）或以后开始生效，已经记的学分不会改变`, undefined, CreditRuleError.EffectiveDateNotFuture);
    }
    const categories = dto.rules.map((r) => r.category);
    const missing = Object.values(Category).filter((c) => !categories.includes(c));
    if (new Set(categories).size !== categories.length) throw AppError.badRequest('同一学习类别只能有一条折算规则', undefined, CreditRuleError.CategoryRepeated);
    if (missing.length) throw AppError.badRequest(`还缺这些类别的折算规则：${missing.map((c) => CATEGORY_LABELS[c]).join('、')}`, undefined, CreditRuleError.CategoryMissing);
    const codes = dto.achievements.map((a) => a.code);
    if (new Set(codes).size !== codes.length) throw AppError.badRequest('成果编码不能重复', undefined, CreditRuleError.AchievementRepeated);
    const existing = await this.repo.ruleSets(this.db, [districtId]);
    if (existing.some((s) => s.effectiveFrom === dto.effectiveFrom)) throw dateTaken(dto.effectiveFrom);
    // the version it follows on that day: a new one must change something
    const previous = new RuleBook(existing).at(districtId, dto.effectiveFrom);
    const changes = previous ? ruleSetChanges(previous, { ...dto, note: dto.note ?? '' }) : [];
    if (previous && !changes.length) throw AppError.badRequest(`这一版和第 ${previous.version} 版完全一样，没有要改的内容`, undefined, CreditRuleError.Unchanged);
    const id = await this.db
      .transaction(async (m) => {
        const made = await this.repo.insert(
          m,
          { districtId, effectiveFrom: dto.effectiveFrom, overallYearlyCapMilli: dto.overallYearlyCapMilli, note: dto.note ?? '', createdBy: actor.userId },
          dto.rules,
          dto.achievements,
        );
        await this.audit.record(m, {
          ...auditedBy(actor),
          action: 'credit_rules.publish',
          targetType: 'credit_rule_set',
          targetId: String(made),
          areaId: districtId,
          details: { effectiveFrom: dto.effectiveFrom, follows: previous?.id ?? null, changes },
        });
        return made;
      })
      .catch((err: unknown) => {
        // two admins publishing for the same day at once: the second meets the unique date
        if ((err as { code?: string }).code === '23505') throw dateTaken(dto.effectiveFrom);
        throw err;
      });
    const sets = await this.repo.ruleSets(this.db, [districtId]);
    return sets.find((s) => s.id === id)!;
  }

  /**
   * A district's first rule set, from a given day (the demo district and new deployments start
   * with the default rules; later versions go through create()).
   */
  async publishInitial(m: EntityManager, districtId: number, effectiveFrom: string): Promise<number> {
    const d = DEFAULT_CREDIT_RULES;
    return this.insertRuleSet(m, { districtId, effectiveFrom, overallYearlyCapMilli: d.overallYearlyCapMilli, note: d.explanations.join('\n'), createdBy: null }, d.rules, d.achievements);
  }

  /** "What would these hours be worth" under today's rules; for a resident, also the room left this year. */
  async estimate(actor: Actor | undefined, q: { category: Category; minutes: number; districtId?: number }): Promise<CreditEstimate> {
    const resident = actor?.role === Role.Resident ? actor.userId : null;
    const districtId = q.districtId ?? (resident ? await this.districtOfResident(resident) : null) ?? (await this.defaultDistrict());
    const now = this.clock.now();
    const set = new RuleBook(await this.repo.ruleSets(this.db, [districtId])).at(districtId, shanghaiDay(now));
    if (!set) throw AppError.notFound('这个区还没有发布学分转换规则');
    const rule = RuleBook.rule(set, q.category);
    const worth = rule ? creditsForMinutes(q.minutes, rule) : 0;
    let room: number | null = null;
    if (resident && rule) {
      const year = shanghaiYear(now);
      const totals = await this.repo.yearTotals(this.db, [resident], [year]);
      const used = (c?: string) => totals.filter((t) => !c || t.category === c).reduce((s, t) => s + t.grantedMilli, 0);
      room = cappedGrant(Number.MAX_SAFE_INTEGER, { category: rule.yearlyCapMilli - used(q.category), overall: set.overallYearlyCapMilli - used() });
    }
    return { ruleSetVersion: set.version, category: q.category, minutes: q.minutes, creditsMilli: room === null ? worth : Math.min(worth, room), roomMilli: room };
  }

  /** Inserts the next version of a district's rules, holding the district's row so versions never collide. */
  private async insertRuleSet(
    m: EntityManager,
    v: { districtId: number; effectiveFrom: string; overallYearlyCapMilli: number; note: string; createdBy: string | null },
    rules: CategoryRule[],
    achievements: AchievementView[],
  ): Promise<number> {
    await this.areas.lockNode(m, v.districtId);
    return this.repo.insert(m, v, rules, achievements);
  }

  /** The district of the resident's community; null before the profile is bound. */
  private async districtOfResident(residentId: string): Promise<number | null> {
    return this.repo.districtOfResident(residentId);
  }

  private async defaultDistrict(): Promise<number> {
    const [first] = await this.areas.districts();
    if (!first) throw AppError.notFound('还没有设置区');
    return first.id;
  }
}

const dateTaken = (day: string) => AppError.conflict(`${day} 已经有一版规则生效了，请换一天`, CreditRuleError.EffectiveDateTaken);

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
