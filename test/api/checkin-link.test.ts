import { CheckInError, CheckInResult, ErrorCode, checkInQrToken, CODE_ATTEMPTS, MyUpcomingSession, Role, TeacherTodaySession } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newPublisher, newVenue, Publisher } from '../support/catalogue';
import { activityWithSession, atSession, shanghaiMidnightAfter, showQr, wrongCodes } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';

/**
 * 扫一扫 check-in: the teacher's QR holds a link under PUBLIC_BASE_URL that WeChat opens in the
 * mini program; codes stay good a while after they leave the screen, so wrong spoken codes are
 * limited per resident and session; 今天的课 leads the teacher to the QR.
 */
const VERIFY_FILE = 'Qr7kVerify01.txt';
const VERIFY_CONTENT = '8d2f0c1e9b7a46d3a5c4e1f0b2d3c4e5';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
let venueId: number;

beforeAll(async () => {
  api = await startApi({ WECHAT_QR_VERIFY_FILE: VERIFY_FILE, WECHAT_QR_VERIFY_CONTENT: VERIFY_CONTENT });
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  venueId = (await newVenue(api, tree.communityA1, 30.25, 120.16)).id;
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const clock = () => api.app.get(Clock);
const teacher = () => who.teacher.tokens.accessToken;
const checkIn = (token: string, body: object) => api.http.as(token).post<CheckInResult>('/api/check-ins', body);
const later = (at: Date | string, ms: number) => new Date(new Date(at).getTime() + ms);

async function enrolledResident(offeringId: number) {
  const r = await newBoundResident(api, tree.communityA2);
  expect((await api.http.as(r.tokens.accessToken).post(`/api/offerings/${offeringId}/enrollments`)).status).toBe(201);
  return r;
}

/** Every spoken code of the last `minutes` minutes and this one, as the teacher's screen showed them. */
async function codesOfLastMinutes(sessionId: number, minutes: number): Promise<string[]> {
  const now = clock().now();
  const codes: string[] = [];
  for (let back = 0; back <= minutes; back++) {
    clock().travelTo(later(now, -back * 60_000));
    codes.push((await showQr(api, teacher(), sessionId)).code!);
  }
  clock().travelTo(now);
  return codes;
}

describe('the QR code is a link that WeChat’s 扫一扫 opens', () => {
  it('holds <PUBLIC_BASE_URL>/c/<code>, good at least 60 s after it left the screen and refused after its grace', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const [a, b, c] = [await enrolledResident(offering.id), await enrolledResident(offering.id), await enrolledResident(offering.id)];
    atSession(api, offering, 5);
    const shown = await showQr(api, teacher(), session.id);
    expect(shown.qr).toMatch(/^http:\/\/localhost:\d+\/c\/[A-Za-z0-9_-]{24}$/);
    const leftScreen = shown.refreshAt; // the next QR replaces it then

    clock().travelTo(later(leftScreen, 60_000));
    const inGrace = await checkIn(a.tokens.accessToken, { qr: shown.qr });
    expect(inGrace.status).toBe(201);
    expect(inGrace.body).toMatchObject({ sessionId: session.id, method: 'scan', offline: false });
    // as WeChat hands it to the page (URL-encoded in q), read by the same rule the page uses
    clock().travelTo(later(leftScreen, 65_000));
    expect((await checkIn(b.tokens.accessToken, { qr: checkInQrToken(encodeURIComponent(shown.qr!)) })).status).toBe(201);

    clock().travelTo(later(leftScreen, 80_000));
    const late = expectApiError(await checkIn(c.tokens.accessToken, { qr: shown.qr }), 400, CheckInError.CodeExpired);
    expect(late.message).toContain('二维码已过期');
    process.stdout.write(`URL QR ${shown.qr}: 60 s after leaving the screen 201, 65 s (from q) 201, 80 s 400 ${late.code}\n`);
  });

  it('a bare LP1. token of an older screen still checks in, and a forged link is refused', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const [a, b] = [await enrolledResident(offering.id), await enrolledResident(offering.id)];
    atSession(api, offering, 5);
    const { qr } = await showQr(api, teacher(), session.id);
    const bare = checkInQrToken(qr!);
    expect(bare).toMatch(/^LP1\.[A-Za-z0-9_-]{24}$/);
    expect((await checkIn(a.tokens.accessToken, { qr: bare })).status).toBe(201);
    const code = qr!.slice(qr!.lastIndexOf('/') + 1);
    const forged = qr!.slice(0, -code.length) + (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    expectApiError(await checkIn(b.tokens.accessToken, { qr: forged }), 400, CheckInError.CodeInvalid);
  });
});

describe('the spoken code', () => {
  it('is good at least 3 minutes after it left the screen, and refused after its grace', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    const [a, b] = [await enrolledResident(offering.id), await enrolledResident(offering.id)];
    const shownAt = atSession(api, offering, 5);
    const { code } = await showQr(api, teacher(), session.id);
    const leftScreen = new Date(Math.ceil((shownAt.getTime() + 1) / 60_000) * 60_000); // the next minute's code replaces it

    clock().travelTo(later(leftScreen, 180_000));
    expect((await checkIn(a.tokens.accessToken, { sessionId: session.id, code })).status).toBe(201);
    clock().travelTo(later(leftScreen, 241_000));
    const late = expectApiError(await checkIn(b.tokens.accessToken, { sessionId: session.id, code }), 400, CheckInError.CodeInvalid);
    process.stdout.write(`spoken code ${code}: 180 s after leaving the screen 201, 241 s 400 ${late.code}\n`);
  });
});

