import { Highlight, OfferingKind, OfferingStatus } from '@lp/shared'
import { formatDayTime } from './time'
import type { OfferingSummary } from '../services/api/types'

/** Short names for the tag on a card; the full names are in HIGHLIGHT_LABELS. */
export const HIGHLIGHT_TAGS: Record<Highlight, string> = {
  [Highlight.LearningWeek]: '活动周',
  [Highlight.OpenDay]: '开放日'
}

/** When it happens, as one line: the next session, or that a micro-course can be watched any time. */
export function whenText(offering: OfferingSummary): string {
  if (offering.kind === OfferingKind.MicroCourse) return '线上视频，随时可以学'
  if (!offering.nextSessionAt) return offering.sessionCount ? '已经全部上完' : '时间还没有排定'
  const next = formatDayTime(offering.nextSessionAt)
  if (offering.sessionCount > 1) {
    const started = offering.firstSessionAt !== null && offering.firstSessionAt !== offering.nextSessionAt
    return `${started ? '下次' : '第一次'} ${next}，共 ${offering.sessionCount} 次`
  }
  return next
}

/** Where: the venue, or 线上. */
export function whereText(offering: OfferingSummary): string {
  if (offering.online || !offering.venue) return '线上'
  return offering.venue.name
}

/** Places left as a resident reads them, or why there is nothing to enroll in. */
export function placesText(offering: OfferingSummary): string {
  if (offering.status === OfferingStatus.Cancelled) return '已取消'
  if (offering.status === OfferingStatus.Finished) return '已结束'
  if (offering.status !== OfferingStatus.Published) return ''
  if (offering.kind === OfferingKind.MicroCourse && offering.placesLeft > 0) return ''
  return offering.placesLeft > 0 ? `还有 ${offering.placesLeft} 个名额` : '名额已满，可以排候补'
}
