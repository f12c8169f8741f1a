import { EnrollmentStatus, OFFERING_LIMITS } from '@lp/shared'
import { listMyEnrollments } from '../../../../services/enrollments'
import { getOffering } from '../../../../services/offerings'
import { calendarRanges, toLocal } from '../../../../utils/time'
import type { OfferingDetail, SessionView } from '../../../../services/api/types'

export interface TodaysSession {
  offering: OfferingDetail
  session: SessionView
}

/** A resident has a handful of activities on one day; more are not read. */
const MOST_OFFERINGS = 6

const MINUTE = 60_000

/**
 * The enrolled sessions a resident may check in to by code now or later today, soonest first:
 * those of today's Shanghai date that have not ended, and those whose check-in is already open
 * although their day is another one (00:10 after midnight, open since 23:40; or one that began
 * yesterday evening and runs past midnight).
 */
export async function todaysSessions(): Promise<TodaysSession[]> {
  const now = Date.now()
  const { today } = calendarRanges(new Date(now))
  const enrollments = await listMyEnrollments(null)
  const candidates = enrollments.items.filter((e) => {
    const next = e.offering.nextSessionAt
    if (e.status !== EnrollmentStatus.Enrolled || next === null) return false
    return toLocal(next).date <= today || Date.parse(next) - OFFERING_LIMITS.checkInOpensMinutesMax * MINUTE <= now
  })
  const offerings = await Promise.all(candidates.slice(0, MOST_OFFERINGS).map((e) => getOffering(e.offering.id)))
  const actionable = (offering: OfferingDetail, s: SessionView): boolean => {
    if (s.cancelled || Date.parse(s.endsAt) <= now) return false
    return toLocal(s.startsAt).date === today || Date.parse(s.startsAt) - offering.checkInOpensMinutes * MINUTE <= now
  }
  return offerings
    .flatMap((offering) => offering.sessions.filter((s) => actionable(offering, s)).map((session) => ({ offering, session })))
    .sort((a, b) => Date.parse(a.session.startsAt) - Date.parse(b.session.startsAt))
}
