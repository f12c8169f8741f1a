import {
  AccountTakenOver,
  AddChildRequest,
  ageOn,
  ChildHandover,
  ChildView,
  GUARDIAN_CONSENT_AGE,
  GUARDIAN_READ_UNTIL_AGE,
  GuardianError,
  MINOR_AGE,
  MyDataCopy,
  GUARDIAN_INVITATION_HOURS,
  GUARDIAN_RELATIONSHIP_LABELS,
  GUARDIANS_PER_CHILD,
  GuardianInvitation,
  JoinAsGuardianRequest,
  maskName,
  PRIVACY_TEXT_VERSION,
  Role,
  shanghaiDate,
} from '@lp/shared';
import { forwardRef, Inject, Injectable, Optional } from '@nestjs/common';
import { createHash, randomInt } from 'node:crypto';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter, takeOrRefuse } from '../redis/shared-limiter';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { ResidentsService } from '../residents/residents.service';
import { AccountChanges } from '../users/account-changes';
import { UsersService } from '../users/users.service';
import { GuardianBindingRepository, GuardianBindingRow } from './guardian-binding.repository';

/**
 * Birth dates never change once bound (a profile is bound once; closing an account keeps the date),
 * so the guard asks the database once per resident and process, and nothing needs telling other
 * nodes. A resident without a profile is not kept: the answer is asked for again once they bind.
 */
const BIRTH_DATES_KEPT = 100_000;
/** Invitation codes a resident may try in an hour: 8 digits are then out of reach of guessing. */
const JOIN_TRIES_PER_HOUR = 10;

/** Only a hash of an invitation code is kept; the code itself is worthless once used or expired. */
const invitationHash = (code: string) => createHash('sha256').update(`lp guardian invitation:${code}`).digest('hex');
const handoverHash = (code: string) => createHash('sha256').update(`lp account handover:${code}`).digest('hex');
const eightDigits = () => String(randomInt(0, 100_000_000)).padStart(8, '0');

/**
 * Children under 14 and their guardians (个人信息保护法 第28、31条). A guardian adds a child and
 * consents first; while no consent stands, a child under 14 cannot act. `assertMayAct` is the one
 * check every path a resident acts on goes through (GuardianGuard for the resident's own requests,
 * the services for staff acting on a resident, such as 代签 and nominations).
 */
@Injectable()
export class GuardiansService {
  private readonly birthDates = new Map<string, string>();
  private readonly joinTries: RateLimiterAbstract;

