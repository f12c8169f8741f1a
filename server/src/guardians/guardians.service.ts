import {
  AddChildRequest,
  ageOn,
  ChildView,
  GUARDIAN_CONSENT_AGE,
  GUARDIAN_READ_UNTIL_AGE,
  GuardianError,
  MINOR_AGE,
  MyDataCopy,
  GUARDIAN_RELATIONSHIP_LABELS,
  PRIVACY_TEXT_VERSION,
  Role,
  shanghaiDate,
} from '@lp/shared';
import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ResidentsService } from '../residents/residents.service';
import { GuardianBindingRepository, GuardianBindingRow } from './guardian-binding.repository';

/** Birth dates never change once bound, so the guard asks the database once per resident and process. */
const BIRTH_DATES_KEPT = 100_000;

/**
 * Children under 14 and their guardians (个人信息保护法 第28、31条). A guardian adds a child and
 * consents first; while no consent stands, a child under 14 cannot act. `assertMayAct` is the one
 * check every path a resident acts on goes through (GuardianGuard for the resident's own requests,
 * the services for staff acting on a resident, such as 代签 and nominations).
 */
@Injectable()
export class GuardiansService {
  private readonly birthDates = new Map<string, string>();

  constructor(
    private readonly bindings: GuardianBindingRepository,
    @Inject(forwardRef(() => ResidentsService)) private readonly residents: ResidentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  async addChild(actor: Actor, req: AddChildRequest): Promise<ChildView> {
    await this.assertAdultGuardian(actor);
    if (!req.consent) throw AppError.badRequest('请先阅读并同意《隐私政策》中关于孩子个人信息的说明', undefined, GuardianError.ConsentRequired);
    const today = this.today();
    if (req.birthDate <= today && ageOn(req.birthDate, today) >= GUARDIAN_CONSENT_AGE) {
      throw AppError.badRequest('孩子已满14周岁，请孩子用自己的微信登录注册', undefined, GuardianError.ChildActsAlone);
    }
    const communityId = await this.residents.checkChild(actor, req);
    const at = this.clock.now();
    const binding = await this.dataSource.transaction(async (m) => {
      const childId = await this.residents.addChild(m, actor, { ...req, communityId });
      const row = await this.bindings.insert(
        m,
        { childId, guardianId: actor.userId, relationship: req.relationship, consentGiven: true, privacyTextVersion: PRIVACY_TEXT_VERSION },
        at,
      );
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'guardian.consent_given',
        targetType: 'resident',
        targetId: childId,
        areaId: communityId,
        details: { relationship: req.relationship, privacyTextVersion: PRIVACY_TEXT_VERSION },
      });
      return row;
    });
    return (await this.views([binding]))[0];
  }

  /** My children under 18, with the state of my consent for each. */
  async children(actor: Actor): Promise<ChildView[]> {
    const rows = await this.bindings.childrenOf(actor.userId);
    return (await this.views(rows)).filter((c) => c.age < GUARDIAN_READ_UNTIL_AGE);
  }

  /** Gives or withdraws my consent for one of my children; withdrawn, the child's account is frozen. */
  async setConsent(actor: Actor, childId: string, given: boolean): Promise<ChildView> {
    await this.bindingFor(actor, childId);
    const row = await this.dataSource.transaction(async (m) => {
      const updated = await this.bindings.setConsent(m, actor.userId, childId, given, PRIVACY_TEXT_VERSION, this.clock.now());
      if (!updated) throw notYourChild();
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: given ? 'guardian.consent_given' : 'guardian.consent_withdrawn',
        targetType: 'resident',
        targetId: childId,
        areaId: await this.residents.communityOf(childId, m),
        details: { privacyTextVersion: PRIVACY_TEXT_VERSION },
      });
      return updated;
    });
    return (await this.views([row]))[0];
  }

  /**
   * The actor a guardian's request for `childId` runs as: the child, with the guardian named.
   * Refused (404) unless the child is the guardian's own and under 18; a child of 14 or older acts
   * alone, so the guardian may then only read (`acts` false).
   */
  async actingFor(guardian: Actor, childId: string, acts: boolean): Promise<Actor> {
    if (guardian.role !== Role.Resident || guardian.guardianId) throw AppError.forbidden('只有监护人本人可以为孩子操作', GuardianError.ActingNotAllowed);
    await this.bindingFor(guardian, childId);
    const birthDate = await this.birthDateOf(childId);
    if (acts && birthDate && ageOn(birthDate, this.today()) >= GUARDIAN_CONSENT_AGE) {
      throw AppError.forbidden('孩子已满14周岁，报名、签到等请孩子自己操作；您还可以查看孩子的学习记录', GuardianError.ChildActsAlone);
    }
    return { userId: childId, role: Role.Resident, schoolId: null, areaId: null, guardianId: guardian.userId };
  }

  /**
   * The one check before a resident is acted on (enrolls, checks in, learns, gets a transcript, is
   * nominated, shares with a partner, takes a copy of their data): a resident under 14 needs a
   * guardian's standing consent. Refuses with 403 before anything is written.
   */
  async assertMayAct(residentId: string): Promise<void> {
    const birthDate = await this.birthDateOf(residentId);
    // no profile yet: nothing is known, and each action that needs a profile asks for it
    if (!birthDate || ageOn(birthDate, this.today()) >= GUARDIAN_CONSENT_AGE) return;
    if (await this.bindings.consentStands(residentId)) return;
    throw AppError.forbidden('不满14周岁的孩子需要监护人在“我的 → 我的孩子”里同意后才能使用，请让爸爸妈妈帮您操作', GuardianError.ConsentRequired);
  }

  /** For a resident's copy of their data: their guardians (as a child) and their children (as a guardian). */
  async guardianshipCopy(userId: string): Promise<MyDataCopy['guardianship']> {
    const rows = await this.bindings.bindingsOf(userId);
    return rows.map((r) => ({
      role: r.childId === userId ? ('guardian' as const) : ('child' as const),
      userId: r.childId === userId ? r.guardianId : r.childId,
      relationship: GUARDIAN_RELATIONSHIP_LABELS[r.relationship],
      consentGiven: r.consentGiven,
      privacyTextVersion: r.privacyTextVersion,
      decidedAt: r.decidedAt.toISOString(),
    }));
  }

  /** Each child's guardians, for staff lists (the residents feature masks the names). */
  async guardiansOf(childIds: string[]): Promise<GuardianBindingRow[]> {
    return this.bindings.guardiansOf(childIds);
  }

  private async bindingFor(guardian: Actor, childId: string): Promise<GuardianBindingRow> {
    const row = await this.bindings.find(guardian.userId, childId);
    if (!row) throw notYourChild();
    const birthDate = await this.birthDateOf(childId);
    if (birthDate && ageOn(birthDate, this.today()) >= GUARDIAN_READ_UNTIL_AGE) throw notYourChild();
    return row;
  }

  private async assertAdultGuardian(actor: Actor): Promise<void> {
    if (actor.role !== Role.Resident || actor.guardianId) throw AppError.forbidden('只有居民本人可以添加孩子', GuardianError.ActingNotAllowed);
    const birthDate = await this.birthDateOf(actor.userId);
    if (!birthDate) throw AppError.conflict('请先填写您自己的基本信息，再添加孩子', GuardianError.NotAnAdult);
    if (ageOn(birthDate, this.today()) < MINOR_AGE) throw AppError.forbidden('监护人须年满18周岁', GuardianError.NotAnAdult);
  }

  private async birthDateOf(residentId: string): Promise<string | null> {
    const kept = this.birthDates.get(residentId);
    if (kept) return kept;
    const facts = await this.residents.eligibilityFacts(residentId);
    if (!facts) return null;
    if (this.birthDates.size >= BIRTH_DATES_KEPT) this.birthDates.clear();
    this.birthDates.set(residentId, facts.birthDate);
    return facts.birthDate;
  }

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  private async views(rows: GuardianBindingRow[]): Promise<ChildView[]> {
    const facts = await this.residents.childFacts(rows.map((r) => r.childId));
    const today = this.today();
    return rows.flatMap((r) => {
      const f = facts.get(r.childId);
      if (!f) return [];
      const age = ageOn(f.birthDate, today);
      return [
        {
          userId: r.childId,
          realName: f.realName,
          birthDate: f.birthDate,
          age,
          relationship: r.relationship,
          idNumberMasked: f.idNumberMasked,
          consentGiven: r.consentGiven,
          decidedAt: r.decidedAt.toISOString(),
          privacyTextVersion: r.privacyTextVersion,
          actsAlone: age >= GUARDIAN_CONSENT_AGE,
        },
      ];
    });
  }
}

function notYourChild(): AppError {
  return AppError.notFound('没有找到这个孩子，只能为自己添加的孩子操作', GuardianError.NotYourChild);
}
