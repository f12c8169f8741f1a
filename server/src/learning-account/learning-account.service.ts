import { CLOSED_NAME } from '../resident-keys/resident-crypto';
import { AdminLearningRecordView, LearningAccountView, LearningRecordView, Page, maskName } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { AreasService } from '../areas/areas.service';
import { CertificationsService } from '../certifications/certifications.service';
import { PartnersService } from '../partners/partners.service';
import { ResidentsService } from '../residents/residents.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiYear } from '../credit-rules/rule-book';
import { LearningAccountRepository } from './learning-account.repository';

const RECENT = 20;

/** 学习账户: what a resident has learned and earned, read from the records and the ledger. */
@Injectable()
export class LearningAccountService {
  constructor(
    private readonly repo: LearningAccountRepository,
    private readonly certifications: CertificationsService,
    private readonly partners: PartnersService,
    private readonly areas: AreasService,
    private readonly residents: ResidentsService,
    private readonly clock: Clock,
  ) {}

  async account(actor: Actor): Promise<LearningAccountView> {
    const year = shanghaiYear(this.clock.now());
    const db = await this.repo.reader();
    const [balanceMilli, minutes, credits, recent, certifications, conversions, ranking] = await Promise.all([
      this.repo.balance(db, actor.userId),
      this.repo.minutesByYear(db, actor.userId),
      this.repo.creditsByYear(db, actor.userId),
      this.repo.records(db, actor.userId, RECENT, null),
      this.certifications.mine(actor),
      this.partners.conversionsOf(actor.userId),
      this.repo.ranking(db, actor.userId, year),
    ]);
    const rows = [...minutes, ...credits];
    const thisYear = LearningAccountRepository.totals(rows.filter((r) => r.year === year));
    const allTime = LearningAccountRepository.totals(rows);
    const sum = (list: typeof allTime) => ({
      minutes: list.reduce((s, t) => s + t.minutes, 0),
      creditsMilli: list.reduce((s, t) => s + t.creditsMilli, 0),
      byCategory: list,
    });
    return { balanceMilli, year, thisYear: sum(thisYear), allTime: sum(allTime), recent, certifications, conversions, ranking };
  }

  async records(actor: Actor, cursor: string | undefined, limit = 20): Promise<Page<LearningRecordView>> {
    let after: { at: Date; id: string } | null = null;
    if (cursor) {
      const m = /^(\d{1,15})_(\d{1,18})$/.exec(cursor);
      if (!m) throw AppError.badRequest('翻页参数不对');
      after = { at: new Date(Number(m[1])), id: m[2] };
    }
    const items = await this.repo.records(await this.repo.reader(), actor.userId, limit, after);
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? `${new Date(last.occurredAt).getTime()}_${last.id}` : null };
  }

  setRankingOptOut(actor: Actor, optOut: boolean): Promise<{ optOut: boolean }> {
    return this.residents.setRankingOptOut(actor, optOut);
  }

  /** One record for the admin of the area it was earned in (to check it before voiding it). */
  async recordForAdmin(actor: Actor, id: string): Promise<AdminLearningRecordView> {
    const found = await this.repo.record(id);
    if (!found) throw AppError.notFound('没有找到这条学习记录');
    await this.areas.assertAdminOf(actor, found.areaId);
    const { areaId: _area, residentId, residentName, ...view } = found;
    const [name] = await this.residents.openNames([{ residentId, name: residentName }]);
    return { ...view, residentName: name === null ? CLOSED_NAME : maskName(name) };
  }
}
