import { PLACES_PAGE_SIZE, type SchoolType } from '@lp/shared'
import type { Schema } from './api/client'
import type { PlaceImportResult, SchoolAdminItem, SchoolAdminItemPage, SchoolSummary, VenueAdminItem, VenueAdminItemPage, VenueSummary } from './api/types'
import { api, type PickedFile } from './request'

/** Learning venues; with an area, only those inside it. */
export function listVenues(areaId?: number): Promise<VenueSummary[]> {
  return api.get('/api/venues', { query: { areaId }, auth: false })
}

/** Community schools; with an area, only those inside it. */
export function listSchools(areaId?: number): Promise<SchoolSummary[]> {
  return api.get('/api/schools', { query: { areaId }, auth: false })
}

/** The admin tables' filters: words of a name or address, one area's subtree, in use or not, and the page. */
export interface PlaceQuery {
  areaId: number | null
  q: string
  active: 'true' | 'false' | null
  page: number
}

const placeFilters = (query: PlaceQuery) => ({
  areaId: query.areaId ?? undefined,
  q: query.q || undefined,
  active: query.active ?? undefined,
  page: query.page,
  limit: PLACES_PAGE_SIZE
})

export type SchoolInput = Schema<'SchoolInputDto'>
export type SchoolChange = Schema<'SchoolChangeDto'>
export type VenueInput = Schema<'VenueInputDto'>
export type VenueChange = Schema<'VenueChangeDto'>

export function listAdminSchools(query: PlaceQuery, type: SchoolType | null): Promise<SchoolAdminItemPage> {
  return api.get('/api/admin/schools', { query: { ...placeFilters(query), type: type ?? undefined } })
}

export function createSchool(body: SchoolInput): Promise<SchoolAdminItem> {
  return api.post('/api/admin/schools', { body })
}

export function changeSchool(id: number, body: SchoolChange): Promise<SchoolAdminItem> {
  return api.patch('/api/admin/schools/{id}', { path: { id }, body })
}

export function importSchools(file: PickedFile, apply: boolean): Promise<PlaceImportResult> {
  return api.postForm(apply ? '/api/admin/schools/import' : '/api/admin/schools/import/preview', 'file', file, {}, '学校表没有导入成功，请稍后再试。')
}

export function listAdminVenues(query: PlaceQuery): Promise<VenueAdminItemPage> {
  return api.get('/api/admin/venues', { query: placeFilters(query) })
}

export function createVenue(body: VenueInput): Promise<VenueAdminItem> {
  return api.post('/api/admin/venues', { body })
}

export function changeVenue(id: number, body: VenueChange): Promise<VenueAdminItem> {
  return api.patch('/api/admin/venues/{id}', { path: { id }, body })
}

export function importVenues(file: PickedFile, apply: boolean): Promise<PlaceImportResult> {
  return api.postForm(apply ? '/api/admin/venues/import' : '/api/admin/venues/import/preview', 'file', file, {}, '场地表没有导入成功，请稍后再试。')
}
