import { AchievementView, CertificationError, CertificationView, ProfileError } from '@lp/shared';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { CreditRulesService } from '../credit-rules/credit-rules.service';
import { shanghaiDay } from '../credit-rules/rule-book';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { NotificationsService } from '../notifications/notifications.service';
import { UploadReviewers } from '../uploads/upload-reviewers';
import { UploadsService } from '../uploads/uploads.service';
import { CertificationsRepository } from './certifications.repository';
import { CertificationQueryDto, SubmitCertificationDto } from './dto/certification.dto';
import { personalDataShown } from '../common/personal-data';

/** The same certificate written with or without spaces, dashes or lower case is still the same certificate. */
export function certificateKey(no: string): string {
  return no.toUpperCase().replace(/[\s\-_/]/g, '');
}

/**
 * 学分认定: a resident submits an external achievement with evidence; an admin of the resident's
 * area approves it (credits per the achievement table in force when it was submitted) or rejects
 * it with a reason.
 */
@Injectable()
export class CertificationsService implements OnModuleInit {
  constructor(
    private readonly repo: CertificationsRepository,
    private readonly rules: CreditRulesService,
    private readonly records: LearningRecordsService,
    private readonly uploads: UploadsService,
    private readonly uploadReviewers: UploadReviewers,
    private readonly areas: AreasService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  /** The administrators who review a request may open its evidence. */
  onModuleInit(): void {
    this.uploadReviewers.register((uploadId) => this.repo.evidenceAreas(this.db.manager, uploadId));
  }

  /** What can be certified now in the resident's district, and what each is worth. */
  async achievements(actor: Actor): Promise<AchievementView[]> {
    const { set } = await this.currentRules(actor);
    return set.achievements;
  }

  async submit(actor: Actor, dto: SubmitCertificationDto): Promise<CertificationView> {
    const { set, home } = await this.currentRules(actor);
    const achievement = set.achievements.find((a) => a.code === dto.achievementCode);
    if (!achievement) throw AppError.badRequest('没有这一项可认定的成果，请重新选择');
    const issued = new Date(`${dto.issuedOn}T00:00:00Z`);
    if (Number.isNaN(issued.getTime()) || issued.toISOString().slice(0, 10) !== dto.issuedOn) throw AppError.badRequest('发证日期不是有效的日期');
    if (dto.issuedOn > shanghaiDay(this.clock.now())) throw AppError.badRequest('发证日期不能晚于今天');
    if (dto.issuedOn < '1950-01-01') throw AppError.badRequest('发证日期太早了');
    if (!(await this.uploads.ownedBy(actor.userId, dto.evidenceUploadId))) throw AppError.badRequest('请先上传证书照片或 PDF');
    const id = await this.db.transaction(async (m) => {
      try {
        return await this.repo.insert(m, {
          residentId: actor.userId,
          areaId: home.communityId,
          ruleSetId: set.id,
          achievementCode: achievement.code,
          certificateNo: dto.certificateNo,
          certificateKey: certificateKey(dto.certificateNo),
          issuer: dto.issuer,
          issuedOn: dto.issuedOn,
          evidenceUploadId: dto.evidenceUploadId,
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw AppError.conflict('这本证书已经提交过了，不能重复认定', CertificationError.Duplicate);
        throw err;
      }
    });
    return (await this.repo.find(this.db.manager, id))!.view;
  }

  async mine(actor: Actor): Promise<CertificationView[]> {
    return this.repo.ofResident(this.db.manager, actor.userId);
  }

  /** Requests in the admin's area (or a part of it), pending first. */
  async list(actor: Actor, q: CertificationQueryDto): Promise<CertificationView[]> {
    const area = await this.areas.assertAdminOf(actor, q.areaId ?? actor.areaId ?? 0);
    return this.repo.inArea(this.db.manager, area.path, q.status);
  }

  async detail(actor: Actor, id: string): Promise<CertificationView> {
    const found = await this.repo.find(this.db.manager, id, true);
    if (!found) throw AppError.notFound('没有找到这份认定申请');
    await this.areas.assertAdminOf(actor, found.areaId);
    personalDataShown(found.residentId);
    return found.view;
  }

  async approve(actor: Actor, id: string): Promise<CertificationView> {
    await this.reviewable(actor, id);
    await this.db.transaction(async (m) => {
      const c = await this.repo.find(m, id, true, true);
      if (!c || c.status !== 'pending') throw AppError.conflict('这份申请已经审核过了', CertificationError.Reviewed);
      const now = this.clock.now();
      const [record] = await this.records.record(m, [
        {
          residentId: c.residentId,
          source: 'certification',
          sourceRef: `certification:${c.id}`,
          category: c.view.achievement.category,
          minutes: 0,
          occurredAt: new Date(`${c.issuedOn}T00:00:00+08:00`),
          title: `${c.view.achievement.name}${c.view.achievement.level ? `（${c.view.achievement.level}）` : ''}`,
          evidence: `certificate:${c.view.certificateNo}`,
          recordedBy: actor.userId,
          fixed: { ruleSetId: c.ruleSetId, creditsMilli: c.view.achievement.creditsMilli },
        },
      ]);
      if (!record) throw AppError.conflict('这份申请已经审核过了', CertificationError.Reviewed);
      await this.repo.approve(m, id, actor.userId, record.id, now);
      await this.notifications.notify(m, [c.residentId], {
        title: '学分认定通过了',
        body: `您提交的“${c.view.achievement.name}”已认定，记入学分银行。`,
        offeringId: null,
      });
      await this.audit.record(m, { ...auditedBy(actor), action: 'certification.approve', targetType: 'credit_certification', targetId: id, areaId: c.areaId, details: { creditsMilli: record.creditedMilli } });
    });
    return (await this.repo.find(this.db.manager, id, true))!.view;
  }

  async reject(actor: Actor, id: string, reason: string): Promise<CertificationView> {
    await this.reviewable(actor, id);
    await this.db.transaction(async (m) => {
      const c = await this.repo.find(m, id, true, true);
      if (!c || c.status !== 'pending') throw AppError.conflict('这份申请已经审核过了', CertificationError.Reviewed);
      await this.repo.reject(m, id, actor.userId, reason, this.clock.now());
      await this.notifications.notify(m, [c.residentId], {
        title: '学分认定没有通过',
        body: `您提交的“${c.view.achievement.name}”没有通过：${reason}`,
        offeringId: null,
      });
      await this.audit.record(m, { ...auditedBy(actor), action: 'certification.reject', targetType: 'credit_certification', targetId: id, areaId: c.areaId, details: { reason } });
    });
    return (await this.repo.find(this.db.manager, id, true))!.view;
  }

  private async reviewable(actor: Actor, id: string): Promise<void> {
    const c = await this.repo.find(this.db.manager, id);
    if (!c) throw AppError.notFound('没有找到这份认定申请');
    await this.areas.assertAdminOf(actor, c.areaId);
  }

  private async currentRules(actor: Actor) {
    const home = await this.repo.residentHome(this.db.manager, actor.userId);
    if (!home) throw AppError.conflict('请先填写您的基本信息', ProfileError.NotBound);
    const set = (await this.rules.book(this.db.manager, [home.districtId])).at(home.districtId, shanghaiDay(this.clock.now()));
    if (!set) throw AppError.notFound('这个区还没有发布学分认定标准');
    return { set, home };
  }
}
