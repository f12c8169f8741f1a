import type { Schema } from './api/client'
import type { CampaignListItem, CampaignRuleSettings, CampaignView, OfferingCampaignChoice } from './api/types'
import { api } from './request'

/** 活动周, 开放日 and other campaigns: their landing page (public), the admins' pages, a teacher joining one. */

export type CampaignCreation = Schema<'CreateCampaignDto'>
export type CampaignDetails = Schema<'CampaignDetailsDto'>
export type CampaignRule = Schema<'CampaignRuleDto'>

// ---- anyone, signed in or not ----

/** Published campaigns not yet over; with an area, those of it, above it and below it. */
export function getPublicCampaigns(areaId?: number): Promise<CampaignListItem[]> {
  return api.get('/api/public/campaigns', { query: areaId === undefined ? {} : { areaId }, auth: false })
}

export function getPublicCampaign(id: number): Promise<CampaignView> {
  return api.get('/api/public/campaigns/{id}', { path: { id }, auth: false })
}

// ---- admins ----

export function listCampaigns(year?: number): Promise<CampaignListItem[]> {
  return api.get('/api/campaigns', { query: year === undefined ? {} : { year } })
}

export function getCampaign(id: number): Promise<CampaignView> {
  return api.get('/api/campaigns/{id}', { path: { id } })
}

export function createCampaign(body: CampaignCreation): Promise<CampaignView> {
  return api.post('/api/campaigns', { body })
}

export function updateCampaign(id: number, body: CampaignDetails): Promise<CampaignView> {
  return api.put('/api/campaigns/{id}', { path: { id }, body })
}

export function publishCampaign(id: number, published: boolean): Promise<CampaignView> {
  return published ? api.post('/api/campaigns/{id}/publish', { path: { id } }) : api.post('/api/campaigns/{id}/unpublish', { path: { id } })
}

export function addCampaignActivity(id: number, offeringId: number): Promise<CampaignView> {
  return api.post('/api/campaigns/{id}/activities', { path: { id }, body: { offeringId } })
}

export function removeCampaignActivity(id: number, offeringId: number): Promise<CampaignView> {
  return api.delete('/api/campaigns/{id}/activities/{offeringId}', { path: { id, offeringId } })
}

export function getCampaignRules(): Promise<CampaignRuleSettings> {
  return api.get('/api/campaign-rules')
}

/** District super-admins only; 开放日 that follow the rule move with it. */
export function saveCampaignRule(body: CampaignRule): Promise<CampaignRuleSettings> {
  return api.put('/api/campaign-rules', { body })
}

/** A year's 开放日 set by hand, or null to follow the rule again. */
export function setCampaignYear(year: number, date: string | null): Promise<CampaignRuleSettings> {
  return api.put('/api/campaign-rules/years/{year}', { path: { year }, body: { date } })
}

// ---- teachers ----

export function getOfferingCampaigns(offeringId: number): Promise<OfferingCampaignChoice[]> {
  return api.get('/api/teacher/offerings/{id}/campaigns', { path: { id: offeringId } })
}

export function joinCampaign(offeringId: number, campaignId: number): Promise<OfferingCampaignChoice[]> {
  return api.post('/api/teacher/offerings/{id}/campaigns', { path: { id: offeringId }, body: { campaignId } })
}

export function leaveCampaign(offeringId: number, campaignId: number): Promise<OfferingCampaignChoice[]> {
  return api.delete('/api/teacher/offerings/{id}/campaigns/{campaignId}', { path: { id: offeringId, campaignId } })
}
