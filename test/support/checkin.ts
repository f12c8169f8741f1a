import {
  Category,
  CheckInDisplay,
  CheckInResult,
  OfferingDetail,
  OfferingInput,
  OfferingKind,
  ProxyLookupRequest,
  ProxyLookupResult,
  SchoolSummary,
  TokenPair,
  VenueSummary,
} from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { Reply, TestApi } from './api';
import type { DemoPortal } from './browser';
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

/** `n` wrong spoken codes: six digits that are none of the `good` ones. */
export function wrongCodes(good: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const c = String((123457 + i * 7919) % 1_000_000).padStart(6, '0');
    if (!good.includes(c)) out.push(c);
  }
  return out;
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

const MINUTE = 60_000;

/**
 * For browser tests against the demo portal: an activity of the demo teacher's school, at its own
 * venue, starting in `startsInMinutes` (10 by default), so that check-in (opening 30 minutes ahead) is open.
 */
export async function publishActivitySoon(
  portal: DemoPortal,
  teacher: TokenPair,
  admin: TokenPair,
  overrides: Partial<OfferingInput> = {},
  startsInMinutes = 10,
): Promise<OfferingDetail> {
  const call = portal.call;
  const schools = (await call<SchoolSummary[]>('GET', '/api/schools')).body;
  const school = schools.find((s) => s.id === teacher.user.school!.id)!;
  const venues = (await call<VenueSummary[]>('GET', `/api/venues?areaId=${school.area.id}`)).body;
  const venue = venues.find((v) => v.schoolId === school.id) ?? venues[0];
  const start = new Date(Date.now() + startsInMinutes * MINUTE);
  const input: OfferingInput = {
    kind: OfferingKind.Activity,
    title: `扫码签到体验课 ${Date.now().toString(36).slice(-4)}`,
    description: '教大家用手机扫码签到。',
    category: Category.DigitalLiteracy,
    targetGroups: [],
    restrictedToTargetGroups: false,
    venueId: venue.id,
    capacity: 30,
    enrollOpensAt: new Date(Date.now() - MINUTE).toISOString(),
    enrollClosesAt: start.toISOString(),
    sessions: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * MINUTE).toISOString(), minutes: 90 }],
    lessons: [],
    ...overrides,
  };
  const created = await call<OfferingDetail>('POST', '/api/teacher/offerings', teacher.accessToken, input);
  expect(created.status).toBe(201);
  expect((await call('POST', `/api/teacher/offerings/${created.body.id}/submit`, teacher.accessToken)).status).toBe(200);
  const approved = await call<OfferingDetail>('POST', `/api/admin/offerings/${created.body.id}/approve`, admin.accessToken);
  expect(approved.status).toBe(200);
  return approved.body;
}

/** The first Asia/Shanghai midnight at least `minutes` from now, as epoch milliseconds. */
export function shanghaiMidnightAfter(minutes: number): number {
  const day = 86_400_000;
  const shift = 8 * 3600_000;
  return Math.ceil((Date.now() + minutes * MINUTE + shift) / day) * day - shift;
}
