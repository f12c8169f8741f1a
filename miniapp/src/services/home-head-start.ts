import { Role } from '@lp/shared'
import { listHighlights, listOfferings } from './offerings'
import { getMyProfile } from './profile'
import { session } from './session'
import type { OfferingSummary, OfferingSummaryPage, ResidentProfile } from './api/types'

/** How many 就在附近 offerings 首页 shows, and how many of each 活动周/开放日 kind it asks for. */
export const NEARBY_COUNT = 5
export const HIGHLIGHTS_EACH = 3

/** A head start not taken within this long is dropped: a later visit to 首页 loads fresh data. */
const FRESH_FOR_MS = 15_000

/** Calls started ahead, each taken at most once. */
interface HeadStart {
  at: number
  profile?: Promise<ResidentProfile | null>
  highlights?: Promise<OfferingSummary[]>
  /** 就在附近 of the resident's street, for when the phone's position is not known. */
  nearby?: { streetId: number; page: Promise<OfferingSummaryPage> }
}

let started: HeadStart | null = null

function quiet<T>(promise: Promise<T>): Promise<T> {
  // a failure is 首页's to show when it takes the answer, not an unhandled rejection now
  promise.catch(() => undefined)
  return promise
}

/**
 * H5 only, called by the app's entry when someone signed in opens it on 首页: starts the calls
 * 首页 makes first while the page's own code is still on its way, instead of after it has arrived
 * and rendered (on the slow phone of `npm run bench:h5` they began over a second later).
 */
export function startHomeHeadStart(): void {
  const user = session.user()
  if (!user) return
  const head: HeadStart = { at: Date.now(), highlights: quiet(listHighlights(HIGHLIGHTS_EACH)) }
  started = head
  if (user.role !== Role.Resident || !user.profileBound) return
  const profile = quiet(getMyProfile())
  head.profile = profile
  // the session names the resident's street: its offerings leave with the profile, not after it
  // (a session saved before it did waits for the profile, as 首页 itself would)
  const nearby = (streetId: number) => ({ streetId, page: quiet(listOfferings({ areaId: streetId, limit: NEARBY_COUNT })) })
  if (typeof user.homeStreetId === 'number') {
    head.nearby = nearby(user.homeStreetId)
    return
  }
  profile.then(
    (p) => {
      if (p) head.nearby = nearby(p.street.id)
    },
    () => undefined
  )
}

/** The call started ahead under `key`, taken once while fresh; else undefined. */
function take<K extends 'profile' | 'highlights' | 'nearby'>(key: K): HeadStart[K] | undefined {
  if (started && Date.now() - started.at > FRESH_FOR_MS) started = null
  const early = started?.[key]
  if (started) delete started[key]
  return early
}

/** 首页's first calls: an answer started ahead when there is one, otherwise the call made now. */
export const homeData = {
  profile: (): Promise<ResidentProfile | null> => take('profile') ?? getMyProfile(),
  highlights: (): Promise<OfferingSummary[]> => take('highlights') ?? listHighlights(HIGHLIGHTS_EACH),
  nearbyOfStreet(streetId: number | undefined): Promise<OfferingSummaryPage> {
    const early = take('nearby')
    return early && early.streetId === streetId ? early.page : listOfferings({ areaId: streetId, limit: NEARBY_COUNT })
  }
}
