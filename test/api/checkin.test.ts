import { CheckInError, CheckInMethod, checkInQrToken, CheckInResult, EnrollmentError, ErrorCode, LiveRoster, maskName, Page, ProxyAuditEntry, Role, SessionCloseResult } from '@lp/shared';
import ExcelJS from 'exceljs';
import { AttendanceRepository } from '@lp/server/dist/attendance/attendance.repository';
import { SessionClosingService } from '@lp/server/dist/attendance/session-closing.service';
import { CheckInCodes } from '@lp/server/dist/attendance/check-in-codes';
import { Clock } from '@lp/server/dist/common/clock';
import { ResidentCrypto } from '@lp/server/dist/resident-keys/resident-crypto';
import { ResidentKeyStore } from '@lp/server/dist/resident-keys/resident-key-store';
import { loadConfig } from '@lp/server/dist/config/app-config';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newPublisher, newVenue, Publisher } from '../support/catalogue';
import { activityWithSession, atSession, proxyCheckIn, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newResident, newSchool, newStaff } from '../support/factories';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
let venueId: number;
const venue = { lat: 30.25, lng: 120.16 };

beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  venueId = (await newVenue(api, tree.communityA1, venue.lat, venue.lng)).id;
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const checkIn = (token: string, body: object) => api.http.as(token).post<CheckInResult>('/api/check-ins', body);
const enroll = (token: string, offeringId: number) => api.http.as(token).post(`/api/offerings/${offeringId}/enrollments`);
const teacher = () => who.teacher.tokens.accessToken;

async function enrolledResident(offeringId: number) {
  const r = await newBoundResident(api, tree.communityA2);
  expect((await enroll(r.tokens.accessToken, offeringId)).status).toBe(201);
  return r;
}

