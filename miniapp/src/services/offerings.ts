import { Highlight } from '@lp/shared'
import type { Query } from './api/client'
import type { LearningCircle, OfferingDetail, OfferingSummary, OfferingSummaryPage, TeacherProfile, TeacherSummary } from './api/types'
import { api } from './request'

export const OFFERINGS_PAGE_SIZE = 10

/** The filters of the catalogue, as `/api/offerings` takes them. */
export type OfferingQuery = Query<'/api/offerings'>

/** Six decimals is about 10 cm: enough, and it keeps the exact position out of URLs. */
const rounded = (degrees: number): number => Number(degrees.toFixed(6))

function queryOf(query: OfferingQuery): OfferingQuery {
  const { hasPlaces, lat, lng, ...rest } = query
  return {
    ...rest,
    hasPlaces: hasPlaces || undefined,
    lat: lat === undefined ? undefined : rounded(lat),
    lng: lng === undefined ? undefined : rounded(lng)
  }
}

/** Published courses and activities, one page at a time; near a point when lat/lng are given. */
export function listOfferings(query: OfferingQuery): Promise<OfferingSummaryPage> {
  return api.get('/api/offerings', { query: queryOf({ limit: OFFERINGS_PAGE_SIZE, ...query }), auth: false })
}

/** 活动周 and 开放日 offerings together, soonest first. */
export async function listHighlights(limitEach: number): Promise<OfferingSummary[]> {
  const pages = await Promise.all(Object.values(Highlight).map((highlight) => listOfferings({ highlight, limit: limitEach })))
  const seen = new Set<number>()
  const unique = pages.flatMap((page) => page.items).filter((offering) => !seen.has(offering.id) && seen.add(offering.id))
  const when = (offering: OfferingSummary) => (offering.nextSessionAt ? Date.parse(offering.nextSessionAt) : Infinity)
  return unique.sort((a, b) => when(a) - when(b))
}

/** The 30分钟学习圈 around a point. */
export function getLearningCircle(latitude: number, longitude: number): Promise<LearningCircle> {
  return api.get('/api/offerings/circle', { query: { lat: rounded(latitude), lng: rounded(longitude) }, auth: false })
}

/** One offering; signed-in residents also get their own enrollment in it. */
export function getOffering(id: number): Promise<OfferingDetail> {
  return api.get('/api/offerings/{id}', { path: { id } })
}

/** 师资库 */
export function listTeachers(areaId?: number): Promise<TeacherSummary[]> {
  return api.get('/api/teachers', { query: { areaId }, auth: false })
}

export function getTeacher(id: string): Promise<TeacherProfile> {
  return api.get('/api/teachers/{id}', { path: { id }, auth: false })
}
