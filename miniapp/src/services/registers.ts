import type { VolunteerStatus, WorkerKind } from '@lp/shared'
import type { EducationWorkerView, EducationWorkerViewPage, TrainingRequirement, VolunteerListItemPage, VolunteerView } from './api/types'
import { api } from './request'

export const REGISTER_PAGE_SIZE = 20

/** The resident's own 志愿者 档案; a not-volunteer error (404) means they have not joined. */
export function myVolunteerRecord(): Promise<VolunteerView> {
  return api.get('/api/me/volunteer')
}

export function joinVolunteers(entry: { skills: string[]; intro: string; agreed: true }): Promise<VolunteerView> {
  return api.post('/api/me/volunteer', { body: entry })
}

export function listVolunteers(areaId: number, page: number, status: VolunteerStatus | null): Promise<VolunteerListItemPage> {
  return api.get('/api/admin/volunteers', { query: { areaId, page, limit: REGISTER_PAGE_SIZE, status: status ?? undefined } })
}

export function enrolVolunteer(entry: { phone: string; areaId: number; skills: string[]; intro: string }): Promise<VolunteerView> {
  return api.post('/api/admin/volunteers', { body: entry })
}

export function recordVolunteerService(
  id: number,
  service: { offeringId: number; sessionId?: number; servedOn: string; minutes: number; duty: string }
): Promise<VolunteerView> {
  return api.post('/api/admin/volunteers/{id}/services', { path: { id }, body: service })
}

export function setVolunteerStatus(id: number, status: VolunteerStatus): Promise<VolunteerView> {
  return api.patch('/api/admin/volunteers/{id}', { path: { id }, body: { status } })
}

export function listEducationWorkers(query: { areaId?: number; year: number; page: number }): Promise<EducationWorkerViewPage> {
  return api.get('/api/admin/education-workers', { query: { ...query, limit: REGISTER_PAGE_SIZE } })
}

export function registerEducationWorker(entry: {
  name: string
  phone: string
  kind: WorkerKind
  areaId?: number
  schoolId?: number
  qualifications: string[]
  joinedOn: string
}): Promise<EducationWorkerView> {
  return api.post('/api/admin/education-workers', { body: entry })
}

export function recordWorkerTraining(id: number, entry: { trainedOn: string; minutes: number; what: string }): Promise<EducationWorkerView> {
  return api.post('/api/admin/education-workers/{id}/training', { path: { id }, body: entry })
}

export function trainingRequirement(year: number): Promise<TrainingRequirement> {
  return api.get('/api/admin/education-workers/requirement/{year}', { path: { year } })
}

/** 摄影、讲解 / 摄影,讲解 → ['摄影', '讲解']: the words of a free-text list field. */
export function splitWords(text: string): string[] {
  return text
    .split(/[、，,；;\s]+/)
    .map((w) => w.trim())
    .filter(Boolean)
}
