import type { Schema } from './api/client'
import type { NominationView, ObjectionReceipt, ObjectionView, SelectionNotice, SelectionRules, SelectionView } from './api/types'
import { api } from './request'

/** 百姓学习之星 and 终身学习品牌项目 评选 (the server calls them selections). */

export type SelectionInput = Schema<'CreateSelectionDto'>
export type SelectionRulesInput = Schema<'SelectionRulesDto'>
export type NominationInput = Schema<'NominateDto'>
export type ObjectionInput = Schema<'ObjectionDto'>

// ---- the public 公示 (no sign-in needed) ----

/** Selections in 公示 or with a final list, within an area (anyone may read them). */
export function getPublicSelections(areaId?: number): Promise<SelectionView[]> {
  return api.get('/api/public/selections', { query: areaId === undefined ? {} : { areaId }, auth: false })
}

/** A selection's public list: names partly masked, community and 事迹. */
export function getSelectionNotice(id: number): Promise<SelectionNotice> {
  return api.get('/api/public/selections/{id}', { path: { id }, auth: false })
}

/** 异议 during 公示; the contact is for the admins only. */
export function objectToSelection(id: number, body: ObjectionInput): Promise<ObjectionReceipt> {
  return api.post('/api/public/selections/{id}/objections', { path: { id }, body, auth: false })
}

// ---- admins of the selection's area ----

export function listSelections(areaId?: number): Promise<SelectionView[]> {
  return api.get('/api/selections', { query: areaId === undefined ? {} : { areaId } })
}

export function createSelection(body: SelectionInput): Promise<SelectionView> {
  return api.post('/api/selections', { body })
}

export function getSelection(id: number): Promise<SelectionView> {
  return api.get('/api/selections/{id}', { path: { id } })
}

/** The district's eligibility rules, one per kind (every admin reads them; the district admin sets them). */
export function getSelectionRules(): Promise<SelectionRules[]> {
  return api.get('/api/selection-rules')
}

export function saveSelectionRules(body: SelectionRulesInput): Promise<SelectionRules> {
  return api.put('/api/selection-rules', { body })
}

/** Every nomination, the learning record only where the nominee consented. */
export function listNominations(selectionId: number): Promise<NominationView[]> {
  return api.get('/api/selections/{id}/nominations', { path: { id: selectionId } })
}

export function selectNomination(id: number): Promise<NominationView> {
  return api.post('/api/selection-nominations/{id}/select', { path: { id } })
}

export function rejectNomination(id: number, reason: string): Promise<NominationView> {
  return api.post('/api/selection-nominations/{id}/reject', { path: { id }, body: { reason } })
}

export function publishSelection(id: number): Promise<SelectionView> {
  return api.post('/api/selections/{id}/publish', { path: { id } })
}

export function listObjections(selectionId: number): Promise<ObjectionView[]> {
  return api.get('/api/selections/{id}/objections', { path: { id: selectionId } })
}

/** `upheld`: the objection stands and the nominee leaves the list. */
export function answerObjection(id: number, answer: string, upheld: boolean): Promise<ObjectionView[]> {
  return api.post('/api/selection-objections/{id}/answer', { path: { id }, body: { answer, upheld } })
}

export function finaliseSelection(id: number): Promise<SelectionView> {
  return api.post('/api/selections/{id}/finalise', { path: { id } })
}

// ---- nominating and consenting (any signed-in person) ----

/** The selections the caller may nominate for today. */
export function listOpenSelections(): Promise<SelectionView[]> {
  return api.get('/api/selections/open')
}

export function nominate(selectionId: number, body: NominationInput): Promise<NominationView> {
  return api.post('/api/selections/{id}/nominations', { path: { id: selectionId }, body })
}

/** Nominations the caller made, and those naming them (awaiting their answer among them). */
export function listMyNominations(): Promise<NominationView[]> {
  return api.get('/api/me/selection-nominations')
}

export function answerNomination(id: number, accept: boolean): Promise<NominationView> {
  return api.post('/api/me/selection-nominations/{id}/consent', { path: { id }, body: { accept } })
}
