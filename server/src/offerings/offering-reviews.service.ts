import { ADMIN_ROLES, OfferingDetail, OfferingError, OfferingStatus, ReviewItem } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { NotificationsService } from '../notifications/notifications.service';
import { Offering } from './offering.entity';
import { OfferingCatalogueService } from './offering-catalogue.service';
import { toSummary } from './offering-summary';
import { OfferingsRepository } from './offerings.repository';

/** 审核: administrators publish what teachers of their area submitted, or return it with a reason. */
@Injectable()
export class OfferingReviewsService {
  constructor(
    private readonly offerings: OfferingsRepository,
    private readonly catalogue: OfferingCatalogueService,
    private readonly areas: AreasService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async pendingReviews(actor: Actor): Promise<ReviewItem[]> {
    if (!ADMIN_ROLES.includes(actor.role) || actor.areaId === null) throw AppError.forbidden();
    const own = await this.areas.get(actor.areaId);
    const rows = await this.offerings.pendingUnder(own.path);
    return rows.map((r) => ({ ...toSummary(r), submittedAt: new Date(r.submittedAt).toISOString(), authorName: r.authorName }));
  }

  async approve(actor: Actor, id: number): Promise<OfferingDetail> {
    const o = await this.pendingInScope(actor, id);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.Published, publishedAt: new Date(), reviewedBy: actor.userId, reviewNote: null });
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.approve', targetType: 'offering', targetId: String(id), areaId: o.areaId });
    });
    return this.catalogue.detail(actor, id);
  }

  async returnForChanges(actor: Actor, id: number, reason: string): Promise<OfferingDetail> {
    const o = await this.pendingInScope(actor, id);
    await this.dataSource.transaction(async (m) => {
      await this.offerings.setStatus(m, id, { status: OfferingStatus.Draft, reviewNote: reason, reviewedBy: actor.userId });
      await this.notifications.notify(m, [o.authorId], { title: '课程活动被退回修改', body: `「${o.title}」被退回：${reason}`, offeringId: id });
      await this.audit.record(m, { ...auditedBy(actor), action: 'offering.return', targetType: 'offering', targetId: String(id), areaId: o.areaId, details: { reason } });
    });
    return this.catalogue.detail(actor, id);
  }

  private async pendingInScope(actor: Actor, id: number): Promise<Offering> {
    const o = await this.offerings.findById(id);
    if (!o) throw AppError.notFound('没有找到这个课程或活动');
    await this.areas.assertAdminOf(actor, o.areaId);
    if (o.status !== OfferingStatus.PendingReview) throw AppError.conflict('这个课程活动不在待审核状态', OfferingError.NotPending);
    return o;
  }
}