describe('wrong spoken codes', () => {
  it(`pause a resident for one session after ${CODE_ATTEMPTS}: the 11th and then the right code are refused in Chinese; other residents, sessions and the QR are not`, async () => {
    const first = await activityWithSession(api, who, venueId);
    const second = await activityWithSession(api, who, venueId, { title: `第二个活动 ${Date.now()}` });
    const guesser = await enrolledResident(first.offering.id);
    expect((await api.http.as(guesser.tokens.accessToken).post(`/api/offerings/${second.offering.id}/enrollments`)).status).toBe(201);
    const neighbour = await enrolledResident(first.offering.id);
    atSession(api, first.offering, 5);
    const good = await codesOfLastMinutes(first.session.id, 4);
    const wrong = wrongCodes(good, CODE_ATTEMPTS + 1);

    const statuses: number[] = [];
    for (const code of wrong.slice(0, CODE_ATTEMPTS)) {
      const reply = await checkIn(guesser.tokens.accessToken, { sessionId: first.session.id, code });
      statuses.push(reply.status);
      expectApiError(reply, 400, CheckInError.CodeInvalid);
    }
    const paused = expectApiError(await checkIn(guesser.tokens.accessToken, { sessionId: first.session.id, code: wrong[CODE_ATTEMPTS] }), 429, CheckInError.CodeAttempts);
    expect(paused.message).toMatch(/^签到码输错太多次，暂时不能再输（可以扫老师的二维码，或请老师代签），请\d+(秒|分钟)后再试$/);
    const rightButPaused = await checkIn(guesser.tokens.accessToken, { sessionId: first.session.id, code: good[0] });
    expectApiError(rightButPaused, 429, CheckInError.CodeAttempts);

    // nobody else is paused: another resident of the session, the same resident's other session, and the QR
    expect((await checkIn(neighbour.tokens.accessToken, { sessionId: first.session.id, code: good[0] })).status).toBe(201);
    const otherCode = (await showQr(api, teacher(), second.session.id)).code;
    expect((await checkIn(guesser.tokens.accessToken, { sessionId: second.session.id, code: otherCode })).status).toBe(201);
    const { qr } = await showQr(api, teacher(), first.session.id);
    expect((await checkIn(guesser.tokens.accessToken, { qr })).status).toBe(201);
    process.stdout.write(
      `wrong-code limit: ${statuses.length} wrong → ${[...new Set(statuses)].join(',')}; 11th → 429 "${paused.message}"; right code while paused → ${rightButPaused.status}; neighbour 201, other session 201, QR 201\n`,
    );
  });

  it('are counted atomically by two servers sharing Redis: 40 wrong codes at once, no more than the limit compared', async () => {
    const two = await startApi();
    try {
      const { offering, session } = await activityWithSession(api, who, venueId);
      const r = await enrolledResident(offering.id);
      const at = atSession(api, offering, 5);
      two.app.get(Clock).travelTo(at);
      const good = await codesOfLastMinutes(session.id, 4);
      const servers = [api, two];
      const replies = await Promise.all(
        wrongCodes(good, 40).map((code, i) => servers[i % 2].http.as(r.tokens.accessToken).post('/api/check-ins', { sessionId: session.id, code })),
      );
      const compared = replies.filter((x) => x.status === 400).length;
      const refused = replies.filter((x) => x.status === 429).length;
      expect({ compared, refused, other: replies.length - compared - refused }).toEqual({ compared: CODE_ATTEMPTS, refused: 40 - CODE_ATTEMPTS, other: 0 });
      process.stdout.write(`two servers, 40 wrong codes at once from one resident: ${compared} compared, ${refused} refused 429\n`);
    } finally {
      two.app.get(Clock).reset();
      await two.close();
    }
  });
});

