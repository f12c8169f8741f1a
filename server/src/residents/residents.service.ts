import {
  ageOn,
  AreaLevel,
  BindProfileRequest,
  checkIdCardNumber,
  idCardBirthDate,
  maskIdCard,
  maskName,
  maskPhone,
  Page,
  ProfileError,
  ResidentGroup,
  ResidentListItem,
  ResidentProfile as ResidentProfileView,
  Role,
  SENIOR_AGE,
  MINOR_AGE,
  shanghaiDate,
  MyDataCopy,
  GUARDIAN_CONSENT_AGE,
  GuardianError,
  GuardianSummary,
  GUARDIAN_RELATIONSHIP_LABELS,
} from '@lp/shared';
import { forwardRef, Inject, Injectable, Optional } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AreasService, toSummary } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { FieldCrypto } from '../common/field-crypto.service';
import { CLOSED_NAME, ResidentCrypto } from '../resident-keys/resident-crypto';
import { NotificationsService } from '../notifications/notifications.service';
import { UsersService } from '../users/users.service';
import { WechatClient } from '../wechat/wechat.client';
import { PhoneChecks } from './phone-checks';
import { EligibilityFacts, ResidentListFilter, ResidentsRepository } from './residents.repository';
import type { ResidentProfile } from './resident-profile.entity';
import { nameHashInput, normaliseName, REAL_NAME_PATTERN } from './resident-name';
import { personalDataShown } from '../common/personal-data';
import { GuardiansService } from '../guardians/guardians.service';


export interface ResidentListQuery {
  areaId?: number;
  q?: string;
  group?: ResidentGroup;
  cursor?: string;
  limit?: number;
}

const ID_PROBLEMS = {
  format: '身份证号格式不对，应为18位',
  birth_date: '身份证号里的出生日期不对，请核对',
  checksum: '身份证号最后一位不对，请核对',
} as const;

export type { EligibilityFacts };

