import { Category, CreditError } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { CreditRulesService } from '../credit-rules/credit-rules.service';
import { shanghaiYear } from '../credit-rules/rule-book';
import { LedgerService } from '../ledger/ledger.service';
import { TransferRow } from '../ledger/ledger.service';
import { ParticipationAggregates } from '../statistics/participation-aggregates';
import { CreditPlanner, PlannedGrant } from './credit-planner';
import { LearningRecordsRepository, NewLearningRecord, WrittenRecord } from './learning-records.repository';

export type { NewLearningRecord } from './learning-records.repository';

export interface AttendanceOutcome {
  attendanceId: string;
  residentId: string;
  offeringId: number;
  category: Category;
  minutes: number;
  occurredAt: Date;
}

export interface RecordedLearning {
  id: string;
  residentId: string;
  sourceRef: string;
  minutes: number;
  creditedMilli: number;
}

/**
 * The door into the credit bank. Every learning outcome becomes one immutable learning record,
 * and in the same transaction (the caller's) its credits are granted on the ledger and the
 * participation figures move. A wrong record is voided by a reversing record, never edited.
 */
@Injectable()
export class LearningRecordsService {
  constructor(
    private readonly repo: LearningRecordsRepository,
    private readonly rules: CreditRulesService,
    private readonly ledger: LedgerService,
    private readonly participation: ParticipationAggregates,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly db: DataSource,
  ) {}

  /** The resident's net minutes by category, all years. */
  minutesByCategory(residentId: string): Promise<{ category: Category; minutes: number }[]> {
    return this.repo.minutesByCategory(this.db.manager, residentId);
  }

  /** Writes outcomes inside the caller's transaction; a repeat of the same source and reference writes nothing. */
  async record(m: EntityManager, records: NewLearningRecord[]): Promise<RecordedLearning[]> {
    if (!records.length) return [];
    await this.repo.lockResidents(m, records.map((r) => r.residentId));
    const rows = await this.repo.insert(m, records);
    if (!rows.length) return [];
    const fixed = new Map(records.filter((r) => r.fixed).map((r) => [`${r.source}|${r.sourceRef}`, r.fixed!]));
    // the figures first and the ledger last: a grant locks its district's issuer shard, shared with
    // every other close of the district, until commit, so nothing else should run while it is held
    await this.participation.apply(m, rows.map((r) => r.id));
    const grants = await this.grant(m, rows, (row) => fixed.get(`${row.source}|${row.sourceRef}`) ?? null);
    return rows.map((r) => ({ id: r.id, residentId: r.residentId, sourceRef: r.sourceRef, minutes: r.minutes, creditedMilli: grants.get(r.id) ?? 0 }));
  }

  /**
   * Takes the per-resident lock every writer of a resident's records and credits takes (in one
   * global order). Conversions use it so that they never race a grant or each other.
   */
  serialise(m: EntityManager, residentIds: string[]): Promise<void> {
    return this.repo.lockResidents(m, residentIds);
  }

  /** Attended sessions, handed over when a session closes. Returns how many were new. */
  async recordAttendance(m: EntityManager, outcomes: AttendanceOutcome[]): Promise<number> {
    const made = await this.record(
      m,
      outcomes
        .filter((o) => o.minutes > 0)
        .map((o) => ({
          residentId: o.residentId,
          source: 'attendance' as const,
          sourceRef: `attendance:${o.attendanceId}`,
          category: o.category,
          minutes: o.minutes,
          occurredAt: o.occurredAt,
          offeringId: o.offeringId,
        })),
    );
    return made.length;
  }