  constructor(
    private readonly bindings: GuardianBindingRepository,
    @Inject(forwardRef(() => ResidentsService)) private readonly residents: ResidentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accountChanges: AccountChanges,
    @Optional() @Inject(REDIS) redis: OptionalRedis | undefined,
  ) {
    this.joinTries = sharedLimiter(redis ?? null, 'guardian-join', JOIN_TRIES_PER_HOUR, 3600);
  }

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
   * A guardian of the child (whose own consent stands) invites the child's other guardian: a
   * one-time 8-digit code, good for GUARDIAN_INVITATION_HOURS. Refused once the child has
   * GUARDIANS_PER_CHILD guardians.
   */
  async invite(actor: Actor, childId: string): Promise<GuardianInvitation> {
    await this.assertAdultGuardian(actor);
    const binding = await this.bindingFor(actor, childId);
    if (!binding.consentGiven) throw AppError.conflict('请先重新同意，再邀请另一位监护人', GuardianError.ConsentRequired);
    if ((await this.bindings.guardiansOf([childId])).length >= GUARDIANS_PER_CHILD) throw tooManyGuardians();
    const code = eightDigits();
    const expiresAt = new Date(this.clock.now().getTime() + GUARDIAN_INVITATION_HOURS * 3600_000);
    await this.dataSource.transaction(async (m) => {
      await this.bindings.insertInvitation(m, childId, actor.userId, invitationHash(code), expiresAt);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'guardian.invite',
        targetType: 'resident',
        targetId: childId,
        areaId: await this.residents.communityOf(childId, m),
        details: { expiresAt: expiresAt.toISOString() },
      });
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The invited guardian enters the code and gives their own consent: they become the child's
   * guardian too, and either may act for the child. Refused for a wrong, used or expired code (a
   * stranger has none), for staff and minors, for the child, for one already the child's guardian,
   * and beyond GUARDIANS_PER_CHILD. Tries are limited per resident.
   */
  async join(actor: Actor, req: JoinAsGuardianRequest): Promise<ChildView> {
    await this.assertAdultGuardian(actor);
    if (!req.consent) throw AppError.badRequest('请先阅读并同意《隐私政策》中关于孩子个人信息的说明', undefined, GuardianError.ConsentRequired);
    await takeOrRefuse(this.joinTries, actor.userId, '邀请码试的次数太多了', GuardianError.InvitationGuesses);
    const now = this.clock.now();
    const row = await this.dataSource.transaction(async (m) => {
      const invitation = await this.bindings.lockUsableInvitation(m, invitationHash(req.code.trim()), now);
      if (!invitation) throw AppError.notFound('邀请码不对或已经过期，请让孩子的另一位监护人重新生成', GuardianError.InvitationInvalid);
      if (invitation.childId === actor.userId) throw AppError.forbidden('不能做自己的监护人', GuardianError.AlreadyGuardian);
      const guardians = await this.bindings.lockGuardiansOf(m, invitation.childId);
      if (guardians.some((g) => g.guardianId === actor.userId)) throw AppError.conflict('您已经是这个孩子的监护人了', GuardianError.AlreadyGuardian);
      if (guardians.length >= GUARDIANS_PER_CHILD) throw tooManyGuardians();
      const birthDate = await this.birthDateOf(invitation.childId);
      if (birthDate && ageOn(birthDate, shanghaiDate(now)) >= GUARDIAN_READ_UNTIL_AGE) throw notYourChild();
      const inserted = await this.bindings.insert(
        m,
        { childId: invitation.childId, guardianId: actor.userId, relationship: req.relationship, consentGiven: true, privacyTextVersion: PRIVACY_TEXT_VERSION },
        now,
      );
      await this.bindings.markInvitationUsed(m, invitation.id, actor.userId, now);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'guardian.joined',
        targetType: 'resident',
        targetId: invitation.childId,
        areaId: await this.residents.communityOf(invitation.childId, m),
        details: { invitedBy: invitation.invitedBy, relationship: req.relationship, privacyTextVersion: PRIVACY_TEXT_VERSION },
      });
      return inserted;
    });
    return (await this.views([row]))[0];
  }


  /**
   * A guardian hands a child of 14 or older their own account: a one-time 8-digit code (good for
   * GUARDIAN_INVITATION_HOURS) the child enters after logging in with their own WeChat.
   */
  async issueHandover(actor: Actor, childId: string): Promise<ChildHandover> {
    await this.assertAdultGuardian(actor);
    await this.bindingFor(actor, childId);
    const birthDate = await this.birthDateOf(childId);
    if (!birthDate || ageOn(birthDate, this.today()) < GUARDIAN_CONSENT_AGE) {
      throw AppError.forbidden('孩子满14周岁后，才能把账户交给孩子自己管理', GuardianError.HandoverTooYoung);
    }
    const code = eightDigits();
    const expiresAt = new Date(this.clock.now().getTime() + GUARDIAN_INVITATION_HOURS * 3600_000);
    await this.dataSource.transaction(async (m) => {
      await this.bindings.insertHandover(m, childId, actor.userId, handoverHash(code), expiresAt);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'guardian.handover_issued',
        targetType: 'resident',
        targetId: childId,
        areaId: await this.residents.communityOf(childId, m),
        details: { expiresAt: expiresAt.toISOString() },
      });
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The child, logged in with their own WeChat (a fresh account with no profile), enters the handover
   * code: the WeChat identity moves to the child's account (the fresh one is closed, and that login
   * logged out), which is then no longer guardian-managed, and every guardian's binding ends. The
   * child's records, ledger and statistics stay where they were: it is the same account.
   */
  async takeOver(actor: Actor, code: string): Promise<AccountTakenOver> {
    if (actor.role !== Role.Resident || actor.guardianId) throw AppError.forbidden('请用孩子自己的微信登录后再输入', GuardianError.ActingNotAllowed);
    if (await this.birthDateOf(actor.userId)) {
      throw AppError.conflict('这个微信已经有自己的账户了。请用还没有填写过信息的微信登录，再输入交接码', GuardianError.HandoverNeedsFreshLogin);
    }
    await takeOrRefuse(this.joinTries, actor.userId, '交接码试的次数太多了', GuardianError.InvitationGuesses);
    const now = this.clock.now();
    const childId = await this.dataSource.transaction(async (m) => {
      const handover = await this.bindings.useHandover(m, handoverHash(code.trim()), now);
      if (!handover) throw AppError.notFound('交接码不对或已经过期，请让监护人重新生成', GuardianError.HandoverInvalid);
      const birthDate = await this.birthDateOf(handover.childId);
      if (!birthDate || ageOn(birthDate, shanghaiDate(now)) < GUARDIAN_CONSENT_AGE) {
        throw AppError.forbidden('孩子满14周岁后，才能接收自己的账户', GuardianError.HandoverTooYoung);
      }
      if (!(await this.users.moveWechatToChild(m, actor.userId, handover.childId))) {
        throw AppError.conflict('这个账户已经交接过了，或者这个微信不能接收', GuardianError.HandoverNeedsFreshLogin);
      }
      const guardians = await this.bindings.endBindings(m, handover.childId, now);
      await this.audit.record(m, {
        actorId: handover.childId,
        action: 'account.handover',
        targetType: 'resident',
        targetId: handover.childId,
        areaId: await this.residents.communityOf(handover.childId, m),
        details: { issuedBy: handover.issuedBy, guardians, loggedInAs: actor.userId },
      });
      return handover.childId;
    });
    // the login the code was entered with is closed: logged out everywhere now
    await this.accountChanges.announce();
    const facts = (await this.residents.childFacts([childId])).get(childId);
    return { userId: childId, realName: facts?.realName ?? '' };
  }

  /**
   * The actor a guardian's request for `childId` runs as: the child, with the guardian named.
   * Refused (404) unless the child is the guardian's own and under 18; a child of 14 or older acts
   * alone, so the guardian may then only read (`acts` false). An action for a child under 14 needs
   * this guardian's own standing consent, in the binding just read (another guardian's is not theirs).
   */
  async actingFor(guardian: Actor, childId: string, acts: boolean): Promise<Actor> {
    if (guardian.role !== Role.Resident || guardian.guardianId) throw AppError.forbidden('只有监护人本人可以为孩子操作', GuardianError.ActingNotAllowed);
    const binding = await this.bindingFor(guardian, childId);
    const birthDate = await this.birthDateOf(childId);
    if (acts && birthDate && ageOn(birthDate, this.today()) >= GUARDIAN_CONSENT_AGE) {
      throw AppError.forbidden('孩子已满14周岁，报名、签到等请孩子自己操作；您还可以查看孩子的学习记录', GuardianError.ChildActsAlone);
    }
    // acting is processing under this guardian's own consent: one who withdrew it may only read,
    // whether or not another guardian's consent stands
    if (acts && !binding.consentGiven) {
      throw AppError.forbidden('您已撤回同意，要为孩子报名、签到等，请先在“我的孩子”里重新同意', GuardianError.ConsentRequired);
    }
    return { userId: childId, role: Role.Resident, schoolId: null, areaId: null, guardianId: guardian.userId };
  }

  /**
   * The one check before a resident is acted on (enrolls, checks in, learns, gets a transcript, is
   * nominated, shares with a partner, takes a copy of their data): a resident under 14 needs a
   * guardian's standing consent. Refuses with 403 before anything is written.
   */
  async assertMayAct(residentId: string, actsAloneFrom?: string): Promise<void> {
    // their token says when they turn 14 (from the birth date bound before it was issued): from then on there is nothing to look up
    if (actsAloneFrom !== undefined && this.today() >= actsAloneFrom) return;
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
    // residents not kept yet are asked for together, with every other asked for in the same turn of the event loop
    const birthDate = (await this.residents.eligibilityFactsNow(residentId))?.birthDate;
    if (!birthDate) return null;
    if (this.birthDates.size >= BIRTH_DATES_KEPT) this.birthDates.clear();
    this.birthDates.set(residentId, birthDate);
    return birthDate;
  }

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  private async views(rows: GuardianBindingRow[]): Promise<ChildView[]> {
    const all = await this.bindings.guardiansOf(rows.map((r) => r.childId));
    const facts = await this.residents.childFacts([...new Set([...rows.map((r) => r.childId), ...all.map((b) => b.guardianId)])]);
    const today = this.today();
    return rows.flatMap((r) => {
      const f = facts.get(r.childId);
      if (!f) return [];
      const age = ageOn(f.birthDate, today);
      const guardians = all.filter((b) => b.childId === r.childId);
      const others = guardians.filter((b) => b.guardianId !== r.guardianId);
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
          otherGuardians: others.map((b) => ({
            relationshipLabel: GUARDIAN_RELATIONSHIP_LABELS[b.relationship],
            nameMasked: maskName(facts.get(b.guardianId)?.realName ?? ''),
            consentGiven: b.consentGiven,
          })),
          mayInvite: guardians.length < GUARDIANS_PER_CHILD && r.consentGiven && age < GUARDIAN_READ_UNTIL_AGE,
        },
      ];
    });
  }
}

function tooManyGuardians(): AppError {
  return AppError.conflict(`一个孩子最多有${GUARDIANS_PER_CHILD}位监护人，不能再添加`, GuardianError.TooManyGuardians);
}

function notYourChild(): AppError {
  return AppError.notFound('没有找到这个孩子，只能为自己添加的孩子操作', GuardianError.NotYourChild);
}