describe('pages outside the API', () => {
  it('/c/<code> opened in another browser says, in Chinese, to scan with WeChat or type the spoken code', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    atSession(api, offering, 5);
    const { qr } = await showQr(api, teacher(), session.id);
    const path = new URL(qr!).pathname;
    const res = await fetch(api.http.baseUrl + path);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('请用微信扫码');
    expect(html).toContain('老师念的 6 位数字');
    expect(html).not.toContain('在网页里签到'); // only the demo offers the browser check-in
    const bad = await fetch(`${api.http.baseUrl}/c/${encodeURIComponent('<script>')}`);
    expect(bad.status).toBe(404);
    const refusal = await bad.text();
    expect(refusal).not.toContain('<script>');
    expect(JSON.parse(refusal)).toMatchObject({ code: ErrorCode.NotFound, message: expect.stringContaining('签到二维码') });
    process.stdout.write(`GET ${path}: ${res.status} ${res.headers.get('content-type')}, ${html.length} characters; /c/<script> ${bad.status}\n`);
  });

  it('serves WeChat’s verification file named in the configuration as text/plain, at the top and in /c/, and no other name', async () => {
    for (const path of [`/${VERIFY_FILE}`, `/c/${VERIFY_FILE}`]) {
      const res = await fetch(api.http.baseUrl + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(VERIFY_CONTENT);
      process.stdout.write(`${path}: ${res.status} ${res.headers.get('content-type')}\n`);
    }
    for (const path of ['/Other0000.txt', '/c/Other0000.txt']) {
      const other = await fetch(api.http.baseUrl + path);
      expect(other.status).toBe(404);
      expect(await other.text()).not.toContain(VERIFY_CONTENT);
    }
  });
});

describe('今天的课', () => {
  it('lists the sessions of the teacher’s school today with their check-in state; another school’s teacher and residents do not see them', async () => {
    const { offering, session } = await activityWithSession(api, who, venueId);
    // 45 minutes before the start, or just after midnight (Asia/Shanghai) for a session early in its day
    const start = new Date(session.startsAt).getTime();
    const midnight = Math.floor((start + 8 * 3600_000) / 86400_000) * 86400_000 - 8 * 3600_000;
    const beforeAt = Math.max(start - 45 * 60_000, midnight + 1000);
    clock().travelTo(new Date(beforeAt));
    const before = await api.http.as(teacher()).get<TeacherTodaySession[]>('/api/teacher/sessions/today');
    expect(before.status).toBe(200);
    expect(before.body.find((s) => s.sessionId === session.id)).toEqual({
      sessionId: session.id,
      offeringId: offering.id,
      offeringTitle: offering.title,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      state: beforeAt < start - 30 * 60_000 ? 'not_open' : 'open',
    });
    const starts = before.body.map((s) => s.startsAt);
    expect([...starts].sort()).toEqual(starts);
    atSession(api, offering, 5);
    const during = await api.http.as(teacher()).get<TeacherTodaySession[]>('/api/teacher/sessions/today');
    expect(during.body.find((s) => s.sessionId === session.id)?.state).toBe('open');

    const otherTeacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityB1) });
    const theirs = await api.http.as(otherTeacher.tokens.accessToken).get<TeacherTodaySession[]>('/api/teacher/sessions/today');
    expect(theirs.status).toBe(200);
    expect(theirs.body.map((s) => s.sessionId)).not.toContain(session.id);
    const resident = await newBoundResident(api, tree.communityA2);
    expectApiError(await api.http.as(resident.tokens.accessToken).get('/api/teacher/sessions/today'), 403);
    clock().travelTo(later(session.startsAt, 2 * 86400_000));
    const twoDaysOn = await api.http.as(teacher()).get<TeacherTodaySession[]>('/api/teacher/sessions/today');
    expect(twoDaysOn.body.map((s) => s.sessionId)).not.toContain(session.id);
    process.stdout.write(`今天的课: ${before.body.length} sessions (${before.body.map((s) => s.state).join(',')}); other school ${theirs.body.length}; two days on ${twoDaysOn.body.length}\n`);
  });

  it('lists a session just after midnight from when its check-in opens, and one running past midnight until it ends', async () => {
    // three days ahead in Asia/Shanghai: one activity 23:00–01:00 across midnight, one 00:10–01:40 (check-in opens 30 minutes before)
    const midnight = shanghaiMidnightAfter(3 * 24 * 60);
    const at = (minutes: number) => new Date(midnight + minutes * 60_000);
    const session = (from: number, to: number) => ({ sessions: [{ startsAt: at(from).toISOString(), endsAt: at(to).toISOString(), minutes: to - from }] });
    const { offering: late } = await activityWithSession(api, who, venueId, { title: '跨年夜诗会', ...session(-60, 60) });
    const { offering: early } = await activityWithSession(api, who, venueId, { title: '新年第一课', checkInOpensMinutes: 30, ...session(10, 100) });
    const resident = await enrolledResident(early.id);
    const listed = async (minutes: number) => {
      clock().travelTo(at(minutes));
      const res = await api.http.as(teacher()).get<TeacherTodaySession[]>('/api/teacher/sessions/today');
      expect(res.status).toBe(200);
      return new Map(res.body.filter((s) => [late.id, early.id].includes(s.offeringId)).map((s) => [s.offeringId, s.state]));
    };
    expect(await listed(-25)).toEqual(new Map([[late.id, 'open']]));
    expect(await listed(-15)).toEqual(new Map([[late.id, 'open'], [early.id, 'open']]));
    expect(await listed(30)).toEqual(new Map([[late.id, 'open'], [early.id, 'open']]));
    expect(await listed(70)).toEqual(new Map([[early.id, 'open']]));

    // the resident checks in by the spoken code at 23:50 for the session that starts at 00:10
    clock().travelTo(at(-10));
    const code = (await showQr(api, teacher(), early.sessions[0].id)).code!;
    const res = await checkIn(resident.tokens.accessToken, { sessionId: early.sessions[0].id, code });
    expect(res.status).toBe(201);
    process.stdout.write(`今天的课 across midnight: 23:35 one, 23:45 both, 00:30 both, 01:10 one; code check-in at 23:50: ${res.status}\n`);
  });
});

