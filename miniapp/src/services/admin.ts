import type { Page, ResidentListItem } from '@lp/shared'
import { api } from './request'

export const RESIDENTS_PAGE_SIZE = 20

/** One page of residents in an area, masked by the server. */
export function listResidents(areaId: number, cursor: string | null): Promise<Page<ResidentListItem>> {
  return api.get<Page<ResidentListItem>>('/api/admin/residents', {
    areaId,
    cursor,
    limit: RESIDENTS_PAGE_SIZE
  })
}
