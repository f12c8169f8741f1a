import type { Schema } from './api/client'
import type { OfferingDetail, RosterEntry, TeacherOffering, TeacherProfile } from './api/types'
import { api } from './request'

export type OfferingInput = Schema<'OfferingInputDto'>

/** A teacher's own school's courses and activities, in every status. */
export function listMyOfferings(): Promise<TeacherOffering[]> {
  return api.get('/api/teacher/offerings')
}

/** Saves a new draft. */
export function createOffering(input: OfferingInput): Promise<OfferingDetail> {
  return api.post('/api/teacher/offerings', { body: input })
}

/** Only drafts can be changed. */
export function updateOffering(id: number, input: OfferingInput): Promise<OfferingDetail> {
  return api.put('/api/teacher/offerings/{id}', { path: { id }, body: input })
}

/** 提交审核: the area's administrator approves or returns it. */
export function submitOffering(id: number): Promise<OfferingDetail> {
  return api.post('/api/teacher/offerings/{id}/submit', { path: { id } })
}

export function cancelOffering(id: number, reason: string): Promise<OfferingDetail> {
  return api.post('/api/teacher/offerings/{id}/cancel', { path: { id }, body: { reason } })
}

export function cancelSession(id: number, sessionId: number, reason: string): Promise<OfferingDetail> {
  return api.post('/api/teacher/offerings/{id}/sessions/{sessionId}/cancel', { path: { id, sessionId }, body: { reason } })
}

/** Who enrolled and who waits, in order. */
export function getRoster(id: number): Promise<RosterEntry[]> {
  return api.get('/api/teacher/offerings/{id}/roster', { path: { id } })
}

/** 师资库 entry of the teacher who is signed in. */
export function saveTeacherProfile(specialties: string[], bio: string): Promise<TeacherProfile> {
  return api.put('/api/teacher/profile', { body: { specialties, bio } })
}