describe('the rotating QR code, judged by the server’s clock', () => {
  it('is good in its own window and for a grace after it leaves the screen, and refused after', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const r = await enrolledResident(offering.id);
    atSession(api, offering, 5);
    const shown = await showQr(api, teacher(), session.id);
    const qr = shown.qr!;
    expect(qr).toMatch(/\/c\/[A-Za-z0-9_-]{24}$/);
    api.app.get(Clock).travelTo(new Date(Date.parse(shown.refreshAt) + 75_000)); // beyond its grace of 60 to 70 s
    expectApiError(await checkIn(r.tokens.accessToken, { qr }), 400, CheckInError.CodeExpired);
    api.app.get(Clock).travelTo(new Date(Date.parse(shown.refreshAt) + 5_000)); // the next window: still good
    const ok = await checkIn(r.tokens.accessToken, { qr });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ sessionId: session.id, offeringTitle: offering.title, minutes: 90, method: 'scan', offline: false });
  });

  it('refuses forged codes: flipped characters, another session’s number, another deployment’s key', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const r = await enrolledResident(offering.id);
    atSession(api, offering, 0);
    const qr = checkInQrToken((await showQr(api, teacher(), session.id)).qr!);
    const raw = Buffer.from(qr.slice(4), 'base64url');
    for (const i of [0, 3, 5, 8, 12, 17]) {
      const forged = Buffer.from(raw);
      forged[i] ^= 0x01;
      expectApiError(await checkIn(r.tokens.accessToken, { qr: 'LP1.' + forged.toString('base64url') }), 400, CheckInError.CodeInvalid);
    }
    const other = new CheckInCodes(loadConfig({ ...process.env, CHECKIN_SIGNING_KEY: 'another-deployment-key-0123456789abcdefgh' }));
    const window = other.qrWindow(api.app.get(Clock).now());
    expectApiError(await checkIn(r.tokens.accessToken, { qr: other.qr(session.id, Buffer.alloc(32, 9), window) }), 400, CheckInError.CodeInvalid);
    expectApiError(await checkIn(r.tokens.accessToken, { qr: 'https://example.com/x' }), 400, CheckInError.CodeInvalid);
    expect((await api.db.query('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [session.id]))[0].n).toBe(0);
  });

  it('opens 30 minutes before the start (saying when) and closes at the end', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const r = await enrolledResident(offering.id);
    atSession(api, offering, -45);
    const early = await showQr(api, teacher(), session.id);
    expect(early).toMatchObject({ state: 'not_open', qr: null, code: null });
    expectApiError(await checkIn(r.tokens.accessToken, { sessionId: session.id, code: '000000' }), 400);
    atSession(api, offering, -29);
    const open = await showQr(api, teacher(), session.id);
    expect(open.state).toBe('open');
    atSession(api, offering, 121);
    const late = expectApiError(await checkIn(r.tokens.accessToken, { qr: open.qr }), 400, CheckInError.CodeExpired);
    expect(late.message).toContain('二维码已过期');
    const shown = atSession(api, offering, 119.95);
    const lastQr = (await showQr(api, teacher(), session.id)).qr;
    api.app.get(Clock).travelTo(new Date(shown.getTime() + 5000)); // after the end, same window
    const closed = expectApiError(await checkIn(r.tokens.accessToken, { qr: lastQr }), 409, CheckInError.Closed);
    expect(closed.message).toBe('签到已经结束了');
  });

  it('an offline scan sent hours later counts at its window’s time, never the phone’s; after 24 hours it is refused', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const r = await enrolledResident(offering.id);
    const scannedAt = atSession(api, offering, 10);
    const qr = (await showQr(api, teacher(), session.id)).qr!;
    atSession(api, offering, 60 * 5); // five hours later the phone finds a network
    const res = await checkIn(r.tokens.accessToken, { qr, offline: true });
    expect(res.status).toBe(201);
    const window = Math.floor(scannedAt.getTime() / 10_000) * 10_000;
    expect(res.body).toMatchObject({ offline: true, checkedInAt: new Date(window).toISOString() });

    const late = await enrolledResident(offering.id);
    atSession(api, offering, 10 + 24 * 60 + 5);
    expectApiError(await checkIn(late.tokens.accessToken, { qr, offline: true }), 400, CheckInError.CodeExpired);
  });

  it('the spoken 6-digit code works in its minute and for 3 to 4 minutes after, not later', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const [a, b] = [await enrolledResident(offering.id), await enrolledResident(offering.id)];
    const shownAt = atSession(api, offering, 1);
    const code = (await showQr(api, teacher(), session.id)).code!;
    expect(code).toMatch(/^\d{6}$/);
    api.app.get(Clock).travelTo(new Date(shownAt.getTime() + 60_000));
    expect((await checkIn(a.tokens.accessToken, { sessionId: session.id, code })).status).toBe(201);
    api.app.get(Clock).travelTo(new Date(shownAt.getTime() + 5 * 60_000 + 1000)); // more than 4 minutes after its minute
    expectApiError(await checkIn(b.tokens.accessToken, { sessionId: session.id, code }), 400, CheckInError.CodeInvalid);
  });
});

