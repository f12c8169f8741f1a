import type { ResidentGroup } from '@lp/shared'
import type { ResidentListItemPage } from './api/types'
import { api } from './request'

export const RESIDENTS_PAGE_SIZE = 20

/** What the residents table shows: an area (down to one community), maybe one group, maybe a search. */
export interface ResidentQuery {
  areaId: number
  group: ResidentGroup | null
  /** A whole name or a whole 11-digit phone number; empty for the plain list. */
  q: string
}

/**
 * One page of residents, masked by the server. A search goes in the request body, so that a
 * phone number never sits in a URL.
 */
export function listResidents(query: ResidentQuery, cursor: string | null): Promise<ResidentListItemPage> {
  const filters = { areaId: query.areaId, group: query.group ?? undefined, cursor: cursor ?? undefined, limit: RESIDENTS_PAGE_SIZE }
  if (query.q) return api.post('/api/admin/residents/search', { body: { ...filters, q: query.q } })
  return api.get('/api/admin/residents', { query: filters })
}
