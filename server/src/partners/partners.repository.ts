import { Category, ConsentView, ConversionView, PartnerKeyView, PartnerOfferAdminView, PartnerOfferView, PartnerScope, PartnerView, PRIVACY_TEXT_VERSION } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

interface ConsentRow {
  id: string;
  partner_id: number;
  partner_name: string;
  scopes: PartnerScope[];
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  resident_id: string;
  privacy_text_version: string;
}

const consentView = (r: ConsentRow, now: Date): ConsentView => ({
  id: r.id,
  partner: { id: r.partner_id, name: r.partner_name },
  scopes: r.scopes,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
  active: r.revoked_at === null && r.expires_at > now,
  privacyTextVersion: r.privacy_text_version,
});

export interface OfferRow {
  id: number;
  partnerId: number;
  partnerName: string;
  districtId: number;
  title: string;
  description: string;
  creditsMilli: number;
  categories: Category[];
  active: boolean;
}

/** Partners, their keys, offers and call log; residents' consents; conversion receipts. */
@Injectable()
export class PartnersRepository {
  constructor(private readonly db: DataSource) {}

  async partners(): Promise<PartnerView[]> {
    return (await this.db.query(`SELECT id, name FROM partner ORDER BY name`)) as PartnerView[];
  }

  async partner(id: number): Promise<(PartnerView & { districtId: number }) | null> {
    const rows = (await this.db.query(`SELECT id, name, district_id FROM partner WHERE id = $1`, [id])) as { id: number; name: string; district_id: number }[];
    return rows[0] ? { id: rows[0].id, name: rows[0].name, districtId: rows[0].district_id } : null;
  }

  async createPartner(m: EntityManager, name: string, districtId: number): Promise<number> {
    const [row] = (await m.query(`INSERT INTO partner (name, district_id) VALUES ($1, $2) RETURNING id`, [name, districtId])) as { id: number }[];
    return row.id;
  }

  async createKey(m: EntityManager, partnerId: number, prefix: string, keyHash: string, scopes: PartnerScope[]): Promise<number> {
    const [row] = (await m.query(`INSERT INTO partner_api_key (partner_id, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4) RETURNING id`, [
      partnerId,
      prefix,
      keyHash,
      scopes,
    ])) as { id: number }[];
    return row.id;
  }

  /** `revoked` is true once the key's end (revocation, or the end of a rotation's overlap) has come. */
  async keyByPrefix(prefix: string, now: Date): Promise<{ id: number; partnerId: number; keyHash: string; scopes: PartnerScope[]; revoked: boolean } | null> {
    const rows = (await this.db.query(`SELECT id, partner_id, key_hash, scopes, revoked_at <= $2 AS revoked FROM partner_api_key WHERE prefix = $1`, [
      prefix,
      now,
    ])) as { id: number; partner_id: number; key_hash: string; scopes: PartnerScope[]; revoked: boolean | null }[];
    const r = rows[0];
    return r ? { id: r.id, partnerId: r.partner_id, keyHash: r.key_hash, scopes: r.scopes, revoked: r.revoked === true } : null;
  }

  async keysOf(partnerId: number, now: Date): Promise<PartnerKeyView[]> {
    const rows = (await this.db.query(`SELECT id, prefix, scopes, created_at, revoked_at FROM partner_api_key WHERE partner_id = $1 ORDER BY id DESC`, [partnerId])) as KeyRow[];
    return rows.map((r) => keyView(r, now));
  }

  async key(m: EntityManager | DataSource, partnerId: number, keyId: number, now: Date): Promise<PartnerKeyView | null> {
    const rows = (await m.query(`SELECT id, prefix, scopes, created_at, revoked_at FROM partner_api_key WHERE id = $1 AND partner_id = $2`, [keyId, partnerId])) as KeyRow[];
    return rows[0] ? keyView(rows[0], now) : null;
  }

  /**
   * Sets when a key stops working, only if that is earlier than the end it already has; a key
   * whose end has come is left alone. Answers whether the key was still working.
   */
  async endKey(m: EntityManager, keyId: number, at: Date, now: Date): Promise<boolean> {
    const rows = (await m.query(
      `UPDATE partner_api_key SET revoked_at = $2 WHERE id = $1 AND (revoked_at IS NULL OR (revoked_at > $3 AND revoked_at > $2)) RETURNING id`,
      [keyId, at, now],
    )) as [unknown[], number];
    return rows[1] === 1;
  }