describe('who may check in', () => {
  it('a resident who did not enroll is refused, unless the activity takes walk-ins (then enrolled on the spot)', async () => {
    const strict = await activityWithSession(api, who, venueId);
    const open = await activityWithSession(api, who, venueId, { allowWalkIn: true, capacity: 1 });
    const walker = await newBoundResident(api, tree.communityA1);
    atSession(api, strict.offering, 0);
    const strictQr = (await showQr(api, teacher(), strict.session.id)).qr;
    const refused = expectApiError(await checkIn(walker.tokens.accessToken, { qr: strictQr }), 403, EnrollmentError.NotEnrolled);
    expect(refused.message).toContain('没有报名');
    const openQr = (await showQr(api, teacher(), open.session.id)).qr;
    const walked = await checkIn(walker.tokens.accessToken, { qr: openQr });
    expect(walked.status).toBe(201);
    expect(walked.body.walkIn).toBe(true);
    const [e] = await api.db.query(`SELECT status FROM enrollment WHERE offering_id = $1 AND resident_id = $2`, [open.offering.id, walker.userId]);
    expect(e.status).toBe('enrolled');
    const second = await newBoundResident(api, tree.communityA1);
    expectApiError(await checkIn(second.tokens.accessToken, { qr: openQr }), 409, EnrollmentError.Full);
  });

  it('a geofenced activity rejects a phone far away or without location; a flagging one accepts and marks it', async () => {
    const fenced = await activityWithSession(api, who, venueId, { geofencePolicy: 'reject' as never, geofenceRadiusMeters: 300 });
    const flagged = await activityWithSession(api, who, venueId, { geofencePolicy: 'flag' as never });
    const r = await enrolledResident(fenced.offering.id);
    await enroll(r.tokens.accessToken, flagged.offering.id);
    // the resident said yes to location at check-in (resident-rights.test.ts asks the question)
    expect((await api.http.as(r.tokens.accessToken).put('/api/me/location-consent', { given: true })).status).toBe(200);
    atSession(api, fenced.offering, 0);
    const qr = (await showQr(api, teacher(), fenced.session.id)).qr;
    const far = { latitude: venue.lat + 0.01, longitude: venue.lng, accuracy: 20 };
    expect(expectApiError(await checkIn(r.tokens.accessToken, { qr, location: far }), 403, CheckInError.OutsideVenue).message).toMatch(/相距约1\d{3}米/);
    expectApiError(await checkIn(r.tokens.accessToken, { qr }), 403, CheckInError.OutsideVenue);
    const near = { latitude: venue.lat + 0.001, longitude: venue.lng, accuracy: 30 };
    expect((await checkIn(r.tokens.accessToken, { qr, location: near })).status).toBe(201);
    const qr2 = (await showQr(api, teacher(), flagged.session.id)).qr;
    const marked = await checkIn(r.tokens.accessToken, { qr: qr2 });
    expect(marked.body).toMatchObject({ flagged: true, flagReason: '没有提供位置' });
  });

  it('sealing the places of a crowd checking in asks the key store nothing for keys in the cache, and at most once a check-in for keys not', async () => {
    const sessions = await Promise.all([0, 1].map(() => activityWithSession(api, who, venueId, { geofencePolicy: 'flag' as never })));
    const crowd = await Promise.all(Array.from({ length: 8 }, () => newBoundResident(api, tree.communityA2)));
    for (const r of crowd) {
      for (const s of sessions) expect((await enroll(r.tokens.accessToken, s.offering.id)).status).toBe(201);
      expect((await api.http.as(r.tokens.accessToken).put('/api/me/location-consent', { given: true })).status).toBe(200);
    }
    const store = api.app.get(ResidentKeyStore);
    const near = { latitude: venue.lat + 0.001, longitude: venue.lng, accuracy: 30 };
    const crowdChecksIn = async (s: (typeof sessions)[number]) => {
      atSession(api, s.offering, 0);
      const qr = (await showQr(api, teacher(), s.session.id)).qr;
      const asked = jest.spyOn(store, 'find');
      const made = jest.spyOn(store, 'create');
      try {
        const results = await Promise.all(crowd.map((r) => checkIn(r.tokens.accessToken, { qr, location: near })));
        expect(results.map((x) => x.status)).toEqual(crowd.map(() => 201));
        expect(made).not.toHaveBeenCalled();
        return asked.mock.calls.length;
      } finally {
        asked.mockRestore();
        made.mockRestore();
      }
    };
    // their keys were used moments ago (binding sealed their names): no question at all
    expect(await crowdChecksIn(sessions[0])).toBe(0);
    // every key out of this process's cache, as after a restart: misses of one event-loop turn are asked together
    (api.app.get(ResidentCrypto) as unknown as { kept: Map<string, unknown> }).kept.clear();
    expect(await crowdChecksIn(sessions[1])).toBeLessThanOrEqual(crowd.length);
    for (const s of sessions) {
      const sealed = (await api.db.query(`SELECT place_sealed FROM attendance WHERE session_id = $1`, [s.session.id])) as { place_sealed: string }[];
      expect(sealed.map((r) => r.place_sealed.slice(0, 3))).toEqual(crowd.map(() => 'r1.'));
    }
  });

  it('a teacher of another school can neither show the QR, 代签, see the roster nor close; residents cannot use teacher endpoints', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const r = await enrolledResident(offering.id);
    const stranger = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityB1) });
    const as = api.http.as(stranger.tokens.accessToken);
    atSession(api, offering, 0);
    expectApiError(await as.get(`/api/teacher/sessions/${session.id}/qr`), 403, ErrorCode.Forbidden);
    expectApiError(await as.post(`/api/teacher/sessions/${session.id}/proxy-lookups`, { phone: r.phone }), 403);
    expectApiError(await as.get(`/api/teacher/sessions/${session.id}/roster`), 403);
    expectApiError(await as.post(`/api/teacher/sessions/${session.id}/close`), 403);
    expectApiError(await api.http.as(r.tokens.accessToken).get(`/api/teacher/sessions/${session.id}/qr`), 403);
    // a resident cannot check someone else in: the request has no field for another person
    expectApiError(await checkIn(r.tokens.accessToken, { sessionId: session.id, code: '123456', residentId: stranger.user.id }), 400);
    expect((await api.db.query('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [session.id]))[0].n).toBe(0);
  });
});

