import { Category, ConversionView, CreditEstimate, PartnerCreditsView, PartnerError, PartnerOfferView, PartnerScope, Role } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { FieldCrypto } from '../common/field-crypto.service';
import { CreditRulesService } from '../credit-rules/credit-rules.service';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { LedgerService } from '../ledger/ledger.service';
import { ResidentsService } from '../residents/residents.service';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

export interface PartnerCall {
  apiKey: string | undefined;
  consentToken: string | undefined;
  endpoint: string;
}

export interface PartnerGrant {
  partnerId: number;
  keyId: number;
  residentId: string | null;
}

const KEY_SHAPE = /^lpk_([a-z0-9]{12})_[A-Za-z0-9_-]{43}$/;
const CONSENT_SHAPE = /^lpc_[A-Za-z0-9_-]{32}$/;

/**
 * The open API for partner institutions: an API key with the right scope, and for a resident's
 * data that resident's consent (same partner, scope granted, not revoked, not expired). Every
 * call, allowed or refused, is written to partner_api_call.
 */
@Injectable()
export class PartnerApiService {
  constructor(
    private readonly repo: PartnersRepository,
    private readonly partners: PartnersService,
    private readonly rules: CreditRulesService,
    private readonly ledger: LedgerService,
    private readonly records: LearningRecordsService,
    private readonly residents: ResidentsService,
    private readonly crypto: FieldCrypto,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  async authorize(call: PartnerCall, scope: PartnerScope, needsConsent: boolean): Promise<PartnerGrant> {
    const refuse = async (status: number, code: PartnerError, message: string, partnerId: number | null, keyId: number | null, residentId: string | null = null) => {
      await this.repo.logCall({ partnerId, keyId, endpoint: call.endpoint, residentId, status, outcome: code });
      return new AppError(status, code, message);
    };
    const shape = call.apiKey ? KEY_SHAPE.exec(call.apiKey) : null;
    if (!shape) throw await refuse(401, PartnerError.ApiKeyMissing, '缺少有效的 API 密钥（X-Api-Key）', null, null);
    const key = await this.repo.keyByPrefix(shape[1], this.clock.now());
    if (!key || key.revoked || !this.crypto.lookupHashes(call.apiKey!).some((hash) => sameHash(key.keyHash, hash))) {
      throw await refuse(401, PartnerError.ApiKeyInvalid, 'API 密钥无效或已停用', key?.partnerId ?? null, key?.id ?? null);
    }
    if (!key.scopes.includes(scope)) throw await refuse(403, PartnerError.ScopeMissing, `这个密钥没有“${scope}”权限`, key.partnerId, key.id);
    let residentId: string | null = null;
    if (needsConsent) {
      if (!call.consentToken || !CONSENT_SHAPE.test(call.consentToken)) {
        throw await refuse(403, PartnerError.ConsentRequired, '需要居民本人的授权码（X-Consent-Token）', key.partnerId, key.id);
      }
      const consent = await this.repo.consentByToken(this.crypto.lookupHashes(call.consentToken), this.clock.now());
      if (!consent || consent.partner.id !== key.partnerId) throw await refuse(403, PartnerError.ConsentInvalid, '授权码无效', key.partnerId, key.id);
      residentId = consent.residentId;
      if (consent.revokedAt) throw await refuse(403, PartnerError.ConsentRevoked, '居民已经收回了授权', key.partnerId, key.id, residentId);
      if (!consent.active) throw await refuse(403, PartnerError.ConsentExpired, '授权已过期，请居民重新授权', key.partnerId, key.id, residentId);
      if (!consent.scopes.includes(scope)) throw await refuse(403, PartnerError.ConsentScope, '居民没有授权查询这项内容', key.partnerId, key.id, residentId);
    }
    await this.repo.logCall({ partnerId: key.partnerId, keyId: key.id, endpoint: call.endpoint, residentId, status: 200, outcome: 'ok' });
    return { partnerId: key.partnerId, keyId: key.id, residentId };
  }

  /** The consenting resident's credits and hours by category. */
  async credits(grant: PartnerGrant): Promise<PartnerCreditsView> {
    const residentId = grant.residentId!;
    const [name, balances, minutes] = await Promise.all([
      this.residents.realName(residentId),
      this.ledger.balancesOf(this.db.manager, residentId),
      this.records.minutesByCategory(residentId),
    ]);
    const byCategory = Object.values(Category)
      .map((category) => ({
        category,
        minutes: minutes.find((m) => m.category === category)?.minutes ?? 0,
        creditsMilli: balances.find((b) => b.category === category)?.balanceMilli ?? 0,
      }))
      .filter((c) => c.minutes !== 0 || c.creditsMilli !== 0);
    return {
      residentName: name ?? '',
      balanceMilli: balances.reduce((s, b) => s + b.balanceMilli, 0),
      byCategory,
      totalMinutes: byCategory.reduce((s, c) => s + c.minutes, 0),
      asOf: this.clock.now().toISOString(),
    };
  }

  /** What the consenting resident's credits can be converted into (this partner's offers). */
  async offers(grant: PartnerGrant): Promise<PartnerOfferView[]> {
    const all = await this.partners.offers({ userId: grant.residentId!, role: Role.Resident, schoolId: null, areaId: null });
    const mine = new Set((await this.repo.offers(true, grant.partnerId)).map((o) => o.id));
    return all.filter((o) => mine.has(o.id));
  }

  /** What hours would be worth for the consenting resident under today's rules. */
  estimate(grant: PartnerGrant, q: { category: Category; minutes: number }): Promise<CreditEstimate> {
    return this.rules.estimate({ userId: grant.residentId!, role: Role.Resident, schoolId: null, areaId: null }, q);
  }

  /** A receipt the partner received: genuine, and not reversed. Only the partner's own receipts. */
  async receipt(grant: PartnerGrant, receiptNo: string): Promise<ConversionView> {
    const id = await this.repo.conversionByReceipt(receiptNo);
    const found = id ? await this.repo.conversion(this.db, id) : null;
    if (!found || found.partnerId !== grant.partnerId) throw AppError.notFound('没有这张转换回执');
    return { id: found.id, receiptNo: found.receiptNo, offerTitle: found.offerTitle, partnerName: found.partnerName, creditsMilli: found.creditsMilli, createdAt: found.createdAt, reversed: found.reversed };
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
