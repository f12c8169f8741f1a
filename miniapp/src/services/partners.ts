import type { Schema } from './api/client'
import type { PartnerKeyIssued, PartnerKeyRotated, PartnerKeyView, PartnerOfferAdminView, PartnerOfferView, PartnerView } from './api/types'
import { api } from './request'

/** 合作机构 as the district's admins manage them: the institutions, their API keys and their offers. */

export type OfferInput = Schema<'OfferInputDto'>
export type KeyScopes = Schema<'ApiKeyInputDto'>['scopes']

export function createPartner(name: string): Promise<PartnerView> {
  return api.post('/api/partners', { body: { name } })
}

export function listPartnerKeys(id: number): Promise<PartnerKeyView[]> {
  return api.get('/api/partners/{id}/keys', { path: { id } })
}

/** The answer holds the whole key; the server keeps only its prefix and hash, so it is shown this once. */
export function createPartnerKey(id: number, scopes: KeyScopes): Promise<PartnerKeyIssued> {
  return api.post('/api/partners/{id}/keys', { path: { id }, body: { scopes } })
}

/** A new key; the old one keeps working for `overlapHours` (0: it stops at once). */
export function rotatePartnerKey(id: number, keyId: number, overlapHours: number): Promise<PartnerKeyRotated> {
  return api.post('/api/partners/{id}/keys/{keyId}/rotate', { path: { id, keyId }, body: { overlapHours } })
}

export function revokePartnerKey(id: number, keyId: number, reason: string): Promise<PartnerKeyView> {
  return api.post('/api/partners/{id}/keys/{keyId}/revoke', { path: { id, keyId }, body: { reason } })
}

export function listOffersOf(id: number): Promise<PartnerOfferAdminView[]> {
  return api.get('/api/partners/{id}/offers', { path: { id } })
}

export function createOffer(id: number, body: OfferInput): Promise<PartnerOfferView> {
  return api.post('/api/partners/{id}/offers', { path: { id }, body })
}

export function closeOffer(id: number, offerId: number): Promise<PartnerOfferAdminView> {
  return api.post('/api/partners/{id}/offers/{offerId}/close', { path: { id, offerId } })
}