describe('代签 by the teacher', () => {
  it('finds residents by phone, ID number or 学习码, shows whom it found before saving, records who did it, and lists it for the area’s admins', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId, { allowWalkIn: true });
    const [byPhone, byId, byCode] = [await enrolledResident(offering.id), await enrolledResident(offering.id), await newBoundResident(api, tree.communityA1)];
    const code = (await api.http.as(byCode.tokens.accessToken).get<{ content: string }>('/api/me/learner-code')).body.content;
    atSession(api, offering, 3);
    const t = api.http.as(teacher());
    const first = await proxyCheckIn(api, teacher(), session.id, { phone: byPhone.phone });
    expect(first.lookup.body).toMatchObject({ residentNameMasked: maskName('测试居民'), enrolled: true, alreadyCheckedIn: false, problem: null });
    expect(first.lookup.body.phoneMasked).toBe(`${byPhone.phone.slice(0, 3)}****${byPhone.phone.slice(7)}`);
    expect(first.saved?.body.method).toBe('proxy');
    expect((await proxyCheckIn(api, teacher(), session.id, { idNumber: byId.idNumber })).saved?.status).toBe(201);
    expect((await proxyCheckIn(api, teacher(), session.id, { learnerCode: code })).saved?.body.walkIn).toBe(true); // not enrolled: the activity takes walk-ins
    const again = await proxyCheckIn(api, teacher(), session.id, { phone: byPhone.phone });
    expect(again.lookup.body).toMatchObject({ alreadyCheckedIn: true, lookupToken: null });
    expect((await t.post(`/api/teacher/sessions/${session.id}/proxy-check-ins`, { lookupToken: first.lookup.body.lookupToken })).status).toBe(200);
    expectApiError(await t.post(`/api/teacher/sessions/${session.id}/proxy-lookups`, { phone: '13999999998' }), 404);
    expectApiError(await t.post(`/api/teacher/sessions/${session.id}/proxy-lookups`, { phone: byPhone.phone, idNumber: byId.idNumber }), 400);
    const rows = await api.db.query('SELECT proxy_by, proxy_lookup FROM attendance WHERE session_id = $1 ORDER BY id', [session.id]);
    expect(rows).toEqual(['phone', 'id_number', 'learner_code'].map((l) => ({ proxy_by: who.teacher.user.id, proxy_lookup: l })));
    const audit = await api.http.as(who.admin.tokens.accessToken).get<Page<ProxyAuditEntry>>('/api/admin/proxy-check-ins');
    expect(audit.body.items.filter((e) => e.offeringTitle === offering.title).map((e) => e.lookedUpBy)).toEqual(['learner_code', 'id_number', 'phone']);
    const adminB = await newStaff(api, Role.Admin, { area: tree.streetB });
    const auditB = await api.http.as(adminB.tokens.accessToken).get<Page<ProxyAuditEntry>>('/api/admin/proxy-check-ins');
    expect(auditB.body.items.some((e) => e.offeringTitle === offering.title)).toBe(false);
  });
});

