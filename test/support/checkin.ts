import { CheckInDisplay, CheckInResult, OfferingDetail, OfferingInput, ProxyLookupRequest, ProxyLookupResult } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { Reply, TestApi } from './api';
import { activityInput, publish, Publisher } from './catalogue';

/** Publishes an activity two days ahead and returns it with its one session. */
export async function activityWithSession(api: TestApi, who: Publisher, venueId: number | null, overrides: Partial<OfferingInput> = {}) {
  const offering = await publish(api, who, activityInput(venueId, overrides, 48));
  return { offering, session: offering.sessions[0] };
}

/** Moves the server's clock (only this in-process server's) to `minutes` after the session starts. */
export function atSession(api: TestApi, offering: OfferingDetail, minutes: number): Date {
  const at = new Date(new Date(offering.sessions[0].startsAt).getTime() + minutes * 60_000);
  api.app.get(Clock).travelTo(at);
  return at;
}

export async function showQr(api: TestApi, teacherToken: string, sessionId: number): Promise<CheckInDisplay> {
  const res = await api.http.as(teacherToken).get<CheckInDisplay>(`/api/teacher/sessions/${sessionId}/qr`);
  if (res.status !== 200) throw new Error(`qr: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * 代签 as the teacher's page does it: look the resident up, then save with the lookup's token.
 * Returns both answers; the save is skipped (null) when the lookup gave no token.
 */
export async function proxyCheckIn(api: TestApi, teacherToken: string, sessionId: number, by: ProxyLookupRequest) {
  const t = api.http.as(teacherToken);
  const lookup = await t.post<ProxyLookupResult>(`/api/teacher/sessions/${sessionId}/proxy-lookups`, by);
  const token = lookup.status === 200 ? lookup.body.lookupToken : null;
  const saved: Reply<CheckInResult> | null = token ? await t.post<CheckInResult>(`/api/teacher/sessions/${sessionId}/proxy-check-ins`, { lookupToken: token }) : null;
  return { lookup, saved };
}
