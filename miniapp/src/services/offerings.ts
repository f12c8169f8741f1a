import { Highlight, type LearningCircle, type OfferingDetail, type OfferingQuery, type OfferingSummary, type Page, type TeacherProfile, type TeacherSummary } from '@lp/shared'
import type { QueryValue } from '../utils/url'
import { api } from './request'

export const OFFERINGS_PAGE_SIZE = 10

function queryOf(query: OfferingQuery): Record<string, QueryValue> {
  const { hasPlaces, lat, lng, ...rest } = query
  return {
    ...rest,
    hasPlaces: hasPlaces ? 'true' : undefined,
    // Six decimals is about 10 cm: enough, and it keeps the exact position out of URLs.
    lat: lat === undefined ? undefined : lat.toFixed(6),
    lng: lng === undefined ? undefined : lng.toFixed(6)
  }
}

/** Published courses and activities, one page at a time; near a point when lat/lng are given. */
export function listOfferings(query: OfferingQuery): Promise<Page<OfferingSummary>> {
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
  return api.get('/api/offerings/circle', { query: { lat: Number(latitude.toFixed(6)), lng: Number(longitude.toFixed(6)) }, auth: false })
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