describe('exactly once, under a crowd', () => {
  it('500 residents scanning at once plus 200 repeats by one resident: 500 attendances, repeats all 200 with the same check-in, no 5xx', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId, { capacity: 600 });
    const residents = [];
    for (let i = 0; i < 500; i += 50) {
      residents.push(...(await Promise.all(Array.from({ length: 50 }, () => newBoundResident(api, tree.communityA2)))));
    }
    for (let i = 0; i < 500; i += 100) await Promise.all(residents.slice(i, i + 100).map((r) => enroll(r.tokens.accessToken, offering.id)));
    atSession(api, offering, 2);
    const qr = (await showQr(api, teacher(), session.id)).qr;
    const eager = residents[0];
    const first = await checkIn(eager.tokens.accessToken, { qr });
    const replies = await Promise.all([
      ...residents.slice(1).map((r) => checkIn(r.tokens.accessToken, { qr })),
      ...Array.from({ length: 200 }, () => checkIn(eager.tokens.accessToken, { qr })),
    ]);
    expect(first.status).toBe(201);
    expect(replies.filter((r) => r.status >= 500)).toEqual([]);
    expect(replies.slice(0, 499).every((r) => r.status === 201)).toBe(true);
    const repeats = replies.slice(499);
    expect(repeats.every((r) => r.status === 200 && r.body.id === first.body.id)).toBe(true);
    expect((await api.db.query('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [session.id]))[0].n).toBe(500);
  });
});

describe('check-ins arriving together', () => {
  it('share one statement, yet each gets its own answer: two sessions, repeats, a stranger and a wrong room', async () => {
    const a = await activityWithSession(api, who, venueId, { capacity: 100 });
    const b = await activityWithSession(api, who, venueId, { capacity: 100 });
    const inA = await Promise.all(Array.from({ length: 30 }, () => enrolledResident(a.offering.id)));
    const inB = await Promise.all(Array.from({ length: 10 }, () => enrolledResident(b.offering.id)));
    const stranger = await newBoundResident(api, tree.communityA1);
    atSession(api, a.offering, 1);
    const [qrA, qrB] = [(await showQr(api, teacher(), a.session.id)).qr, (await showQr(api, teacher(), b.session.id)).qr];
    const repo = api.app.get(AttendanceRepository, { strict: false });
    const shared = jest.spyOn(repo as unknown as { insertMany: (batch: unknown[]) => Promise<unknown> }, 'insertMany');
    try {
      const replies = await Promise.all([
        ...inA.map((r) => checkIn(r.tokens.accessToken, { qr: qrA })),
        ...inB.map((r) => checkIn(r.tokens.accessToken, { qr: qrB })),
        ...Array.from({ length: 5 }, () => checkIn(inA[0].tokens.accessToken, { qr: qrA })),
        checkIn(stranger.tokens.accessToken, { qr: qrA }),
        checkIn(inB[0].tokens.accessToken, { qr: qrA }),
      ]);
      expect(Math.max(...shared.mock.calls.map(([batch]) => batch.length))).toBeGreaterThan(1);
      const [forA, forB, repeats, [strangers, wrongRoom]] = [replies.slice(0, 30), replies.slice(30, 40), replies.slice(40, 45), replies.slice(45)];
      expect(forA.map((r) => r.status).filter((s) => s !== 201 && s !== 200)).toEqual([]);
      expect(forB.every((r) => r.status === 201 && r.body.sessionId === b.session.id)).toBe(true);
      const eager = [forA[0], ...repeats];
      expect(eager.filter((r) => r.status === 201)).toHaveLength(1);
      expect(new Set(eager.map((r) => r.body.id)).size).toBe(1);
      expect(forA.slice(1).every((r) => r.status === 201 && r.body.sessionId === a.session.id)).toBe(true);
      expectApiError(strangers, 403, EnrollmentError.NotEnrolled);
      expectApiError(wrongRoom, 403, EnrollmentError.NotEnrolled);
      const counts = await api.db.query(
        `SELECT session_id AS "sessionId", count(*)::int AS n, count(DISTINCT resident_id)::int AS residents FROM attendance WHERE session_id = ANY($1) GROUP BY 1 ORDER BY 1`,
        [[a.session.id, b.session.id]],
      );
      expect(counts).toEqual([{ sessionId: a.session.id, n: 30, residents: 30 }, { sessionId: b.session.id, n: 10, residents: 10 }]);
    } finally {
      shared.mockRestore();
    }
  });

  it('when the shared statement fails, each check-in is tried alone: one bad row does not sink the others', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const rs = await Promise.all(Array.from({ length: 6 }, () => enrolledResident(offering.id)));
    const repo = api.app.get(AttendanceRepository, { strict: false });
    const now = atSession(api, offering, 1);
    const attempt = (residentId: string, flagReason: string | null) =>
      repo.insertIfEnrolled(null, {
        sessionId: session.id, residentId, method: CheckInMethod.Scan, checkedInAt: now, offline: false, walkIn: false,
        proxyBy: null, proxyLookup: null, flagReason, place: null,
      }, true);
    // flag reasons are at most 100 characters, so the database refuses this one row
    const results = await Promise.allSettled(rs.map((r, i) => attempt(r.userId, i === 2 ? '远'.repeat(101) : null)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const stored = await api.db.query('SELECT resident_id AS "residentId" FROM attendance WHERE session_id = $1', [session.id]);
    expect(stored.map((x: { residentId: string }) => x.residentId).sort()).toEqual(rs.filter((_, i) => i !== 2).map((r) => r.userId).sort());
  });
});

describe('closing a session', () => {
  it('hands each attendee’s minutes to the credit bank once; check-out caps them when required', async () => {
    const plain = await activityWithSession(api, who, venueId);
    const timed = await activityWithSession(api, who, venueId, { requiresCheckOut: true });
    const [a, b] = [await enrolledResident(plain.offering.id), await enrolledResident(timed.offering.id)];
    const c = await enrolledResident(timed.offering.id);
    atSession(api, plain.offering, 0);
    await checkIn(a.tokens.accessToken, { qr: (await showQr(api, teacher(), plain.session.id)).qr });
    // before the timed session starts, so its minutes count from the start whatever the checks in between took
    // (the test clock keeps ticking; the two sessions start the moments they were published, apart)
    atSession(api, timed.offering, -5);
    const timedQr = (await showQr(api, teacher(), timed.session.id)).qr;
    const bIn = await checkIn(b.tokens.accessToken, { qr: timedQr });
    await checkIn(c.tokens.accessToken, { qr: timedQr }); // never checks out
    atSession(api, timed.offering, 40);
    expect((await api.http.as(b.tokens.accessToken).post(`/api/check-ins/${bIn.body.id}/check-out`)).status).toBe(201);
    expect((await api.http.as(b.tokens.accessToken).post(`/api/check-ins/${bIn.body.id}/check-out`)).status).toBe(200);
    expectApiError(await api.http.as(c.tokens.accessToken).post(`/api/check-ins/${bIn.body.id}/check-out`), 404);

    atSession(api, plain.offering, 125);
    const closed = await api.http.as(teacher()).post<SessionCloseResult>(`/api/teacher/sessions/${plain.session.id}/close`);
    expect(closed.body).toMatchObject({ attendees: 1, recordsCreated: 1, minutesCredited: 90 });
    const again = await api.http.as(teacher()).post<SessionCloseResult>(`/api/teacher/sessions/${plain.session.id}/close`);
    expect(again.body).toMatchObject({ attendees: 1, recordsCreated: 0, minutesCredited: 90 });
    const timedClose = await api.http.as(teacher()).post<SessionCloseResult>(`/api/teacher/sessions/${timed.session.id}/close`);
    expect(timedClose.body).toMatchObject({ attendees: 2, recordsCreated: 1, minutesCredited: 40 });

    const records = await api.db.query(
      `SELECT resident_id, minutes, category, area_id, source FROM learning_record WHERE offering_id IN ($1, $2) ORDER BY minutes DESC`,
      [plain.offering.id, timed.offering.id],
    );
    expect(records).toEqual([
      { resident_id: a.userId, minutes: 90, category: 'digital_literacy', area_id: tree.communityA2.id, source: 'attendance' },
      { resident_id: b.userId, minutes: 40, category: 'digital_literacy', area_id: tree.communityA2.id, source: 'attendance' },
    ]);
    // closed: the teacher's screen shows no more codes
    atSession(api, plain.offering, 30);
    expect(await showQr(api, teacher(), plain.session.id)).toMatchObject({ state: 'closed', qr: null });
  });

  it('a scan kept offline during the session still counts after the close, and reaches the credit bank', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const [early, offline] = [await enrolledResident(offering.id), await enrolledResident(offering.id)];
    atSession(api, offering, 15);
    const qr = (await showQr(api, teacher(), session.id)).qr!;
    await checkIn(early.tokens.accessToken, { qr });
    atSession(api, offering, 125);
    await api.http.as(teacher()).post(`/api/teacher/sessions/${session.id}/close`);
    expectApiError(await checkIn(offline.tokens.accessToken, { qr }), 400, CheckInError.CodeExpired); // not offline: too old
    atSession(api, offering, 60 * 6);
    expect((await checkIn(offline.tokens.accessToken, { qr, offline: true })).status).toBe(201);
    expect(await api.db.query(`SELECT minutes FROM learning_record WHERE resident_id = $1`, [offline.userId])).toEqual([{ minutes: 90 }]);
  });

  it('sessions nobody closed are closed half an hour after the end', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const r = await enrolledResident(offering.id);
    atSession(api, offering, 5);
    await checkIn(r.tokens.accessToken, { qr: (await showQr(api, teacher(), session.id)).qr });
    atSession(api, offering, 120 + 20);
    await api.app.get(SessionClosingService).closeDue();
    expect((await api.db.query('SELECT closed_at FROM offering_session WHERE id = $1', [session.id]))[0].closed_at).toBeNull();
    atSession(api, offering, 120 + 31);
    await api.app.get(SessionClosingService).closeDue();
    expect((await api.db.query('SELECT closed_at FROM offering_session WHERE id = $1', [session.id]))[0].closed_at).not.toBeNull();
    expect((await api.db.query(`SELECT minutes FROM learning_record WHERE resident_id = $1`, [r.userId]))).toEqual([{ minutes: 90 }]);
  });
});