  async logCall(v: { partnerId: number | null; keyId: number | null; endpoint: string; residentId: string | null; status: number; outcome: string }): Promise<void> {
    await this.db.query(`INSERT INTO partner_api_call (partner_id, api_key_id, endpoint, resident_id, status, outcome) VALUES ($1, $2, $3, $4, $5, $6)`, [
      v.partnerId,
      v.keyId,
      v.endpoint,
      v.residentId,
      v.status,
      v.outcome,
    ]);
  }

  async createOffer(m: EntityManager, v: Omit<OfferRow, 'id' | 'partnerName' | 'districtId' | 'active'>): Promise<number> {
    const [row] = (await m.query(
      `INSERT INTO partner_offer (partner_id, title, description, credits_milli, categories) VALUES ($1, $2, $3, $4, $5::offering_category[]) RETURNING id`,
      [v.partnerId, v.title, v.description, v.creditsMilli, v.categories],
    )) as { id: number }[];
    return row.id;
  }

  async offers(onlyActive: boolean, partnerId?: number): Promise<OfferRow[]> {
    const rows = (await this.db.query(
      `SELECT o.id, o.partner_id, p.name AS partner_name, p.district_id, o.title, o.description, o.credits_milli, o.categories, o.active
       FROM partner_offer o JOIN partner p ON p.id = o.partner_id
       WHERE ($1::boolean IS FALSE OR o.active) AND ($2::int IS NULL OR o.partner_id = $2)
       ORDER BY p.name, o.credits_milli, o.id`,
      [onlyActive, partnerId ?? null],
    )) as { id: number; partner_id: number; partner_name: string; district_id: number; title: string; description: string; credits_milli: number; categories: string | Category[]; active: boolean }[];
    return rows.map((r) => ({
      id: r.id,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      districtId: r.district_id,
      title: r.title,
      description: r.description,
      creditsMilli: r.credits_milli,
      categories: parseEnumArray(r.categories),
      active: r.active,
    }));
  }

  async offer(id: number): Promise<OfferRow | null> {
    return (await this.offers(false)).find((o) => o.id === id) ?? null;
  }

  async offersOf(partnerId: number): Promise<PartnerOfferAdminView[]> {
    return (await this.offers(false, partnerId)).map((o) => ({ ...PartnersRepository.offerView(o, null), active: o.active }));
  }

  /** Answers whether the offer was open (and is closed now). */
  async closeOffer(m: EntityManager, partnerId: number, offerId: number): Promise<boolean> {
    const rows = (await m.query(`UPDATE partner_offer SET active = false WHERE id = $1 AND partner_id = $2 AND active RETURNING id`, [offerId, partnerId])) as [unknown[], number];
    return rows[1] === 1;
  }

  static offerView(o: OfferRow, availableMilli: number | null): PartnerOfferView {
    return { id: o.id, partnerName: o.partnerName, title: o.title, description: o.description, creditsMilli: o.creditsMilli, categories: o.categories, availableMilli };
  }

  // --- consents

