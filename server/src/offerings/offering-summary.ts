import { OfferingStatus, OfferingSummary } from '@lp/shared';
import { OfferingRow } from './offerings.repository';

/** An offering as lists show it; a published one whose last session has ended shows as finished. */
export function toSummary(r: OfferingRow): OfferingSummary {
  const ended = r.endsAt !== null && new Date(r.endsAt).getTime() <= Date.now();
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    category: r.category,
    coverUrl: r.coverUrl,
    highlight: r.highlight,
    targetGroups: r.targetGroups,
    area: { id: r.areaId, name: r.areaName, level: r.areaLevel },
    schoolName: r.schoolName,
    venue: r.venueId === null ? null : { id: r.venueId, name: r.venueName!, latitude: Number(r.latitude), longitude: Number(r.longitude) },
    online: r.venueId === null,
    nextSessionAt: r.nextSessionAt ? new Date(r.nextSessionAt).toISOString() : null,
    firstSessionAt: r.sessionCount > 0 && r.startsAt ? new Date(r.startsAt).toISOString() : null,
    sessionCount: r.sessionCount,
    capacity: r.capacity,
    enrolledCount: r.enrolledCount,
    placesLeft: Math.max(0, r.capacity - r.enrolledCount),
    status: r.status === OfferingStatus.Published && ended ? OfferingStatus.Finished : r.status,
    ...(r.distance !== undefined && r.distance !== null ? { distanceMeters: Math.round(Number(r.distance)) } : {}),
  };
}