describe('the live roster', () => {
  it('lists enrolled, arrived and walk-ins, streams changes over SSE, and exports the sign-in sheet', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId, { allowWalkIn: true });
    const [a, b] = [await enrolledResident(offering.id), await enrolledResident(offering.id)];
    const walker = await newBoundResident(api, tree.communityA1);
    atSession(api, offering, 0);
    const qr = (await showQr(api, teacher(), session.id)).qr;

    const controller = new AbortController();
    const res = await fetch(`${api.http.baseUrl}/api/teacher/sessions/${session.id}/roster/stream?access_token=${teacher()}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const events: LiveRoster[] = [];
    let buffer = '';
    const next = async (): Promise<LiveRoster> => {
      for (;;) {
        const split = buffer.indexOf('\n\n');
        if (split >= 0) {
          const chunk = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const data = chunk.split('\n').find((l) => l.startsWith('data: '));
          if (data) return JSON.parse(data.slice(6)) as LiveRoster;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += new TextDecoder().decode(value);
      }
    };
    events.push(await next());
    expect(events[0].counts).toMatchObject({ enrolled: 2, arrived: 0, notArrived: 2 });
    await checkIn(a.tokens.accessToken, { qr });
    events.push(await next());
    expect(events[1].counts.arrived).toBe(1);
    await checkIn(walker.tokens.accessToken, { qr });
    let latest = await next();
    while (latest.counts.walkIns < 1) latest = await next();
    expect(latest.counts).toMatchObject({ enrolled: 3, arrived: 2, notArrived: 1, walkIns: 1 });
    controller.abort();

    const sheet = await fetch(`${api.http.baseUrl}/api/teacher/sessions/${session.id}/sign-in-sheet`, { headers: { authorization: `Bearer ${teacher()}` } });
    expect(sheet.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await sheet.arrayBuffer()) as unknown as ArrayBuffer);
    const rows = book.getWorksheet('签到表')!.getSheetValues().filter(Boolean) as unknown[][];
    const people = rows.slice(3);
    expect(people).toHaveLength(3);
    expect(people.filter((r) => r[5] === '已到')).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(b.phone);
    expectApiError(await api.http.get(`/api/teacher/sessions/${session.id}/roster/stream`), 401);
  });

  it('residents without a profile cannot check in', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId, { allowWalkIn: true });
    const unbound = await newResident(api);
    atSession(api, offering, 0);
    const qr = (await showQr(api, teacher(), session.id)).qr;
    expectApiError(await checkIn(unbound.tokens.accessToken, { qr }), 403);
  });
});
