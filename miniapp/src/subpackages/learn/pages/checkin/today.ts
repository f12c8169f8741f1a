import { EnrollmentStatus } from '@lp/shared'
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

/** The resident's enrolled sessions of today that have not ended, soonest first. */
export async function todaysSessions(): Promise<TodaysSession[]> {
  const { today } = calendarRanges()
  const enrollments = await listMyEnrollments(null)
  const candidates = enrollments.items.filter(
    (e) => e.status === EnrollmentStatus.Enrolled && e.offering.nextSessionAt !== null && toLocal(e.offering.nextSessionAt).date <= today
  )
  const offerings = await Promise.all(candidates.slice(0, MOST_OFFERINGS).map((e) => getOffering(e.offering.id)))
  const now = Date.now()
  return offerings
    .flatMap((offering) =>
      offering.sessions
        .filter((s) => !s.cancelled && toLocal(s.startsAt).date === today && Date.parse(s.endsAt) > now)
        .map((session) => ({ offering, session }))
    )
    .sort((a, b) => Date.parse(a.session.startsAt) - Date.parse(b.session.startsAt))
}
