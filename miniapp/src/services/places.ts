import type { SchoolSummary, VenueSummary } from '@lp/shared'
import { api } from './request'

/** Learning venues; with an area, only those inside it. */
export function listVenues(areaId?: number): Promise<VenueSummary[]> {
  return api.get<VenueSummary[]>('/api/venues', { areaId }, { auth: false })
}

/** Community schools; with an area, only those inside it. */
export function listSchools(areaId?: number): Promise<SchoolSummary[]> {
  return api.get<SchoolSummary[]>('/api/schools', { areaId }, { auth: false })
}
