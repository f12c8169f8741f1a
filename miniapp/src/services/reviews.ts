import type { OfferingDetail, ReviewItem } from './api/types'
import { api } from './request'

/** Courses and activities waiting for this administrator's decision. */
export function listReviews(): Promise<ReviewItem[]> {
  return api.get('/api/admin/offerings/reviews')
}

export function approveOffering(id: number): Promise<OfferingDetail> {
  return api.post('/api/admin/offerings/{id}/approve', { path: { id } })
}

/** Back to the teacher as a draft, with the reason they will read. */
export function returnOffering(id: number, reason: string): Promise<OfferingDetail> {
  return api.post('/api/admin/offerings/{id}/return', { path: { id }, body: { reason } })
}
