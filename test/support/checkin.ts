import { CheckInDisplay, OfferingDetail, OfferingInput } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { TestApi } from './api';
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
