import { EnrollmentStatus, OfferingKind, OfferingStatus, Role } from '@lp/shared'
import { formatDayTime } from '../../../../utils/time'
import type { CurrentUser, MyEnrollmentState, OfferingDetail } from '../../../../services/api/types'

/** What the panel offers the person looking at the offering. */
export type EnrollChoice =
  | { kind: 'login' }
  | { kind: 'bind' }
  | { kind: 'staff' }
  | { kind: 'closed'; reason: string }
  | { kind: 'enroll'; full: boolean }
  | { kind: 'cancel'; waitlisted: boolean }

export function isActive(enrollment: MyEnrollmentState | null): enrollment is MyEnrollmentState {
  return enrollment !== null && enrollment.status !== EnrollmentStatus.Cancelled
}

export function enrollChoice(offering: OfferingDetail, user: CurrentUser | null, now: number): EnrollChoice {
  switch (offering.status) {
    case OfferingStatus.Cancelled:
      return { kind: 'closed', reason: '已经取消了，不会再上课。' }
    case OfferingStatus.Finished:
      return { kind: 'closed', reason: '已经结束了，不能再报名。' }
    default:
      break
  }
  // Someone already in can always leave, whatever the window says.
  if (isActive(offering.myEnrollment)) {
    return { kind: 'cancel', waitlisted: offering.myEnrollment.status === EnrollmentStatus.Waitlisted }
  }
  switch (offering.status) {
    case OfferingStatus.Draft:
    case OfferingStatus.PendingReview:
      return { kind: 'closed', reason: '还没有发布，发布后才能报名。' }
    default:
      break
  }
  if (now < Date.parse(offering.enrollOpensAt)) {
    return { kind: 'closed', reason: `${formatDayTime(offering.enrollOpensAt)} 开始报名，请到时候再来。` }
  }
  if (now > Date.parse(offering.enrollClosesAt)) return { kind: 'closed', reason: '报名已经截止了。' }
  if (!user) return { kind: 'login' }
  if (user.role !== Role.Resident) return { kind: 'staff' }
  if (!user.profileBound) return { kind: 'bind' }
  return { kind: 'enroll', full: offering.placesLeft <= 0 }
}

/** The resident's place, in one plain sentence, with when and where to go. */
export function enrollmentSentence(enrollment: MyEnrollmentState, offering: OfferingDetail): string {
  if (enrollment.status === EnrollmentStatus.Waitlisted) {
    const position = enrollment.waitlistPosition ? `第 ${enrollment.waitlistPosition} 位` : ''
    return `名额已满，您在候补${position}。有人取消时按先后补上，补上了会通知您。`
  }
  if (offering.kind === OfferingKind.MicroCourse) return '您已报名，随时可以在手机上学。'
  if (!offering.nextSessionAt) return '您已报名。'
  const where = offering.online || !offering.venue ? '在线上' : `到${offering.venue.name}`
  return `您已报名。请在 ${formatDayTime(offering.nextSessionAt)} ${where}参加。`
}
