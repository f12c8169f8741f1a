import { listMyUpcomingSessions } from '../../../../services/check-ins'
import { getOffering } from '../../../../services/offerings'
import { calendarRanges, toLocal } from '../../../../utils/time'
import type { OfferingDetail, SessionView } from '../../../../services/api/types'

export interface TodaysSession {
  offering: OfferingDetail
  session: SessionView
}

/** A resident has a handful of activities on one day; more are not read. */
const MOST_OFFERINGS = 6

/**
 * The enrolled sessions a resident may check in to by code now or later today, soonest first:
 * those of today's Shanghai date that have not ended, and those whose check-in is already open
 * although their day is another one (00:10 after midnight, open since 23:40; or one that began
 * yesterday evening and runs past midnight). The server lists the resident's sessions of the next
 * two days, however many courses they joined over the years.
 */
export async function todaysSessions(): Promise<TodaysSession[]> {
  const now = Date.now()
  const { today } = calendarRanges(new Date(now))
  const actionable = (await listMyUpcomingSessions()).filter(
    (s) => Date.parse(s.endsAt) > now && (toLocal(s.startsAt).date === today || Date.parse(s.checkInOpensAt) <= now)
  )
  const offeringIds = [...new Set(actionable.map((s) => s.offeringId))].slice(0, MOST_OFFERINGS)
  const offerings = new Map((await Promise.all(offeringIds.map((id) => getOffering(id)))).map((o) => [o.id, o]))
  return actionable.flatMap((listed) => {
    const offering = offerings.get(listed.offeringId)
    const session = offering?.sessions.find((s) => s.id === listed.sessionId && !s.cancelled)
    return offering && session ? [{ offering, session }] : []
  })
}
