import type { OfferingDetail, ReviewItem } from '@lp/shared'
import { api } from './request'

/** Courses and activities waiting for this administrator's decision. */
export function listReviews(): Promise<ReviewItem[]> {
  return api.get<ReviewItem[]>('/api/admin/offerings/reviews')
}

export function approveOffering(id: number): Promise<OfferingDetail> {
  return api.post<OfferingDetail>(`/api/admin/offerings/${id}/approve`)
}

/** Back to the teacher as a draft, with the reason they will read. */
export function returnOffering(id: number, reason: string): Promise<OfferingDetail> {
  return api.post<OfferingDetail>(`/api/admin/offerings/${id}/return`, { reason })
}
