import type { OrganisationKind, OrganisationStatus } from '@lp/shared'
import type { Schema } from './api/client'
import type { OrganisationCriteria, OrganisationListItem, OrganisationSettings, OrganisationView } from './api/types'
import { api } from './request'

/** 学习型组织 and 学习型社团: registered in an area, assessed and recognised by the area above, reviewed yearly. */

export type OrganisationRegistration = Schema<'RegisterOrganisationDto'>
export type OrganisationAssessment = Schema<'AssessOrganisationDto'>
export type OrganisationReview = Schema<'ReviewOrganisationDto'>
export type OrganisationSubsidy = Schema<'SubsidyDto'>

/** Admins: the organisations of their area, waiting ones first. */
export function listOrganisations(status: OrganisationStatus | null, kind: OrganisationKind | null = null): Promise<OrganisationListItem[]> {
  return api.get('/api/learning-organisations', { query: { status: status ?? undefined, kind: kind ?? undefined } })
}

export function getOrganisation(id: string): Promise<OrganisationView> {
  return api.get('/api/learning-organisations/{id}', { path: { id } })
}

/** 409 when the area already has one of that kind with that name. */
export function registerOrganisation(body: OrganisationRegistration): Promise<OrganisationView> {
  return api.post('/api/learning-organisations', { body })
}

/** 认定 or 退回 (with a reason the applicant reads), one score per criterion. */
export function assessOrganisation(id: string, body: OrganisationAssessment): Promise<OrganisationView> {
  return api.post('/api/learning-organisations/{id}/assess', { path: { id }, body })
}

/** 年度复核: recognition holds until the next year's date. */
export function reviewOrganisation(id: string, body: OrganisationReview): Promise<OrganisationView> {
  return api.post('/api/learning-organisations/{id}/review', { path: { id }, body })
}

export function addSubsidy(id: string, body: OrganisationSubsidy): Promise<OrganisationView> {
  return api.post('/api/learning-organisations/{id}/subsidies', { path: { id }, body })
}

export function linkActivity(id: string, offeringId: number): Promise<OrganisationView> {
  return api.post('/api/learning-organisations/{id}/activities', { path: { id }, body: { offeringId } })
}

export function unlinkActivity(id: string, offeringId: number): Promise<OrganisationView> {
  return api.delete('/api/learning-organisations/{id}/activities/{offeringId}', { path: { id, offeringId } })
}

export function listCriteria(): Promise<OrganisationCriteria[]> {
  return api.get('/api/learning-organisations/criteria')
}

/** Super-admins only: replaces a kind's criteria; assessments already made keep theirs. */
export function saveCriteria(kind: OrganisationKind, criteria: { title: string; maxScore: number }[]): Promise<OrganisationCriteria> {
  return api.put('/api/learning-organisations/criteria/{kind}', { path: { kind }, body: { criteria } })
}

export function getOrganisationSettings(): Promise<OrganisationSettings> {
  return api.get('/api/learning-organisations/settings')
}

export function saveOrganisationSettings(reviewMonth: number, reviewDay: number): Promise<OrganisationSettings> {
  return api.put('/api/learning-organisations/settings', { body: { reviewMonth, reviewDay } })
}

/** "3,000.00 元" from fen. */
export function yuanText(fen: number): string {
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`
}

/** Residents: apply for a 学习型家庭 or 学习型社团 of their own community; the street's admin assesses it. */
export function applyForOrganisation(body: OrganisationRegistration): Promise<OrganisationView> {
  return api.post('/api/me/learning-organisations', { body })
}

/** Residents: what they applied for, with its status and next review date. */
export function listMyOrganisations(): Promise<OrganisationListItem[]> {
  return api.get('/api/me/learning-organisations')
}

/** The one who registered it sends a returned or lapsed organisation again, corrected. */
export function resubmitOrganisation(id: string, body: Schema<'OrganisationDetailsDto'>): Promise<OrganisationView> {
  return api.put('/api/learning-organisations/{id}', { path: { id }, body })
}
