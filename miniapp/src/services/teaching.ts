import type { OfferingDetail, OfferingInput, RosterEntry, TeacherOffering, TeacherProfile } from '@lp/shared'
import { api } from './request'

/** A teacher's own school's courses and activities, in every status. */
export function listMyOfferings(): Promise<TeacherOffering[]> {
  return api.get<TeacherOffering[]>('/api/teacher/offerings')
}

/** Saves a new draft. */
export function createOffering(input: OfferingInput): Promise<OfferingDetail> {
  return api.post<OfferingDetail>('/api/teacher/offerings', input)
}

/** Only drafts can be changed. */
export function updateOffering(id: number, input: OfferingInput): Promise<OfferingDetail> {
  return api.put<OfferingDetail>(`/api/teacher/offerings/${id}`, input)
}

/** 提交审核: the area's administrator approves or returns it. */
export function submitOffering(id: number): Promise<OfferingDetail> {
  return api.post<OfferingDetail>(`/api/teacher/offerings/${id}/submit`)
}

export function cancelOffering(id: number, reason: string): Promise<OfferingDetail> {
  return api.post<OfferingDetail>(`/api/teacher/offerings/${id}/cancel`, { reason })
}

export function cancelSession(id: number, sessionId: number, reason: string): Promise<OfferingDetail> {
  return api.post<OfferingDetail>(`/api/teacher/offerings/${id}/sessions/${sessionId}/cancel`, { reason })
}

/** Who enrolled and who waits, in order. */
export function getRoster(id: number): Promise<RosterEntry[]> {
  return api.get<RosterEntry[]>(`/api/teacher/offerings/${id}/roster`)
}

/** 师资库 entry of the teacher who is signed in. */
export function saveTeacherProfile(specialties: string[], bio: string): Promise<TeacherProfile> {
  return api.put<TeacherProfile>('/api/teacher/profile', { specialties, bio })
}