/** Residents' one-time profile binding, and the masked lists administrators see. */
@Injectable()
export class ResidentsService {
  private readonly eligibility = new DataLoader<string, EligibilityFacts | null>(
    async (ids) => {
      const found = await this.residents.eligibilityFactsOf(ids);
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );

  constructor(
    private readonly residents: ResidentsRepository,
    private readonly areas: AreasService,
    private readonly users: UsersService,
    private readonly crypto: FieldCrypto,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly phoneChecks: PhoneChecks,
    private readonly dataSource: DataSource,
    private readonly residentCrypto: ResidentCrypto,
    @Inject(forwardRef(() => GuardiansService)) private readonly guardians: GuardiansService,
    /** global in the portal (WechatModule); absent in commands, which verify no phone */
    @Optional() private readonly wechat?: WechatClient,
  ) {}

  async bind(actor: Actor, req: BindProfileRequest): Promise<ResidentProfileView> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民需要绑定个人信息');
    if (await this.residents.findByUserId(actor.userId)) {
      throw AppError.conflict('您已经绑定过个人信息了', ProfileError.AlreadyBound);
    }
    this.checkBirthAndId(req);
    // 个人信息保护法 第31条: a child under 14 is added, and consented for, by a guardian
    if (ageOn(req.birthDate, shanghaiDate()) < GUARDIAN_CONSENT_AGE) {
      throw AppError.forbidden('不满14周岁的孩子不能自己注册，请爸爸妈妈等监护人在“我的 → 我的孩子”里添加', GuardianError.ChildMustBeAdded);
    }
    const home = await this.areas.community(req.communityId);
    // a retired community takes no new residents; those living there keep their profile
    if (!home || home.community.retiredAt || home.street.retiredAt) throw AppError.badRequest('请选择所在的社区或村', undefined, ProfileError.UnknownCommunity);

    // a number from WeChat's 手机号快速验证 is verified; one typed by hand is not
    const verified = req.phoneCode !== undefined;
    const phone = req.phoneCode !== undefined ? await this.verifiedPhone(actor, req.phoneCode) : req.phone;
    if (!phone) throw AppError.badRequest('请填写手机号，或点“手机号快速验证”');
    const phoneHash = this.crypto.lookupHash(phone);
    const idNumberHash = req.idNumber ? this.crypto.lookupHash(req.idNumber) : null;
    // name and numbers under the resident's own data key: closing the account destroys it
    const seal = (v: string) => this.residentCrypto.seal(actor.userId, v);
    const sealed = { realName: await seal(req.realName), phone: await seal(phone), idNumber: req.idNumber ? await seal(req.idNumber) : null };
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.claimPhone(manager, actor, phoneHash, verified);
        await this.residents.insert(manager, {
          userId: actor.userId,
          realName: sealed.realName,
          nameHash: this.nameHash(req.realName),
          phoneEnc: sealed.phone,
          phoneHash,
          phoneVerifiedAt: verified ? new Date() : null,
          idNumberEnc: sealed.idNumber,
          idNumberHash,
          birthDate: req.birthDate,
          communityId: home.community.id,
          groups: req.groups,
        });
        await this.audit.record(manager, {
          ...auditedBy(actor),
          action: 'profile.bind',
          targetType: 'resident',
          targetId: actor.userId,
          areaId: home.community.id,
        });
      });
    } catch (err) {
      throw this.uniqueViolation(err) ?? err;
    }
    return this.profile(actor);
  }

  /**
   * A bound resident confirms their phone through WeChat's 手机号快速验证: the number WeChat gives
   * becomes theirs, verified, even when another account had typed it in.
   */
  /** The number behind a 手机号快速验证 code, within the account's allowance of WeChat calls. */
  private async verifiedPhone(actor: Actor, code: string): Promise<string> {
    if (!this.wechat) throw new Error('no WeChat client here: phone numbers are verified only by the portal');
    await this.phoneChecks.take(actor.userId);
    return this.wechat.phoneNumber(code);
  }

  async verifyPhone(actor: Actor, code: string): Promise<ResidentProfileView> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民需要验证手机号');
    const own = await this.residents.findByUserId(actor.userId);
    if (!own) throw AppError.conflict('请先填写您的基本信息', ProfileError.NotBound);
    const phone = await this.verifiedPhone(actor, code);
    const phoneHash = this.crypto.lookupHash(phone);
    const phoneEnc = await this.residentCrypto.seal(actor.userId, phone);
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.claimPhone(manager, actor, phoneHash, true);
        await this.residents.setPhone(manager, actor.userId, { phoneEnc, phoneHash }, true);
        await this.audit.record(manager, {
          ...auditedBy(actor),
          action: 'profile.phone_verified',
          targetType: 'resident',
          targetId: actor.userId,
          areaId: own.communityId,
        });
      });
    } catch (err) {
      throw this.uniqueViolation(err) ?? err;
    }
    return this.profile(actor);
  }

  /**
   * Makes way for the actor to hold this number, in their transaction. A number WeChat verified
   * for the actor wins: whoever else holds it loses it and is told. A typed number is refused
   * while someone else holds it, saying whether they verified it.
   */
  private async claimPhone(manager: EntityManager, actor: Actor, phoneHash: string, verified: boolean): Promise<void> {
    const holder = await this.residents.lockPhoneHolder(manager, phoneHash);
    if (!holder || holder.userId === actor.userId) return;
    if (!verified) {
      throw holder.verified
        ? AppError.conflict('这个手机号已经由机主本人在微信里验证过了，不能再绑定。请填写您自己的手机号', ProfileError.PhoneVerifiedElsewhere)
        : AppError.conflict('这个手机号已经被其他账号绑定了。如果是您本人的号码，请点“手机号快速验证”', ProfileError.PhoneTaken);
    }
    await this.residents.clearPhone(manager, holder.userId);
    await this.notifications.notify(manager, [holder.userId], {
      title: '您的手机号已被取消',
      body: '您填写的手机号，已由机主本人通过微信验证，绑定到了另一个账号。请到“我的”里重新验证或填写您自己的手机号。',
      offeringId: null,
    });
    const home = await this.residents.findByUserId(holder.userId, manager);
    await this.audit.record(manager, {
      ...auditedBy(actor),
      action: 'profile.phone_moved',
      targetType: 'resident',
      targetId: holder.userId,
      areaId: home?.communityId ?? null,
    });
  }

  /** Leaves the resident out of (or back in) the community ranking; refused until the profile is bound. */
  async setRankingOptOut(actor: Actor, optOut: boolean): Promise<{ optOut: boolean }> {
    if (!(await this.residents.setRankingOptOut(actor.userId, optOut))) throw AppError.conflict('请先填写您的基本信息', ProfileError.NotBound);
    return { optOut };
  }

  /** The resident's real name, unmasked (for a partner the resident consented to); null before the profile is bound. */
  async realName(userId: string): Promise<string | null> {
    const p = await this.residents.findByUserId(userId);
    return p ? this.residentCrypto.open(userId, p.realName) : null;
  }

  /** Names in clear by resident, for read models that carry the sealed name (null: a closed account). */
  openNames(rows: readonly { residentId: string; name: string | null }[]): Promise<(string | null)[]> {
    return this.residentCrypto.openAll(rows.map((r) => ({ residentId: r.residentId, stored: r.name })));
  }

  /**
   * Closing the account (AccountClosureService): the name in clear for the last time (to take it out
   * of transcripts) and the profile without numbers or look-up hashes, its name sealed under the key
   * about to be destroyed. Null name: no profile was bound.
   */
  async prepareClosure(userId: string): Promise<{ name: string | null; communityId: number | null; close: (m: EntityManager) => Promise<void> }> {
    const p = await this.residents.findByUserId(userId);
    if (!p) return { name: null, communityId: null, close: async () => undefined };
    const name = await this.residentCrypto.open(userId, p.realName);
    const sealedName = ResidentCrypto.isSealed(p.realName) ? p.realName : await this.residentCrypto.seal(userId, p.realName);
    return { name, communityId: p.communityId, close: (m) => this.residents.close(m, userId, sealedName) };
  }

  /** A profile as the demo seed writes it (already encrypted and hashed), in its transaction. */
  insertProfile(m: EntityManager, profile: Partial<ResidentProfile>): Promise<void> {
    return this.residents.insertRow(m, profile);
  }

  /** Every bound resident and the community they live in, by user id. */
  homes(m: EntityManager): Promise<{ userId: string; communityId: number }[]> {
    return this.residents.homes(m);
  }

  /** The community a resident lives in now; null before the profile is bound. */
  async communityOf(userId: string, m?: EntityManager): Promise<number | null> {
    return (await this.residents.findByUserId(userId, m))?.communityId ?? null;
  }

  async profile(actor: Actor): Promise<ResidentProfileView> {
    const found = await this.residents.findByUserId(actor.userId);
    if (!found) throw AppError.notFound('您还没有绑定个人信息', ProfileError.NotBound);
    const [p] = await this.opened([found]);
    const home = await this.areas.community(p.communityId);
    if (!home) throw new Error(`resident ${p.userId} lives in a node that is not a community`);
    const age = ageOn(p.birthDate, shanghaiDate());
    return {
      realName: p.name ?? CLOSED_NAME,
      phoneMasked: p.phone ? maskPhone(p.phone) : null,
      phoneVerified: p.phoneVerifiedAt !== null,
      idNumberMasked: p.idNumber ? maskIdCard(p.idNumber) : null,
      birthDate: p.birthDate,
      age,
      isSenior: age >= SENIOR_AGE,
      community: toSummary(home.community),
      street: toSummary(home.street),
      groups: p.groups,
      boundAt: p.boundAt.toISOString(),
    };
  }

  /**
   * The resident's own profile with their phone and ID numbers readable, for the copy of their data
   * they download themselves; null before the profile is bound. Never for anyone else.
   */
  async ownCopy(actor: Actor): Promise<MyDataCopy['profile']> {
    const found = await this.residents.findByUserId(actor.userId);
    if (!found) return null;
    const [p] = await this.opened([found]);
    const home = await this.areas.community(p.communityId);
    return {
      realName: p.name ?? CLOSED_NAME,
      phone: p.phone,
      phoneVerified: p.phoneVerifiedAt !== null,
      idNumber: p.idNumber,
      birthDate: p.birthDate,
      community: home ? `${home.street.name} ${home.community.name}` : '',
      groups: p.groups,
      boundAt: p.boundAt.toISOString(),
    };
  }

  /** What enrollment needs to judge eligibility; null when the resident has not bound a profile. `m`: the caller's transaction. */
  async eligibilityFacts(userId: string, m?: EntityManager): Promise<EligibilityFacts | null> {
    const p = await this.residents.findByUserId(userId, m);
    return p ? { birthDate: p.birthDate, groups: p.groups } : null;
  }

  /**
   * A resident's birth date and groups (null: no profile yet), for the guardian check and enrollment
   * rules. Every resident asked for in the same turn of the event loop (a class's check-ins at the
   * start bell, the opening of enrollment across many offerings) shares one lean query.
   */
  eligibilityFactsNow(userId: string): Promise<EligibilityFacts | null> {
    return this.eligibility.load(userId);
  }

  /** The resident bound to this phone or ID number, found through the keyed hash (nothing is decrypted). */
  async findUserIdBy(kind: 'phone' | 'id_number', value: string): Promise<string | null> {
    const normalised = kind === 'id_number' ? value.trim().toUpperCase() : value.trim();
    return this.residents.findUserIdByHash(kind, this.crypto.lookupHash(normalised));
  }

  /** Names and masked phones for a teacher's roster: enough to call the roll, nothing more. */
  async rosterFacts(userIds: string[]): Promise<Map<string, { name: string; phoneMasked: string }>> {
    const profiles = await this.opened(await this.residents.findByUserIds(userIds));
    return new Map(profiles.map((p) => [p.userId, { name: p.name ?? CLOSED_NAME, phoneMasked: p.phone ? maskPhone(p.phone) : '' }]));
  }

  /**
   * An admin's view of the residents in their area: every personal number masked. `q` is a whole
   * name or a whole phone number, matched through its keyed hash; nothing stored is decrypted to search.
   */
  async list(actor: Actor, query: ResidentListQuery): Promise<Page<ResidentListItem>> {
    const area = await this.areas.assertAdminOf(actor, query.areaId ?? actor.areaId ?? 0);
    const filter = { ...this.searchFilter(query.q), group: query.group };
    const limit = query.limit ?? 20;
    const rows = await this.residents.listUnder(area.path, filter, decodeCursor(query.cursor), limit + 1);
    const today = shanghaiDate();
    // one query to the key store for the page's residents (the cache answers the rest)
    const page = await this.opened(rows.slice(0, limit));
    const guardians = await this.guardianSummaries(page.filter((r) => ageOn(r.birthDate, today) < MINOR_AGE).map((r) => r.userId));
    const items = page.map((r) => ({
      userId: r.userId,
      realNameMasked: maskedOrClosed(r.name),
      phoneMasked: r.phone ? maskPhone(r.phone) : null,
      idNumberMasked: r.idNumber ? maskIdCard(r.idNumber) : null,
      age: ageOn(r.birthDate, today),
      community: { id: r.communityId, name: r.communityName, level: AreaLevel.Community },
      groups: r.groups,
      guardian: guardians.get(r.userId) ?? null,
    }));
    // a search by full name or phone picks people out; the marked search endpoint logs whom it found
    if (query.q) items.forEach((i) => personalDataShown(i.userId));
    const last = rows.length > limit ? rows[limit - 1] : null;
    return { items, nextCursor: last ? encodeCursor(last.boundAt, last.userId) : null };
  }

  /**
   * Profiles with name, phone and ID number in clear, their keys fetched in one batch; null where the
   * account was closed (its key destroyed). Numbers not yet sealed are still under the field key.
   */
  private async opened<T extends { userId: string; realName: string; phoneEnc: string | null; idNumberEnc: string | null }>(
    rows: T[],
  ): Promise<(T & { name: string | null; phone: string | null; idNumber: string | null })[]> {
    const values = rows.flatMap((r) => [r.realName, r.phoneEnc, r.idNumberEnc].map((stored) => ({ residentId: r.userId, stored })));
    const opened = await this.residentCrypto.openAll(values);
    const number = (v: string | null) => (v !== null && /^v[12]\./.test(v) ? this.crypto.decrypt(v) : v);
    return rows.map((r, i) => ({ ...r, name: opened[i * 3], phone: number(opened[i * 3 + 1]), idNumber: number(opened[i * 3 + 2]) }));
  }

  /** The keyed hash a full name is searched by. */
  nameHash(realName: string): string {
    return this.crypto.lookupHash(nameHashInput(realName));
  }

  /** Gives every profile bound before name search existed its name hash; returns how many it hashed. */
  async hashMissingNames(): Promise<number> {
    let total = 0;
    let after: string | null = null;
    for (;;) {
      const batch: { seen: number; hashed: number; last: string | null } = await this.residents.hashMissingNames(1000, after, async (rows) => {
        const names = await this.residentCrypto.openAll(rows.map((r) => ({ residentId: r.userId, stored: r.realName })));
        return names.map((n) => (n === null ? null : this.nameHash(n)));
      });
      total += batch.hashed;
      if (!batch.last) return total;
      after = batch.last;
    }
  }

  /** Digits are a phone number and must be all 11 of them; anything else must read as a whole name. */
  private searchFilter(q: string | undefined): ResidentListFilter {
    if (!q) return {};
    if (/^\d+$/.test(q)) {
      if (!/^1[3-9]\d{9}$/.test(q)) throw AppError.badRequest('手机号要输入完整的11位才能查找');
      return { phoneHash: this.crypto.lookupHash(q) };
    }
    if (!REAL_NAME_PATTERN.test(normaliseName(q))) throw AppError.badRequest('请输入完整姓名或11位手机号，姓名只含汉字、字母或“·”');
    return { nameHash: this.nameHash(q) };
  }

  /** Admins set the groups a resident belongs to (e.g. after checking 失业 status). */
  async setGroups(actor: Actor, userId: string, groups: ResidentGroup[]): Promise<void> {
    const p = await this.residents.findByUserId(userId);
    if (!p) throw AppError.notFound('没有找到这位居民');
    await this.areas.assertAdminOf(actor, p.communityId);
    await this.dataSource.transaction(async (manager) => {
      await this.residents.setGroups(manager, userId, groups);
      await this.audit.record(manager, {
        ...auditedBy(actor),
        action: 'resident.groups',
        targetType: 'resident',
        targetId: userId,
        areaId: p.communityId,
        details: { before: p.groups, after: groups },
      });
    });
  }

  /**
   * Checks a child a guardian is about to add (birth date, ID number, community) and returns the
   * community the child lives in: the one given, else the guardian's own.
   */
  async checkChild(guardian: Actor, child: { birthDate: string; idNumber?: string; communityId?: number }): Promise<number> {
    this.checkBirthAndId(child);
    const guardianHome = await this.residents.findByUserId(guardian.userId);
    if (!guardianHome) throw AppError.conflict('请先填写您自己的基本信息', ProfileError.NotBound);
    const home = await this.areas.community(child.communityId ?? guardianHome.communityId);
    if (!home || home.community.retiredAt || home.street.retiredAt) throw AppError.badRequest('请选择孩子所在的社区或村', undefined, ProfileError.UnknownCommunity);
    return home.community.id;
  }

  /**
   * A child's account and profile (checked by checkChild), added by their guardian in the guardian's
   * transaction: no phone and no WeChat login of its own; the ID number, when given, encrypted like
   * everyone's. Returns the child's user id. The caller records the consent.
   */
  async addChild(
    manager: EntityManager,
    guardian: Actor,
    child: { realName: string; birthDate: string; idNumber?: string; communityId: number },
  ): Promise<string> {
    // app_user.display_name never holds a resident's name (it would outlive their data key)
    const userId = await this.users.insert(manager, { role: Role.Resident, displayName: '居民', isDemo: false, guardianManaged: true });
    // the child's name and number under the child's own data key, as every resident's
    const seal = (v: string) => this.residentCrypto.seal(userId, v);
    try {
      await this.residents.insert(manager, {
        userId,
        realName: await seal(child.realName),
        nameHash: this.nameHash(child.realName),
        phoneEnc: null,
        phoneHash: null,
        phoneVerifiedAt: null,
        idNumberEnc: child.idNumber ? await seal(child.idNumber) : null,
        idNumberHash: child.idNumber ? this.crypto.lookupHash(child.idNumber) : null,
        birthDate: child.birthDate,
        communityId: child.communityId,
        groups: [],
      });
    } catch (err) {
      throw this.uniqueViolation(err) ?? err;
    }
    await this.audit.record(manager, {
      actorId: guardian.userId,
      action: 'profile.child_added',
      targetType: 'resident',
      targetId: userId,
      areaId: child.communityId,
    });
    return userId;
  }

  /** Name, birth date and masked ID number of these residents (a guardian's children), by user id. */
  async childFacts(userIds: string[]): Promise<Map<string, { realName: string; birthDate: string; idNumberMasked: string | null }>> {
    const profiles = await this.opened(await this.residents.findByUserIds(userIds));
    return new Map(
      profiles.map((p) => [p.userId, { realName: p.name ?? CLOSED_NAME, birthDate: p.birthDate, idNumberMasked: p.idNumber ? maskIdCard(p.idNumber) : null }]),
    );
  }

  /**
   * Each child's guardian as staff see it in a list: the relationship and a masked name. Of a child's
   * two guardians, one whose consent stands (the earlier one when both do).
   */
  private async guardianSummaries(childIds: string[]): Promise<Map<string, GuardianSummary>> {
    // the one listed last wins below: withdrawn consents first, standing ones after, later-added before earlier
    const bindings = (await this.guardians.guardiansOf(childIds)).reverse().sort((a, b) => Number(a.consentGiven) - Number(b.consentGiven));
    if (bindings.length === 0) return new Map();
    const names = await this.opened(await this.residents.findByUserIds([...new Set(bindings.map((b) => b.guardianId))]));
    const nameOf = new Map(names.map((p) => [p.userId, p.name]));
    return new Map(
      bindings.map((b) => [
        b.childId,
        {
          relationship: b.relationship,
          relationshipLabel: GUARDIAN_RELATIONSHIP_LABELS[b.relationship],
          guardianNameMasked: nameOf.has(b.guardianId) ? maskedOrClosed(nameOf.get(b.guardianId) ?? null) : maskName(''),
          consentGiven: b.consentGiven,
        },
      ]),
    );
  }

  private checkBirthAndId(req: { birthDate: string; idNumber?: string }): void {
    const today = shanghaiDate();
    if (req.birthDate > today) throw AppError.badRequest('出生日期不能晚于今天');
    if (ageOn(req.birthDate, today) > 120) throw AppError.badRequest('出生日期不对，请核对');
    if (!req.idNumber) return;
    const problem = checkIdCardNumber(req.idNumber);
    if (problem) throw AppError.badRequest(ID_PROBLEMS[problem]);
    if (idCardBirthDate(req.idNumber) !== req.birthDate) {
      throw AppError.badRequest('出生日期和身份证号里的不一致，请核对');
    }
  }

  private uniqueViolation(err: unknown): AppError | null {
    if (!(err instanceof QueryFailedError)) return null;
    const constraint = (err.driverError as { constraint?: string }).constraint;
    if (constraint === 'resident_profile_phone_hash_key') {
      return AppError.conflict('这个手机号已经被其他账号绑定了。如果是您本人的号码，请点“手机号快速验证”', ProfileError.PhoneTaken);
    }
    if (constraint === 'resident_profile_id_number_hash_key') {
      return AppError.conflict('这个身份证号已经被其他账号绑定了', ProfileError.IdNumberTaken);
    }
    if (constraint === 'resident_profile_pkey') {
      return AppError.conflict('您已经绑定过个人信息了', ProfileError.AlreadyBound);
    }
    return null;
  }
}

function encodeCursor(boundAt: string, userId: string): string {
  return Buffer.from(JSON.stringify([boundAt, userId])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { boundAt: string; userId: string } | null {
  if (!cursor) return null;
  try {
    const [boundAt, userId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof boundAt === 'string' && typeof userId === 'string' && /^[0-9a-f-]{36}$/.test(userId) && /^\d{4}-\d{2}-\d{2} [\d:.]+[+-]\d{2}(:\d{2})?$/.test(boundAt)) {
      return { boundAt, userId };
    }
  } catch {
    // fall through to the refusal below
  }
  throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
}

/** A name for a list: masked, or 已注销 where the account was closed (its key, and with it the name, gone). */
function maskedOrClosed(name: string | null): string {
  return name === null ? CLOSED_NAME : maskName(name);
}