describe('a resident’s upcoming sessions', () => {
  it('lists the sessions she holds a place in that have not ended and start within two days, however many courses she joined before; others’ and waitlisted ones not', async () => {
    const midnight = shanghaiMidnightAfter(4 * 24 * 60);
    const at = (minutes: number) => new Date(midnight + minutes * 60_000);
    const sessionAt = (from: number, to: number) => ({ sessions: [{ startsAt: at(from).toISOString(), endsAt: at(to).toISOString(), minutes: to - from }] });
    const wang = await newBoundResident(api, tree.communityA2);
    const enroll = async (token: string, offeringId: number) => (await api.http.as(token).post(`/api/offerings/${offeringId}/enrollments`)).status;
    // 22 courses of the day before, over by the evening: more than a page of her enrollments
    for (let i = 0; i < 22; i++) {
      const { offering } = await activityWithSession(api, who, venueId, { title: `上午课 ${i}`, ...sessionAt(-24 * 60 + 9 * 60, -24 * 60 + 10 * 60) });
      expect(await enroll(wang.tokens.accessToken, offering.id)).toBe(201);
    }
    const { offering: soon } = await activityWithSession(api, who, venueId, { title: '新年第一课', checkInOpensMinutes: 30, ...sessionAt(10, 100) });
    const { offering: later } = await activityWithSession(api, who, venueId, { title: '后天的课', ...sessionAt(40 * 60, 41 * 60) });
    const { offering: far } = await activityWithSession(api, who, venueId, { title: '三天后的课', ...sessionAt(50 * 60, 51 * 60) });
    const { offering: full } = await activityWithSession(api, who, venueId, { title: '一个名额', capacity: 1, ...sessionAt(20, 80) });
    for (const o of [soon, later, far]) expect(await enroll(wang.tokens.accessToken, o.id)).toBe(201);
    const first = await newBoundResident(api, tree.communityA2);
    expect(await enroll(first.tokens.accessToken, full.id)).toBe(201);
    expect(await enroll(wang.tokens.accessToken, full.id)).toBe(201); // on the waitlist

    clock().travelTo(at(-10)); // 23:50
    const res = await api.http.as(wang.tokens.accessToken).get<MyUpcomingSession[]>('/api/me/upcoming-sessions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { sessionId: soon.sessions[0].id, offeringId: soon.id, offeringTitle: '新年第一课', startsAt: at(10).toISOString(), endsAt: at(100).toISOString(), checkInOpensAt: at(-20).toISOString(), state: 'open' },
      expect.objectContaining({ sessionId: later.sessions[0].id, state: 'not_open' }),
    ]);
    const hers = await api.http.as(first.tokens.accessToken).get<MyUpcomingSession[]>('/api/me/upcoming-sessions');
    expect(hers.body.map((s) => s.offeringId)).toEqual([full.id]);
    expectApiError(await api.http.as(teacher()).get('/api/me/upcoming-sessions'), 403);
    process.stdout.write(`upcoming at 23:50 after 22 courses earlier that day: ${res.body.map((s) => `${s.offeringTitle} ${s.state}`).join(', ')}\n`);
  });
});
