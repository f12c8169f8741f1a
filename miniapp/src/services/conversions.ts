import type { Schema } from './api/client'
import type { ConsentView, ConversionView, IssuedConsent, PartnerOfferView, PartnerView, ResidentConversionPage } from './api/types'
import { api } from './request'

/** 学分转换 into what partners recognise, and the resident's consents that let partners query their credits. */

export type ConversionInput = Schema<'ConversionInputDto'>
export type ConsentInput = Schema<'ConsentInputDto'>

/** Offers, each with the credits of the right categories the resident holds now. */
export function listPartnerOffers(): Promise<PartnerOfferView[]> {
  return api.get('/api/partner-offers')
}

/**
 * Spends credits on an offer. The same `requestKey` sent again (a retry after a lost answer)
 * returns the first receipt instead of converting twice; 409 `insufficient_credits` when too few are held.
 */
export function convertCredits(body: ConversionInput): Promise<ConversionView> {
  return api.post('/api/me/conversions', { body })
}

export function listPartners(): Promise<PartnerView[]> {
  return api.get('/api/partners')
}

export function listConsents(): Promise<ConsentView[]> {
  return api.get('/api/me/consents')
}

/** The token in the answer is shown this once and never again. */
export function issueConsent(body: ConsentInput): Promise<IssuedConsent> {
  return api.post('/api/me/consents', { body })
}

export function revokeConsent(id: string): Promise<ConsentView> {
  return api.post('/api/me/consents/{id}/revoke', { path: { id } })
}

/** A fresh key per conversion attempt, in UUID v4 form; it is kept and resent when the attempt is retried. */
export function newRequestKey(): string {
  const hex = '0123456789abcdef'
  let key = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) key += '-'
    else if (i === 14) key += '4'
    else if (i === 19) key += hex[8 + Math.floor(Math.random() * 4)]
    else key += hex[Math.floor(Math.random() * 16)]
  }
  return key
}

export const CONVERSIONS_PAGE_SIZE = 10

/** A resident's conversions, newest first, with the credits they hold now; for an administrator of their area. */
export function listResidentConversions(residentId: string, cursor: string | null): Promise<ResidentConversionPage> {
  return api.get('/api/admin/residents/{userId}/conversions', { path: { userId: residentId }, query: { cursor: cursor ?? undefined, limit: CONVERSIONS_PAGE_SIZE } })
}

/** Undoes a conversion: reversing transfers give the credits back to the resident. 409 when it was undone already. */
export function reverseConversion(id: string, reason: string): Promise<ConversionView> {
  return api.post('/api/conversions/{id}/reverse', { path: { id }, body: { reason } })
}