  /** The consent is stored with the version of the privacy text the resident gave it under. */
  async createConsent(v: { residentId: string; partnerId: number; tokenHash: string; scopes: PartnerScope[]; expiresAt: Date }): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO partner_consent (resident_id, partner_id, token_hash, scopes, expires_at, privacy_text_version) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [v.residentId, v.partnerId, v.tokenHash, v.scopes, v.expiresAt, PRIVACY_TEXT_VERSION],
    )) as { id: string }[];
    return row.id;
  }

  private readonly consentSelect = `
    SELECT c.id, c.partner_id, p.name AS partner_name, c.scopes, c.created_at, c.expires_at, c.revoked_at, c.resident_id, c.privacy_text_version
    FROM partner_consent c JOIN partner p ON p.id = c.partner_id`;

  async consentsOf(residentId: string, now: Date): Promise<ConsentView[]> {
    const rows = (await this.db.query(`${this.consentSelect} WHERE c.resident_id = $1 ORDER BY c.created_at DESC LIMIT 100`, [residentId])) as ConsentRow[];
    return rows.map((r) => consentView(r, now));
  }

  async consent(id: string, now: Date): Promise<(ConsentView & { residentId: string }) | null> {
    const rows = (await this.db.query(`${this.consentSelect} WHERE c.id = $1`, [id])) as ConsentRow[];
    return rows[0] ? { ...consentView(rows[0], now), residentId: rows[0].resident_id } : null;
  }

  /** The consent whose token hashes to one of `tokenHashes` (the token under each look-up algorithm). */
  async consentByToken(tokenHashes: string[], now: Date): Promise<(ConsentView & { residentId: string }) | null> {
    const rows = (await this.db.query(`${this.consentSelect} WHERE c.token_hash = ANY($1::bpchar[])`, [tokenHashes])) as ConsentRow[];
    return rows[0] ? { ...consentView(rows[0], now), residentId: rows[0].resident_id } : null;
  }

  async revokeConsent(id: string, residentId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE partner_consent SET revoked_at = $3 WHERE id = $1 AND resident_id = $2 AND revoked_at IS NULL`, [id, residentId, at]);
  }

  /** Every consent of a resident ends now (a closed account): a partner holding a token gets nothing more. */
  async revokeAllConsents(m: EntityManager, residentId: string, at: Date): Promise<number> {
    const [, affected] = (await m.query(`UPDATE partner_consent SET revoked_at = $2 WHERE resident_id = $1 AND revoked_at IS NULL`, [residentId, at])) as [unknown, number];
    return affected;
  }

  // --- conversions

  async conversionByRequest(m: EntityManager, residentId: string, requestKey: string): Promise<string | null> {
    const rows = (await m.query(`SELECT id FROM credit_conversion WHERE resident_id = $1 AND request_key = $2`, [residentId, requestKey])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async insertConversion(m: EntityManager, v: { residentId: string; offerId: number; creditsMilli: number; receiptNo: string; requestKey: string }): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO credit_conversion (resident_id, offer_id, credits_milli, receipt_no, request_key) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [v.residentId, v.offerId, v.creditsMilli, v.receiptNo, v.requestKey],
    )) as { id: string }[];
    return row.id;
  }

  private readonly conversionSelect = `
    SELECT c.id, c.receipt_no, o.title, p.id AS partner_id, p.name AS partner_name, c.credits_milli, c.created_at, c.resident_id, c.community_id,
           c.reversed
    FROM partner_conversion c JOIN partner_offer o ON o.id = c.offer_id JOIN partner p ON p.id = o.partner_id`;

  async conversion(m: EntityManager | DataSource, id: string): Promise<(ConversionView & { residentId: string; partnerId: number; areaId: number }) | null> {
    const rows = (await m.query(`${this.conversionSelect} WHERE c.id = $1`, [id])) as ConversionRow[];
    const r = rows[0];
    return r ? { ...conversionView(r), residentId: r.resident_id, partnerId: r.partner_id, areaId: r.community_id } : null;
  }

  /** A resident's conversions, newest first. */
  async conversionsOf(residentId: string): Promise<ConversionView[]> {
    const rows = (await this.db.query(`${this.conversionSelect} WHERE c.resident_id = $1 ORDER BY c.created_at DESC LIMIT 50`, [residentId])) as ConversionRow[];
    return rows.map(conversionView);
  }

  /** A page of a resident's conversions, newest first, after the conversion id last seen. */
  async conversionPage(residentId: string, beforeId: string | null, limit: number): Promise<ConversionView[]> {
    const rows = (await this.db.query(
      `${this.conversionSelect} WHERE c.resident_id = $1 AND ($2::bigint IS NULL OR c.id < $2::bigint) ORDER BY c.id DESC LIMIT $3`,
      [residentId, beforeId, limit],
    )) as ConversionRow[];
    return rows.map(conversionView);
  }

  async conversionByReceipt(receiptNo: string): Promise<string | null> {
    const rows = (await this.db.query(`SELECT id FROM credit_conversion WHERE receipt_no = $1`, [receiptNo])) as { id: string }[];
    return rows[0]?.id ?? null;
  }
}

interface KeyRow {
  id: number;
  prefix: string;
  scopes: PartnerScope[];
  created_at: Date;
  revoked_at: Date | null;
}

const keyView = (r: KeyRow, now: Date): PartnerKeyView => ({
  id: r.id,
  prefix: r.prefix,
  scopes: r.scopes,
  createdAt: r.created_at.toISOString(),
  endsAt: r.revoked_at?.toISOString() ?? null,
  active: r.revoked_at === null || r.revoked_at > now,
});

interface ConversionRow {
  id: string;
  receipt_no: string;
  title: string;
  partner_id: number;
  partner_name: string;
  credits_milli: number;
  created_at: Date;
  resident_id: string;
  community_id: number;
  reversed: boolean;
}

const conversionView = (r: ConversionRow): ConversionView => ({
  id: r.id,
  receiptNo: r.receipt_no,
  offerTitle: r.title,
  partnerName: r.partner_name,
  creditsMilli: r.credits_milli,
  createdAt: r.created_at.toISOString(),
  reversed: r.reversed,
});

/** node-postgres returns arrays of enum types as their text form '{a,b}'. */
function parseEnumArray(v: string | Category[]): Category[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? (inner.split(',') as Category[]) : [];
}
