import { Category, ConsentView, ConversionView, CreditError, IssuedConsent, PartnerError, PartnerKeyIssued, PartnerKeyRotated, PartnerKeyView, PartnerOfferAdminView, PartnerOfferView, PartnerScope, PartnerView, ResidentConversionPage, Role, formatCredits } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { FieldCrypto } from '../common/field-crypto.service';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { LedgerService } from '../ledger/ledger.service';
import { ResidentsService } from '../residents/residents.service';
import { TransferRow } from '../ledger/ledger.service';
import { ConsentInputDto, ConversionInputDto, OfferInputDto } from './dto/partners.dto';
import { OfferRow, PartnersRepository } from './partners.repository';

const CATEGORY_ORDER = Object.values(Category);
const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Receipt numbers residents read out on the phone: LP + date + 8 unambiguous characters. */
function receiptNo(at: Date): string {
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const bytes = randomBytes(8);
  return `LP${day}${[...bytes].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('')}`;
}

/**
 * 学分转换 and partner institutions: what a resident's credits can become, the conversion itself
 * (a ledger transfer to the partner's account, with a receipt), the consents residents give
 * partners, and the partners' keys and offers that district admins manage.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly repo: PartnersRepository,
    private readonly ledger: LedgerService,
    private readonly records: LearningRecordsService,
    private readonly areas: AreasService,
    private readonly residents: ResidentsService,
    private readonly audit: AuditService,
    private readonly crypto: FieldCrypto,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  /** A resident's conversions with their receipts, newest first. */
  conversionsOf(residentId: string): Promise<ConversionView[]> {
    return this.repo.conversionsOf(residentId);
  }

  partners(): Promise<PartnerView[]> {
    return this.repo.partners();
  }

  /** Offers, each with how many credits of the categories it accepts the resident holds now. */
  async offers(actor: Actor | null): Promise<PartnerOfferView[]> {
    const offers = await this.repo.offers(true);
    if (!actor || actor.role !== Role.Resident) return offers.map((o) => PartnersRepository.offerView(o, null));
    const balances = await this.ledger.balancesOf(this.db.manager, actor.userId);
    return offers.map((o) => PartnersRepository.offerView(o, eligible(o, balances).reduce((s, b) => s + b.balanceMilli, 0)));
  }

  /**
   * Converts credits into an offer: one transfer per category account it draws on (in category
   * order), all to the partner's account, in one transaction with the receipt. A repeat of the
   * same request key returns the first receipt; two conversions racing for the same credits
   * cannot both succeed (the resident is serialised and the ledger refuses a negative balance).
   */
  async convert(actor: Actor, dto: ConversionInputDto): Promise<{ created: boolean; conversion: ConversionView }> {
    const offer = await this.repo.offer(dto.offerId);
    if (!offer || !offer.active) throw AppError.notFound('没有找到这个转换项目');
    const { id, created } = await this.db.transaction(async (m) => {
      await this.records.serialise(m, [actor.userId]);
      const existing = await this.repo.conversionByRequest(m, actor.userId, dto.requestKey);
      if (existing) return { id: existing, created: false };
      const sources = eligible(offer, await this.ledger.balancesOf(m, actor.userId));
      const held = sources.reduce((s, b) => s + b.balanceMilli, 0);
      if (held < offer.creditsMilli) {
        throw AppError.conflict(`学分不够：这一项需要 ${formatCredits(offer.creditsMilli)} 学分，您可以用的有 ${formatCredits(held)} 学分`, CreditError.InsufficientCredits);
      }
      const conversionId = await this.repo.insertConversion(m, {
        residentId: actor.userId,
        offerId: offer.id,
        creditsMilli: offer.creditsMilli,
        receiptNo: receiptNo(this.clock.now()),
        requestKey: dto.requestKey,
      });
      const partnerAccount = await this.ledger.partnerAccount(m, offer.partnerId);
      const transfers: TransferRow[] = [];
      let remaining = offer.creditsMilli;
      for (const s of sources) {
        if (remaining <= 0) break;
        const take = Math.min(s.balanceMilli, remaining);
        if (take <= 0) continue;
        transfers.push({
          kind: 'conversion',
          fromAccountId: s.id,
          toAccountId: partnerAccount,
          amountMilli: take,
          idempotencyKey: `conversion:${conversionId}:${s.category}`,
          conversionId,
          memo: offer.title,
          createdBy: actor.userId,
        });
        remaining -= take;
      }
      await this.ledger.post(m, transfers);
      return { id: conversionId, created: true };
    });
    const conversion = (await this.repo.conversion(this.db, id))!;
    return { created, conversion: strip(conversion) };
  }

  /**
   * A resident's conversions for an administrator of their area, newest first, with the credits
   * the resident holds now (what a reversal gives back shows there at once).
   */
  async residentConversions(actor: Actor, residentId: string, cursor: string | undefined, limit = 20): Promise<ResidentConversionPage> {
    const communityId = await this.residents.communityOf(residentId);
    if (communityId === null) throw AppError.outOfScope();
    await this.areas.assertAdminOf(actor, communityId);
    if (cursor !== undefined && !/^[1-9]\d{0,17}$/.test(cursor)) throw AppError.badRequest('翻页参数不对，请从第一页重新查看');
    const rows = await this.repo.conversionPage(residentId, cursor ?? null, limit + 1);
    const items = rows.slice(0, limit);
    const balances = await this.ledger.balancesOf(this.db.manager, residentId);
    return {
      items,
      nextCursor: rows.length > limit ? items[items.length - 1].id : null,
      balanceMilli: balances.reduce((sum, b) => sum + b.balanceMilli, 0),
    };
  }

  /** An admin of the resident's area undoes a conversion: reversing transfers back to the resident. */
  async reverseConversion(actor: Actor, id: string, reason: string): Promise<ConversionView> {
    const found = await this.repo.conversion(this.db, id);
    if (!found) throw AppError.notFound('没有找到这次转换');
    await this.areas.assertAdminOf(actor, found.areaId);
    await this.db.transaction(async (m) => {
      await this.records.serialise(m, [found.residentId]);
      const open = await this.ledger.openConversionTransfers(m, id);
      if (!open.length) throw AppError.conflict('这次转换已经撤销过了', PartnerError.ConversionReversed);
      await this.ledger.post(
        m,
        open.map((t) => ({
          kind: 'reversal' as const,
          fromAccountId: t.toAccountId,
          toAccountId: t.fromAccountId,
          amountMilli: t.amountMilli,
          idempotencyKey: `reverse:${t.id}`,
          reversesTransferId: t.id,
          memo: reason,
          createdBy: actor.userId,
        })),
      );
      await this.audit.record(m, { ...auditedBy(actor), action: 'conversion.reverse', targetType: 'credit_conversion', targetId: id, areaId: found.areaId, details: { reason } });
    });
    return strip((await this.repo.conversion(this.db, id))!);
  }

  // --- consents

  async issueConsent(actor: Actor, dto: ConsentInputDto): Promise<IssuedConsent> {
    const partner = await this.repo.partner(dto.partnerId);
    if (!partner) throw AppError.notFound('没有找到这个合作机构');
    const token = `lpc_${randomBytes(24).toString('base64url')}`;
    const now = this.clock.now();
    const id = await this.repo.createConsent({
      residentId: actor.userId,
      partnerId: partner.id,
      tokenHash: this.crypto.lookupHash(token),
      scopes: dto.scopes,
      expiresAt: new Date(now.getTime() + dto.days * 86400_000),
    });
    return { consent: (await this.repo.consent(id, now))!, token };
  }

  consents(actor: Actor): Promise<ConsentView[]> {
    return this.repo.consentsOf(actor.userId, this.clock.now());
  }

  /** Closing an account: every consent the resident gave ends, in the caller's transaction. */
  revokeAllConsents(m: EntityManager, residentId: string): Promise<number> {
    return this.repo.revokeAllConsents(m, residentId, this.clock.now());
  }

  async revokeConsent(actor: Actor, id: string): Promise<ConsentView> {
    const found = await this.repo.consent(id, this.clock.now());
    if (!found || found.residentId !== actor.userId) throw AppError.notFound('没有找到这项授权');
    await this.repo.revokeConsent(id, actor.userId, this.clock.now());
    const { residentId: _owner, ...view } = (await this.repo.consent(id, this.clock.now()))!;
    return view;
  }

  // --- partners, keys, offers (district admins)

  /** A partner as the demo seed writes it, in its transaction; its id. */
  insertPartner(m: EntityManager, name: string, districtId: number): Promise<number> {
    return this.repo.createPartner(m, name, districtId);
  }

  /** An offer as the demo seed writes it, in its transaction. */
  async insertOffer(m: EntityManager, offer: Omit<OfferRow, 'id' | 'partnerName' | 'districtId' | 'active'>): Promise<void> {
    await this.repo.createOffer(m, offer);
  }

  async createPartner(actor: Actor, name: string): Promise<PartnerView> {
    const districtId = await this.districtAdmin(actor);
    try {
      const id = await this.db.transaction(async (m) => {
        const made = await this.repo.createPartner(m, name, districtId);
        await this.audit.record(m, { ...auditedBy(actor), action: 'partner.create', targetType: 'partner', targetId: String(made), areaId: districtId });
        return made;
      });
      return { id, name };
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw AppError.conflict('已经有这个名称的合作机构了');
      throw err;
    }
  }

  /** A new API key; the whole key is shown once, only its prefix and hash are kept. */
  async createKey(actor: Actor, partnerId: number, scopes: PartnerScope[]): Promise<PartnerKeyIssued> {
    const districtId = await this.ownPartner(actor, partnerId);
    return this.db.transaction((m) => this.issueKey(m, actor, districtId, partnerId, scopes, 'partner.key.create'));
  }

  async keys(actor: Actor, partnerId: number): Promise<PartnerKeyView[]> {
    await this.ownPartner(actor, partnerId);
    return this.repo.keysOf(partnerId, this.clock.now());
  }

  /**
   * Replaces a key with a new one of the same scopes. The old key keeps working for the overlap
   * (so the partner can deploy the new key without an outage), or stops at once when the overlap
   * is 0. A key that was already rotated or revoked cannot be rotated again.
   */
  async rotateKey(actor: Actor, partnerId: number, keyId: number, overlapHours: number): Promise<PartnerKeyRotated> {
    const districtId = await this.ownPartner(actor, partnerId);
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const old = await this.repo.key(m, partnerId, keyId, now);
      if (!old) throw AppError.notFound('没有找到这个密钥');
      if (old.endsAt !== null) throw AppError.conflict('这个密钥已经换过或停用了，不能再换', PartnerError.ApiKeyEnded);
      const endsAt = new Date(now.getTime() + overlapHours * 3600_000);
      if (!(await this.repo.endKey(m, keyId, endsAt, now))) throw AppError.conflict('这个密钥已经换过或停用了，不能再换', PartnerError.ApiKeyEnded);
      const issued = await this.issueKey(m, actor, districtId, partnerId, old.scopes, 'partner.key.rotate', { replaces: old.prefix, overlapHours });
      return { issued, previous: (await this.repo.key(m, partnerId, keyId, now))! };
    });
  }

  /** Ends a key at once (also one still in a rotation's overlap); the partner API refuses it from now on. */
  async revokeKey(actor: Actor, partnerId: number, keyId: number, reason: string): Promise<PartnerKeyView> {
    const districtId = await this.ownPartner(actor, partnerId);
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const key = await this.repo.key(m, partnerId, keyId, now);
      if (!key) throw AppError.notFound('没有找到这个密钥');
      if (!(await this.repo.endKey(m, keyId, now, now))) throw AppError.conflict('这个密钥已经停用了', PartnerError.ApiKeyEnded);
      await this.audit.record(m, { ...auditedBy(actor), action: 'partner.key.revoke', targetType: 'partner', targetId: String(partnerId), areaId: districtId, details: { prefix: key.prefix, reason } });
      return (await this.repo.key(m, partnerId, keyId, now))!;
    });
  }

  private async issueKey(m: EntityManager, actor: Actor, districtId: number, partnerId: number, scopes: PartnerScope[], action: string, details: Record<string, unknown> = {}): Promise<PartnerKeyIssued> {
    const prefix = randomBytes(6).toString('hex');
    const key = `lpk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const id = await this.repo.createKey(m, partnerId, prefix, this.crypto.lookupHash(key), scopes);
    await this.audit.record(m, { ...auditedBy(actor), action, targetType: 'partner', targetId: String(partnerId), areaId: districtId, details: { prefix, scopes, ...details } });
    return { id, key, scopes };
  }

  async createOffer(actor: Actor, partnerId: number, dto: OfferInputDto): Promise<PartnerOfferView> {
    await this.ownPartner(actor, partnerId);
    const id = await this.db.transaction((m) => this.repo.createOffer(m, { partnerId, ...dto }));
    return PartnersRepository.offerView((await this.repo.offer(id))!, null);
  }

  /** Every offer of the partner, closed ones too. */
  async partnerOffers(actor: Actor, partnerId: number): Promise<PartnerOfferAdminView[]> {
    await this.ownPartner(actor, partnerId);
    return this.repo.offersOf(partnerId);
  }

  /** Residents can no longer convert into a closed offer; conversions already made stay. */
  async closeOffer(actor: Actor, partnerId: number, offerId: number): Promise<PartnerOfferAdminView> {
    const districtId = await this.ownPartner(actor, partnerId);
    const offer = await this.repo.offer(offerId);
    if (!offer || offer.partnerId !== partnerId) throw AppError.notFound('没有找到这个转换项目');
    await this.db.transaction(async (m) => {
      if (!(await this.repo.closeOffer(m, partnerId, offerId))) throw AppError.conflict('这个项目已经关闭了', PartnerError.OfferClosed);
      await this.audit.record(m, { ...auditedBy(actor), action: 'partner.offer.close', targetType: 'partner_offer', targetId: String(offerId), areaId: districtId });
    });
    return (await this.repo.offersOf(partnerId)).find((o) => o.id === offerId)!;
  }

  /** The district admin's district, when the partner belongs to it. */
  private async ownPartner(actor: Actor, partnerId: number): Promise<number> {
    const districtId = await this.districtAdmin(actor);
    const partner = await this.repo.partner(partnerId);
    if (!partner || partner.districtId !== districtId) throw AppError.notFound('没有找到这个合作机构');
    return districtId;
  }

  private async districtAdmin(actor: Actor): Promise<number> {
    if (actor.areaId === null) throw AppError.forbidden();
    const area = await this.areas.assertAdminOf(actor, actor.areaId);
    if (area.level !== 'district') throw AppError.forbidden('只有区级管理员可以管理合作机构');
    return area.id;
  }
}

function eligible(offer: OfferRow, balances: { id: string; category: Category; balanceMilli: number }[]) {
  return balances
    .filter((b) => b.balanceMilli > 0 && (offer.categories.length === 0 || offer.categories.includes(b.category)))
    .sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
}

function strip<T extends ConversionView>(c: T): ConversionView {
  return { id: c.id, receiptNo: c.receiptNo, offerTitle: c.offerTitle, partnerName: c.partnerName, creditsMilli: c.creditsMilli, createdAt: c.createdAt, reversed: c.reversed };
}