  /**
   * Voids a wrong record (an admin of the area it was counted in): a reversing record with the
   * reason, the reversal of its credits, and the figures corrected, all at once. Refused if the
   * credits were already spent on a conversion.
   */
  async voidRecord(actor: Actor, recordId: string, reason: string): Promise<{ voidingRecordId: string; reversedMilli: number }> {
    const original = await this.repo.findOne(this.db.manager, recordId);
    if (!original || original.voidsId !== null) throw AppError.notFound('没有找到这条学习记录');
    await this.areas.assertAdminOf(actor, original.areaId);
    return this.db.transaction(async (m) => {
      await this.repo.lockResidents(m, [original.residentId]);
      const voiding = await this.repo.insertVoid(m, recordId, reason, actor.userId);
      if (!voiding) throw AppError.conflict('这条学习记录已经作废过了', CreditError.RecordAlreadyVoided);
      const grant = (await this.ledger.openGrants(m, [recordId])).get(recordId);
      if (grant) {
        try {
          await this.ledger.post(m, [
            {
              kind: 'reversal',
              fromAccountId: grant.toAccountId,
              toAccountId: grant.fromAccountId,
              amountMilli: grant.amountMilli,
              idempotencyKey: `reverse:${grant.id}`,
              reversesTransferId: grant.id,
              learningRecordId: voiding.id,
              memo: reason,
              createdBy: actor.userId,
            },
          ]);
        } catch (err) {
          if (err instanceof AppError && err.code === CreditError.InsufficientCredits) {
            throw AppError.conflict('这条记录的学分已经用于学分转换，不能作废；请先撤销那次转换', CreditError.CreditsSpent);
          }
          throw err;
        }
        if (original.source !== 'certification') {
          await this.rules.addToYearTotals(m, [{ residentId: original.residentId, year: grant.capYear, category: grant.capCategory, deltaMilli: -grant.amountMilli }]);
        }
      }
      await this.participation.apply(m, [voiding.id]);
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'learning_record.void',
        targetType: 'learning_record',
        targetId: recordId,
        areaId: original.areaId,
        details: { reason, reversedMilli: grant?.amountMilli ?? 0 },
      });
      return { voidingRecordId: voiding.id, reversedMilli: grant?.amountMilli ?? 0 };
    });
  }

  /** Decides and posts the credits of new records; returns the amount granted per record id. */
  private async grant(m: EntityManager, rows: WrittenRecord[], fixedOf: (r: WrittenRecord) => { ruleSetId: number; creditsMilli: number } | null): Promise<Map<string, number>> {
    const outcomes = rows.filter((r) => r.voidsId === null);
    if (!outcomes.length) return new Map();
    const planner = new CreditPlanner(await this.rules.book(m, [...new Set(outcomes.map((r) => r.districtId))]));
    const residents = [...new Set(outcomes.map((r) => r.residentId))];
    const years = [...new Set(outcomes.map((r) => shanghaiYear(r.occurredAt)))];
    for (const t of await this.rules.yearTotals(m, residents, years)) planner.seed(t.residentId, t.year, t.category, t.grantedMilli);
    const planned: PlannedGrant[] = [];
    for (const r of outcomes) {
      const g = planner.grant({ ...r, fixed: fixedOf(r) });
      if (g) planned.push(g);
    }
    if (!planned.length) return new Map();
    const transfers: TransferRow[] = [];
    const issuers = new Map<number, string>();
    // one issuer shard per district for the whole batch, picked by the batch's first record
    for (const g of planned) {
      if (!issuers.has(g.districtId)) issuers.set(g.districtId, await this.ledger.issuerAccount(m, g.districtId, `record:${g.recordId}`));
    }
    const accounts = await this.ledger.residentAccounts(m, planned.map((g) => ({ residentId: g.residentId, category: g.category })));
    for (const g of planned) {
      transfers.push({
        kind: 'grant',
        fromAccountId: issuers.get(g.districtId)!,
        toAccountId: accounts.get(`${g.residentId}|${g.category}`)!,
        amountMilli: g.amountMilli,
        idempotencyKey: `grant:${g.recordId}`,
        learningRecordId: g.recordId,
        ruleSetId: g.ruleSetId,
        capYear: g.capYear,
        capCategory: g.category,
      });
    }
    await this.rules.addToYearTotals(
      m,
      planned.filter((g) => g.countsAgainstCaps).map((g) => ({ residentId: g.residentId, year: g.capYear, category: g.category, deltaMilli: g.amountMilli })),
    );
    await this.ledger.post(m, transfers);
    return new Map(planned.map((g) => [g.recordId, g.amountMilli]));
  }
}
