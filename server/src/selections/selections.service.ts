import {
  ageOn,
  AreaLevel,
  maskPersonName,
  maskPhone,
  NominationView,
  NominatorKind,
  NomineeConsent,
  ObjectionReceipt,
  ObjectionView,
  Role,
  SELECTION_KIND_NAMES,
  SELECTION_LIMITS,
  SelectionNotice,
  SelectionRules,
  SelectionView,
} from '@lp/shared';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { FieldCrypto } from '../common/field-crypto.service';
import { shanghaiDay } from '../credit-rules/rule-book';
import { NotificationsService } from '../notifications/notifications.service';
import { GuardiansService } from '../guardians/guardians.service';
import { ResidentsService } from '../residents/residents.service';
import { UploadReviewers } from '../uploads/upload-reviewers';
import { UploadsService } from '../uploads/uploads.service';
import { CreateSelectionDto, NominateDto, ObjectionDto, SelectionRulesDto } from './dto/selection.dto';
import { NominationRecord, SelectionRecord, SelectionsRepository } from './selections.repository';
import { personalDataShown } from '../common/personal-data';
import { NomineeLookups } from './nominee-lookups';

const ADMINS: Role[] = [Role.Admin, Role.SuperAdmin];
const HOUR_MS = 3_600_000;
/** 公示 lasts at least this many days (first and last included). */
const NOTICE_MIN_DAYS = 5;

function isDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 138****5678 for a phone; otherwise the first and last two characters. */
function maskContact(contact: string): string {
  if (/^1\d{10}$/.test(contact)) return maskPhone(contact);
  const chars = [...contact];
  return chars.length <= 4 ? '*'.repeat(chars.length) : `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

/**
 * 百姓学习之星 and 终身学习品牌项目 评选: an area admin opens a selection with a quota and dates; a
 * community admin, a school's staff or the resident themself nominates; a resident nominated by
 * someone else consents first (their learning record reaches reviewers only then); the area admin
 * selects up to the quota and gives a reason for each refusal; 公示 on a public page with 异议; then
 * the final list, by the admin or by the periodic job once 公示 has ended. Residents who opted out
 * of rankings are never nominated by others and never listed.
 */
@Injectable()
export class SelectionsService implements OnModuleInit {
  private readonly logger = new Logger(SelectionsService.name);

  constructor(
    private readonly repo: SelectionsRepository,
    private readonly areas: AreasService,
    private readonly uploads: UploadsService,
    private readonly uploadReviewers: UploadReviewers,
    private readonly notifications: NotificationsService,
    private readonly residents: ResidentsService,
    private readonly audit: AuditService,
    private readonly crypto: FieldCrypto,
    private readonly clock: Clock,
    private readonly db: DataSource,
    private readonly nomineeLookups: NomineeLookups,
    private readonly guardians: GuardiansService,
  ) {}

  /** The reviewers of a selection may open the photos attached to its nominations. */
  onModuleInit(): void {
    this.uploadReviewers.register((uploadId) => this.repo.photoAreas(this.db.manager, uploadId));
  }

  private today(): string {
    return shanghaiDay(this.clock.now());
  }

  // ---- the district's eligibility rules ----

  async rules(actor: Actor): Promise<SelectionRules[]> {
    const districtId = await this.ownDistrict(actor);
    const stored = await this.repo.rules(this.db.manager, districtId);
    return (['star', 'brand'] as const).map(
      (kind) => stored.find((r) => r.kind === kind) ?? { kind, excludeWinnersYears: null, minMinutes: null, minAge: null, maxAge: null },
    );
  }

  async saveRules(actor: Actor, dto: SelectionRulesDto): Promise<SelectionRules> {
    const districtId = await this.ownDistrict(actor);
    const own = await this.areas.get(actor.areaId ?? 0);
    if (own.level !== AreaLevel.District) throw AppError.forbidden('评选条件由区里统一设定，请联系区级管理员');
    const rules: SelectionRules = {
      kind: dto.kind,
      excludeWinnersYears: dto.excludeWinnersYears ?? null,
      minMinutes: dto.minMinutes ?? null,
      minAge: dto.minAge ?? null,
      maxAge: dto.maxAge ?? null,
    };
    if (rules.minAge !== null && rules.maxAge !== null && rules.minAge > rules.maxAge) throw AppError.badRequest('最小年龄不能大于最大年龄');
    await this.db.transaction(async (m) => {
      await this.repo.saveRules(m, districtId, rules, actor.userId);
      await this.audit.record(m, { ...auditedBy(actor), action: 'selection.rules', targetType: 'selection_rule', targetId: `${districtId}:${rules.kind}`, areaId: districtId, details: { ...rules } });
    });
    return rules;
  }

  // ---- selections ----

  async create(actor: Actor, dto: CreateSelectionDto): Promise<SelectionView> {
    const area = await this.areas.assertAdminOf(actor, dto.areaId);
    for (const day of [dto.nominateFrom, dto.nominateUntil, dto.noticeStart, dto.noticeEnd]) {
      if (!isDay(day)) throw AppError.badRequest(`${day} 不是有效的日期`);
    }
    if (dto.nominateFrom > dto.nominateUntil) throw AppError.badRequest('推荐截止日期不能早于开始日期');
    if (dto.noticeStart <= dto.nominateUntil) throw AppError.badRequest('公示要在推荐截止以后开始');
    if (daysBetween(dto.noticeStart, dto.noticeEnd) + 1 < NOTICE_MIN_DAYS) throw AppError.badRequest(`公示期至少${NOTICE_MIN_DAYS}天`);
    if (dto.noticeEnd < this.today()) throw AppError.badRequest('公示结束日期已经过去了');
    const districtId = Number(area.path.split('/')[1]);
    const id = await this.db.transaction(async (m) => {
      try {
        const created = await this.repo.insertSelection(m, { ...dto, areaId: area.id, districtId, createdBy: actor.userId });
        await this.audit.record(m, { ...auditedBy(actor), action: 'selection.create', targetType: 'selection', targetId: String(created), areaId: area.id, details: { kind: dto.kind, year: dto.year, quota: dto.quota } });
        return created;
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw AppError.conflict(`${area.name}${dto.year}年已经有${SELECTION_KIND_NAMES[dto.kind]}评选了`);
        throw err;
      }
    });
    return (await this.repo.selection(this.db.manager, id))!.view;
  }

  async list(actor: Actor, areaId: number | undefined): Promise<SelectionView[]> {
    const area = await this.areas.assertAdminOf(actor, areaId ?? actor.areaId ?? 0);
    return (await this.repo.selectionsIn(this.db.manager, area.path)).map((s) => s.view);
  }

  async detail(actor: Actor, id: number): Promise<SelectionView> {
    return (await this.administered(actor, id)).view;
  }

  /** Selections the caller may nominate for today: a resident's by home, a teacher's by school, an admin's by area. */
  async openForMe(actor: Actor): Promise<SelectionView[]> {
    let path: string | null = null;
    if (actor.role === Role.Resident) path = (await this.repo.resident(this.db.manager, actor.userId))?.communityPath ?? null;
    else if (actor.role === Role.Teacher && actor.schoolId !== null) path = await this.repo.schoolPath(this.db.manager, actor.schoolId);
    else if (ADMINS.includes(actor.role) && actor.areaId !== null) {
      const own = await this.areas.get(actor.areaId);
      const open = await this.repo.openFor(this.db.manager, own.path, this.today());
      const below = (await this.repo.selectionsIn(this.db.manager, own.path)).filter((s) => s.view.status === 'open' && this.inWindow(s));
      const seen = new Set(open.map((s) => s.id));
      return [...open, ...below.filter((s) => !seen.has(s.id))].map((s) => s.view);
    }
    if (!path) return [];
    return (await this.repo.openFor(this.db.manager, path, this.today())).map((s) => s.view);
  }

  // ---- nominations ----

  async nominate(actor: Actor, selectionId: number, dto: NominateDto): Promise<NominationView> {
    const sel = await this.repo.selection(this.db.manager, selectionId);
    if (!sel) throw AppError.notFound('没有找到这项评选');
    const nominatorKind = await this.nominatorKind(actor, sel);
    if (sel.view.status !== 'open' || !this.inWindow(sel)) {
      throw AppError.conflict(`现在不在推荐时间内（${sel.view.nominateFrom} 至 ${sel.view.nominateUntil}）`);
    }
    const photos = await this.checkPhotos(actor, dto.photoUploadIds ?? []);
    const subject = sel.view.kind === 'star' ? await this.starNominee(actor, sel, nominatorKind, dto) : await this.brandProject(actor, sel, nominatorKind, dto);
    // a child under 14 is nominated only with a guardian's standing consent, whoever nominates
    if (subject.nomineeId) await this.guardians.assertMayAct(subject.nomineeId);
    const id = await this.db.transaction(async (m) => {
      let created: number;
      try {
        created = await this.repo.insertNomination(m, {
          selectionId: sel.id,
          nomineeId: subject.nomineeId,
          projectName: subject.projectName,
          communityId: subject.communityId,
          nominatedBy: actor.userId,
          nominatorKind,
          story: dto.story,
          photoUploadIds: photos,
          consent: subject.consent,
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw AppError.conflict(subject.nomineeId ? '这位居民已经被推荐过了，不用重复推荐' : '这个项目已经被推荐过了，不用重复推荐');
        }
        throw err;
      }
      if (subject.consent === 'pending' && subject.nomineeId) {
        await this.notifications.notify(m, [subject.nomineeId], {
          title: `有人推荐您参加“${sel.view.title}”`,
          body: '您同意后，评审人员才会看到您的学习记录，入选后您的事迹会公示（姓名只显示部分）。请到“我的评选”里选择同意或不同意。',
          offeringId: null,
        });
      }
      return created;
    });
    return this.view((await this.repo.nomination(this.db.manager, id))!, actor);
  }

  /** Nominations the caller made or is the nominee of. */
  async mine(actor: Actor): Promise<NominationView[]> {
    const rows = await this.repo.nominationsAbout(this.db.manager, actor.userId);
    return Promise.all(rows.map((n) => this.view(n, actor)));
  }

  async consent(actor: Actor, nominationId: number, accept: boolean): Promise<NominationView> {
    const found = await this.repo.nomination(this.db.manager, nominationId);
    if (!found || found.nomineeId !== actor.userId) throw AppError.notFound('没有找到这条推荐');
    await this.db.transaction(async (m) => {
      if (!(await this.repo.setConsent(m, nominationId, accept ? 'given' : 'declined'))) throw AppError.conflict('您已经答复过这条推荐了');
      await this.notifications.notify(m, [found.nominatedBy], {
        title: accept ? '被推荐人同意参加评选' : '被推荐人不参加评选',
        body: `您在“${found.selectionTitle}”中的推荐，${accept ? '对方已同意，等待评审' : '对方没有同意，推荐已撤回'}。`,
        offeringId: null,
      });
    });
    return this.view((await this.repo.nomination(this.db.manager, nominationId))!, actor);
  }

  /** Every nomination of a selection, for its reviewers; the learning record only with consent. */
  async nominations(actor: Actor, selectionId: number): Promise<NominationView[]> {
    const sel = await this.administered(actor, selectionId);
    const rows = await this.repo.nominationsOf(this.db.manager, sel.id);
    return Promise.all(rows.map((n) => this.view(n, actor, true)));
  }

  async select(actor: Actor, nominationId: number): Promise<NominationView> {
    return this.review(actor, nominationId, async (m, sel, n) => {
      if (n.status === 'selected') return;
      if (n.consent === 'pending') throw AppError.conflict('被推荐人还没有同意，不能入选');
      if (n.optedOut) throw AppError.conflict('这位居民选择了不参加评选和排名，不能入选');
      const selected = await this.repo.countSelected(m, sel.id);
      if (selected >= sel.view.quota) throw AppError.conflict(`名额已满（共 ${sel.view.quota} 名），请先取消一位再选`);
      await this.repo.review(m, n.id, 'selected', null, actor.userId);
      await this.audit.record(m, { ...auditedBy(actor), action: 'selection.select', targetType: 'selection_nomination', targetId: String(n.id), areaId: sel.areaId });
    });
  }

  async reject(actor: Actor, nominationId: number, reason: string): Promise<NominationView> {
    return this.review(actor, nominationId, async (m, sel, n) => {
      await this.repo.review(m, n.id, 'rejected', reason, actor.userId);
      await this.notifications.notify(m, [n.nominatedBy], { title: '推荐没有入选', body: `您在“${sel.view.title}”中的推荐没有入选：${reason}`, offeringId: null });
      await this.audit.record(m, { ...auditedBy(actor), action: 'selection.reject', targetType: 'selection_nomination', targetId: String(n.id), areaId: sel.areaId, details: { reason } });
    });
  }

  /** A review decision by an admin of the selection's area, under the selection's lock (the quota) while it is still open. */
  private async review(
    actor: Actor,
    nominationId: number,
    decide: (m: EntityManager, sel: SelectionRecord, n: NominationRecord) => Promise<void>,
  ): Promise<NominationView> {
    const found = await this.repo.nomination(this.db.manager, nominationId);
    if (!found) throw AppError.notFound('没有找到这条推荐');
    await this.administered(actor, found.selectionId);
    await this.db.transaction(async (m) => {
      const sel = (await this.repo.selection(m, found.selectionId, true))!;
      const n = (await this.repo.nomination(m, nominationId, true))!;
      if (sel.view.status !== 'open') throw AppError.conflict('已经公示了，不能再改评审结果');
      if (n.status === 'withdrawn') throw AppError.conflict('这条推荐已经撤回了');
      await decide(m, sel, n);
    });
    return this.view((await this.repo.nomination(this.db.manager, nominationId))!, actor, true);
  }

  /** Review done: the selected go on the public 公示 page. */
  async publish(actor: Actor, selectionId: number): Promise<SelectionView> {
    await this.administered(actor, selectionId);
    await this.db.transaction(async (m) => {
      const sel = (await this.repo.selection(m, selectionId, true))!;
      if (sel.view.status !== 'open') throw AppError.conflict('这项评选已经公示过了');
      if (sel.view.noticeEnd < this.today()) throw AppError.conflict('公示结束日期已经过去了，不能再公示');
      const listed = await this.repo.listed(m, sel.id);
      if (!listed.length) throw AppError.conflict('还没有入选的，请先评审');
      await this.repo.setStatus(m, sel.id, 'open', 'notice', null);
      await this.notifications.notify(m, [...new Set(listed.flatMap((n) => [n.nominatedBy, ...(n.nomineeId ? [n.nomineeId] : [])]))], {
        title: `“${sel.view.title}”开始公示`,
        body: `入选名单公示到 ${sel.view.noticeEnd}，公示结束后确定最终名单。`,
        offeringId: null,
      });
      await this.audit.record(m, { ...auditedBy(actor), action: 'selection.publish', targetType: 'selection', targetId: String(sel.id), areaId: sel.areaId, details: { listed: listed.length } });
    });
    return (await this.repo.selection(this.db.manager, selectionId))!.view;
  }

  // ---- 公示 and 异议 ----

  async publicList(areaId: number | undefined): Promise<SelectionView[]> {
    let path: string | null = null;
    if (areaId !== undefined) {
      const area = await this.repo.areaPath(this.db.manager, areaId);
      if (!area) throw AppError.notFound('没有找到这个区域');
      path = area.path;
    }
    return (await this.repo.publicSelections(this.db.manager, path)).map((s) => s.view);
  }

  /** The public page: selected, consented and not opted out; names partly masked. */
  async notice(selectionId: number): Promise<SelectionNotice> {
    const sel = await this.repo.selection(this.db.manager, selectionId);
    if (!sel || sel.view.status === 'open') throw AppError.notFound('没有找到这项公示');
    const listed = await this.repo.listed(this.db.manager, sel.id);
    return {
      selection: { ...sel.view, selectedCount: listed.length },
      entries: listed.map((n) => ({
        nominationId: n.id,
        maskedName: n.nomineeId ? maskPersonName(n.nomineeName) : n.nomineeName,
        community: n.communityName,
        story: n.story,
      })),
    };
  }

  async object(selectionId: number, dto: ObjectionDto, address: string): Promise<ObjectionReceipt> {
    const sel = await this.repo.selection(this.db.manager, selectionId);
    if (!sel || sel.view.status === 'open') throw AppError.notFound('没有找到这项公示');
    const today = this.today();
    if (sel.view.status !== 'notice' || today < sel.view.noticeStart || today > sel.view.noticeEnd) {
      throw AppError.conflict(`现在不在公示期内（${sel.view.noticeStart} 至 ${sel.view.noticeEnd}），不能提出异议`);
    }
    const addressHash = this.crypto.lookupHash(`selection-objection:${address}`);
    const id = await this.db.transaction(async (m) => {
      // one address at a time per selection, so two quick submissions cannot both pass the count
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`selection-objection:${selectionId}:${addressHash}`]);
      const now = this.clock.now();
      const recent = await this.repo.objectionsSince(m, sel.id, addressHash, new Date(now.getTime() - HOUR_MS));
      if (recent.count >= SELECTION_LIMITS.objectionsPerHour) {
        const wait = (recent.oldest!.getTime() + HOUR_MS - now.getTime()) / 1000;
        throw AppError.tooManyRequests('提交的异议太多了', wait);
      }
      const listed = await this.repo.listed(m, sel.id);
      if (!listed.some((n) => n.id === dto.nominationId)) throw AppError.badRequest('请在公示名单中选择对哪一位有异议');
      return this.repo.insertObjection(m, { selectionId: sel.id, nominationId: dto.nominationId, contactEnc: this.crypto.encrypt(dto.contact), reason: dto.reason, addressHash, at: now });
    });
    return { id, message: '已收到您的异议，管理员会核实并通过您留下的联系方式答复。' };
  }

  async objections(actor: Actor, selectionId: number): Promise<ObjectionView[]> {
    const sel = await this.administered(actor, selectionId);
    const rows = await this.repo.objections(this.db.manager, sel.id);
    return rows.map((o) => ({
      id: o.id,
      nominationId: o.nominationId,
      maskedName: o.isPerson ? maskPersonName(o.nomineeName) : o.nomineeName,
      contactMasked: maskContact(this.crypto.decrypt(o.contactEnc)),
      reason: o.reason,
      createdAt: o.createdAt.toISOString(),
      answer: o.answer,
      upheld: o.upheld,
      answeredAt: o.answeredAt?.toISOString() ?? null,
    }));
  }

  /** Answers an 异议; when it is upheld the nominee leaves the list. */
  async answer(actor: Actor, objectionId: number, answer: string, upheld: boolean): Promise<ObjectionView[]> {
    const found = await this.repo.objection(this.db.manager, objectionId);
    if (!found) throw AppError.notFound('没有找到这条异议');
    const sel = await this.administered(actor, found.selectionId);
    await this.db.transaction(async (m) => {
      const o = (await this.repo.objection(m, objectionId, true))!;
      if (o.answeredAt) throw AppError.conflict('这条异议已经答复过了');
      if (sel.view.status === 'final') throw AppError.conflict('最终名单已经确定了');
      await this.repo.answerObjection(m, o.id, answer, upheld, actor.userId);
      if (upheld) await this.repo.withdraw(m, o.nominationId, `公示期间异议成立：${answer}`.slice(0, 500), actor.userId);
      await this.audit.record(m, { ...auditedBy(actor), action: 'selection.objection.answer', targetType: 'selection_objection', targetId: String(o.id), areaId: sel.areaId, details: { upheld } });
    });
    return this.objections(actor, sel.id);
  }

  /** The admin settles the final list once 公示 has ended and every 异议 is answered. */
  async finalise(actor: Actor, selectionId: number): Promise<SelectionView> {
    const sel = await this.administered(actor, selectionId);
    if (sel.view.status === 'final') return sel.view;
    if (sel.view.status !== 'notice') throw AppError.conflict('还没有公示，不能确定最终名单');
    if (this.today() <= sel.view.noticeEnd) throw AppError.conflict(`公示到 ${sel.view.noticeEnd} 结束，结束后才能确定最终名单`);
    const unanswered = (await this.repo.objections(this.db.manager, sel.id)).filter((o) => !o.answeredAt).length;
    if (unanswered) throw AppError.conflict(`还有 ${unanswered} 条异议没有答复，请先答复`);
    await this.finaliseOne(sel.id, actor.userId);
    return (await this.repo.selection(this.db.manager, selectionId))!.view;
  }

  /** The periodic job: every selection whose 公示 ended with all 异议 answered. Safe to run again. */
  async finaliseDue(): Promise<number> {
    const due = await this.repo.dueForFinal(this.db.manager, this.today());
    let done = 0;
    for (const id of due) if (await this.finaliseOne(id, null)) done += 1;
    if (done) this.logger.log({ finalised: done }, 'selections finalised after 公示');
    return done;
  }

  private async finaliseOne(selectionId: number, by: string | null): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const sel = (await this.repo.selection(m, selectionId, true))!;
      if (!(await this.repo.setStatus(m, selectionId, 'notice', 'final', by))) return false;
      const listed = await this.repo.listed(m, selectionId);
      const winners = listed.flatMap((n) => (n.nomineeId ? [n.nomineeId] : []));
      await this.notifications.notify(m, winners, {
        title: `恭喜您获评“${SELECTION_KIND_NAMES[sel.view.kind]}”`,
        body: `“${sel.view.title}”公示结束，您在最终名单中。`,
        offeringId: null,
      });
      await this.audit.record(m, { actorId: by, action: 'selection.finalise', targetType: 'selection', targetId: String(selectionId), areaId: sel.areaId, details: { listed: listed.length } });
      return true;
    });
  }

  /**
   * The demo district's 评选, in the seeder's transaction: this year's 百姓学习之星 of the district in
   * 公示 (since two days, for a week), its nominees self-nominated and selected, so the pages have
   * something to show.
   */
  async seedDemo(
    m: EntityManager,
    v: { districtId: number; adminId: string; today: string; nominees: { userId: string; communityId: number; story: string }[] },
  ): Promise<number> {
    const day = (offset: number) => new Date(Date.parse(`${v.today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const year = Number(v.today.slice(0, 4));
    const id = await this.repo.insertSelection(m, {
      areaId: v.districtId,
      districtId: v.districtId,
      kind: 'star',
      title: `${year}年度百姓学习之星评选`,
      year,
      quota: 10,
      nominateFrom: day(-40),
      nominateUntil: day(-10),
      noticeStart: day(-2),
      noticeEnd: day(4),
      createdBy: v.adminId,
    });
    for (const n of v.nominees) {
      const nomination = await this.repo.insertNomination(m, {
        selectionId: id,
        nomineeId: n.userId,
        projectName: null,
        communityId: n.communityId,
        nominatedBy: n.userId,
        nominatorKind: 'self',
        story: n.story,
        photoUploadIds: [],
        consent: 'given',
      });
      await this.repo.review(m, nomination, 'selected', null, v.adminId);
    }
    await this.repo.setStatus(m, id, 'open', 'notice', null);
    return id;
  }

  // ---- helpers ----

  private inWindow(sel: SelectionRecord): boolean {
    const today = this.today();
    return today >= sel.view.nominateFrom && today <= sel.view.nominateUntil;
  }

  private async ownDistrict(actor: Actor): Promise<number> {
    if (!ADMINS.includes(actor.role) || actor.areaId === null) throw AppError.forbidden();
    const own = await this.areas.get(actor.areaId);
    return Number(own.path.split('/')[1]);
  }

  private async administered(actor: Actor, selectionId: number): Promise<SelectionRecord> {
    const sel = await this.repo.selection(this.db.manager, selectionId);
    if (!sel) throw AppError.notFound('没有找到这项评选');
    await this.areas.assertAdminOf(actor, sel.areaId);
    return sel;
  }

  /** Who the caller nominates as: a resident only themself; staff within the selection's area. */
  private async nominatorKind(actor: Actor, sel: SelectionRecord): Promise<NominatorKind> {
    if (actor.role === Role.Resident) return 'self';
    if (actor.role === Role.Teacher) {
      const schoolPath = actor.schoolId === null ? null : await this.repo.schoolPath(this.db.manager, actor.schoolId);
      if (!schoolPath || !schoolPath.startsWith(sel.areaPath)) throw AppError.outOfScope('您所在的学校不在这项评选的区域内');
      return 'school';
    }
    if (ADMINS.includes(actor.role) && actor.areaId !== null) {
      // an admin of the selection's area, of a part of it, or of an area above it
      const own = await this.areas.get(actor.areaId);
      if (!own.path.startsWith(sel.areaPath) && !sel.areaPath.startsWith(own.path)) throw AppError.outOfScope('这项评选不在您管理的区域内');
      return 'community';
    }
    throw AppError.forbidden();
  }

  private async checkPhotos(actor: Actor, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      if (!(await this.uploads.ownedBy(actor.userId, id))) throw AppError.badRequest('照片没有找到，请重新上传');
      const file = await this.uploads.read(actor, id);
      if (file.contentType !== 'image/jpeg' && file.contentType !== 'image/png') throw AppError.badRequest('照片只能是 JPG 或 PNG 图片');
    }
    return unique;
  }

  private async starNominee(
    actor: Actor,
    sel: SelectionRecord,
    kind: NominatorKind,
    dto: NominateDto,
  ): Promise<{ nomineeId: string; projectName: null; communityId: number; consent: NomineeConsent }> {
    if (dto.projectName !== undefined) throw AppError.badRequest('百姓学习之星推荐的是居民，不填项目名称');
    if (dto.nomineeId !== undefined && dto.nomineePhone !== undefined) throw AppError.badRequest('请只选一种方式指明被推荐的居民');
    if (kind === 'self' && dto.nomineePhone !== undefined) throw AppError.forbidden('居民只能推荐自己；推荐别人请联系社区');
    if (kind === 'self' && dto.nomineeId !== undefined && dto.nomineeId !== actor.userId) throw AppError.forbidden('居民只能推荐自己；推荐别人请联系社区');
    let nomineeId = kind === 'self' ? actor.userId : dto.nomineeId;
    if (kind !== 'self' && dto.nomineePhone !== undefined) nomineeId = await this.nomineeByPhone(actor, dto.nomineePhone);
    if (!nomineeId) throw AppError.badRequest('请选择被推荐的居民');
    const nominee = await this.repo.resident(this.db.manager, nomineeId);
    if (!nominee) throw AppError.badRequest(kind === 'self' ? '请先填写您的基本信息' : '没有找到这位居民，或他还没有填写基本信息');
    if (!nominee.communityPath.startsWith(sel.areaPath)) throw AppError.badRequest(kind === 'self' ? '您不住在这项评选的区域内' : '这位居民不在这项评选的区域内');
    if (kind === 'community') await this.areas.assertAdminOf(actor, nominee.communityId);
    if (kind !== 'self') personalDataShown(nominee.userId);
    if (nominee.optedOut) {
      throw AppError.badRequest(
        kind === 'self' ? '您选择了不参加评选和排名。如要自荐，请先在“学习账户”里打开“参加本社区排名”' : '这位居民选择了不参加评选和排名，不能推荐',
      );
    }
    const refusals = await this.eligibility(sel, nominee.userId, nominee.birthDate);
    if (refusals.length) throw AppError.badRequest(`${kind === 'self' ? '您' : '这位居民'}暂不符合本次评选的条件：${refusals.join('；')}`, refusals);
    return { nomineeId: nominee.userId, projectName: null, communityId: nominee.communityId, consent: kind === 'self' ? 'given' : 'pending' };
  }

  /**
   * Staff nominating by phone find only residents of their own area (an admin: their node's subtree;
   * a teacher: the street their school serves), the same answer for an unknown number as for one
   * outside it; each look-up is counted (NomineeLookups) and each resident found is access-logged.
   */
  private async nomineeByPhone(actor: Actor, phone: string): Promise<string> {
    await this.nomineeLookups.take(actor.userId);
    const ownPath =
      actor.role === Role.Teacher
        ? actor.schoolId === null ? null : streetOf(await this.repo.schoolPath(this.db.manager, actor.schoolId))
        : actor.areaId === null ? null : (await this.areas.get(actor.areaId)).path;
    const found = await this.residents.findUserIdBy('phone', phone);
    const home = found ? await this.repo.resident(this.db.manager, found) : null;
    if (!home || ownPath === null || !home.communityPath.startsWith(ownPath)) {
      throw AppError.badRequest('没有找到用这个手机号填写信息的本区域居民，请核对号码，或请居民先在小程序里填写基本信息');
    }
    personalDataShown(home.userId);
    return home.userId;
  }

  private async brandProject(
    actor: Actor,
    sel: SelectionRecord,
    kind: NominatorKind,
    dto: NominateDto,
  ): Promise<{ nomineeId: null; projectName: string; communityId: number; consent: NomineeConsent }> {
    if (kind === 'self') throw AppError.forbidden('终身学习品牌项目由社区或学校推荐');
    if (dto.nomineeId !== undefined || dto.nomineePhone !== undefined) throw AppError.badRequest('品牌项目推荐的是项目，不选居民');
    if (!dto.projectName) throw AppError.badRequest('请填写项目名称');
    if (dto.communityId === undefined) throw AppError.badRequest('请选择项目所在的社区');
    const community = await this.repo.areaPath(this.db.manager, dto.communityId);
    if (!community || community.level !== AreaLevel.Community) throw AppError.badRequest('请选择项目所在的社区');
    if (!community.path.startsWith(sel.areaPath)) throw AppError.badRequest('这个社区不在这项评选的区域内');
    if (kind === 'community') await this.areas.assertAdminOf(actor, dto.communityId);
    return { nomineeId: null, projectName: dto.projectName, communityId: dto.communityId, consent: 'not_needed' };
  }

  /** The district's rules for this kind, each one the nominee fails, in words. */
  private async eligibility(sel: SelectionRecord, residentId: string, birthDate: string): Promise<string[]> {
    const rules = (await this.repo.rules(this.db.manager, sel.districtId)).find((r) => r.kind === sel.view.kind);
    if (!rules) return [];
    const refusals: string[] = [];
    if (rules.excludeWinnersYears !== null) {
      const last = await this.repo.lastWin(this.db.manager, residentId, sel.view.kind, sel.view.year);
      if (last !== null && sel.view.year - last <= rules.excludeWinnersYears) {
        refusals.push(`${last}年已获评${SELECTION_KIND_NAMES[sel.view.kind]}，${rules.excludeWinnersYears}年内不能再参评`);
      }
    }
    if (rules.minMinutes !== null) {
      const { minutes } = await this.repo.learning(this.db.manager, residentId, sel.view.year);
      if (minutes < rules.minMinutes) refusals.push(`${sel.view.year}年学习要满${formatHours(rules.minMinutes)}学时（现在${formatHours(minutes)}学时）`);
    }
    const age = ageOn(birthDate, this.today());
    if (rules.minAge !== null && age < rules.minAge) refusals.push(`年龄要满${rules.minAge}周岁`);
    if (rules.maxAge !== null && age > rules.maxAge) refusals.push(`年龄不能超过${rules.maxAge}周岁`);
    return refusals;
  }

  /** What the caller may see of a nomination. */
  private async view(n: NominationRecord, actor: Actor, asReviewer = false): Promise<NominationView> {
    const view: NominationView = {
      id: n.id,
      selectionId: n.selectionId,
      selectionTitle: n.selectionTitle,
      kind: n.kind,
      nomineeName: n.nomineeName,
      community: { id: n.communityId, name: n.communityName },
      nominatorKind: n.nominatorKind,
      story: n.story,
      photoUploadIds: n.photoUploadIds,
      consent: n.consent,
      status: n.status,
      rejectReason: n.rejectReason,
      createdAt: n.createdAt.toISOString(),
    };
    if (n.nomineeId === actor.userId) view.awaitingMyConsent = n.consent === 'pending' && n.status === 'pending';
    if (asReviewer && n.nomineeId) {
      view.learning = n.consent === 'given' ? await this.repo.learning(this.db.manager, n.nomineeId, n.year) : null;
    }
    return view;
  }
}

function formatHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 10) / 10);
}

/** The street (or the district, for a school placed there) that a school's area path lies in: '/1/4/17/' → '/1/4/'. */
function streetOf(path: string | null): string | null {
  if (path === null) return null;
  const ids = path.split('/').filter(Boolean);
  return `/${ids.slice(0, 2).join('/')}/`;
}
