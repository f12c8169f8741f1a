import type { ResidentListItemPage } from './api/types'
import { api } from './request'

export const RESIDENTS_PAGE_SIZE = 20

/** One page of residents in an area, masked by the server. */
export function listResidents(areaId: number, cursor: string | null): Promise<ResidentListItemPage> {
  return api.get('/api/admin/residents', { query: { areaId, cursor: cursor ?? undefined, limit: RESIDENTS_PAGE_SIZE } })
}
