import { distanceMeters, type LatLng } from '../../utils/geo'
import type { VenueSummary } from '../../services/api/types'

export interface RankedVenue {
  venue: VenueSummary
  /** Metres from the person, when their position is known. */
  distance: number | null
}

const byName = (a: VenueSummary, b: VenueSummary): number => a.name.localeCompare(b.name, 'zh-Hans-CN')

/**
 * Nearest first when the phone's position is known; otherwise the venues of the
 * resident's own street first, each group in name order.
 */
export function rankVenues(venues: VenueSummary[], position: LatLng | null, homeVenueIds: ReadonlySet<number>): RankedVenue[] {
  if (position) {
    return venues
      .map((venue) => ({ venue, distance: distanceMeters(position, venue) }))
      .sort((a, b) => a.distance - b.distance)
  }
  const home = venues.filter((v) => homeVenueIds.has(v.id)).sort(byName)
  const others = venues.filter((v) => !homeVenueIds.has(v.id)).sort(byName)
  return [...home, ...others].map((venue) => ({ venue, distance: null }))
}
