import type { SchoolSummary, VenueSummary } from './api/types'
import { api } from './request'

/** Learning venues; with an area, only those inside it. */
export function listVenues(areaId?: number): Promise<VenueSummary[]> {
  return api.get('/api/venues', { query: { areaId }, auth: false })
}

/** Community schools; with an area, only those inside it. */
export function listSchools(areaId?: number): Promise<SchoolSummary[]> {
  return api.get('/api/schools', { query: { areaId }, auth: false })
}
