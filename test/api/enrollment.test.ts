import { EnrollmentError, EnrollmentStatus, EnrollmentView, ErrorCode, MyEnrollment, NotificationView, OfferingDetail, OfferingError, Page, ProfileError, ResidentGroup, RosterEntry, TargetGroup } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, Reply, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish, Publisher } from '../support/catalogue';
import { newAreaTree, newBoundResident, newResident, newSchool } from '../support/factories';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
let venueId: number;

beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
  venueId = (await newVenue(api, tree.communityA1, 29.6, 121.4)).id;
});
afterAll(() => api.close());

/** Runs `make` n times with at most `width` at once. */
async function inBatches<T>(n: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => make(i + j)))));
  return out;
}

const enroll = (token: string, id: number) => api.http.as(token).post<EnrollmentView>(`/api/offerings/${id}/enrollments`);
const cancel = (token: string, id: number) => api.http.as(token).send<EnrollmentView>('DELETE', `/api/offerings/${id}/enrollments/me`);

describe('enrollment under concurrency', () => {
  it('200 simultaneous enrollments into 30 places: exactly 30 enrolled, 170 waitlisted in order, no errors', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '活动周开幕讲座', capacity: 30 }));
    const residents = await inBatches(200, 25, () => newBoundResident(api, tree.communityA2));
    const replies = await Promise.all(residents.map((r) => enroll(r.tokens.accessToken, offering.id)));

    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(201));
    const enrolled = replies.filter((r) => r.body.status === EnrollmentStatus.Enrolled);
    const waiting = replies.filter((r) => r.body.status === EnrollmentStatus.Waitlisted);
    expect(enrolled).toHaveLength(30);
    expect(waiting.map((r) => r.body.waitlistPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));

    const [o] = await api.db.query('SELECT enrolled_count, waitlist_count FROM offering WHERE id = $1', [offering.id]);
    expect(o).toEqual({ enrolled_count: 30, waitlist_count: 170 });
    const counts = await api.db.query(`SELECT status, count(*)::int AS n FROM enrollment WHERE offering_id = $1 GROUP BY status ORDER BY status`, [offering.id]);
    expect(counts).toEqual([{ status: 'enrolled', n: 30 }, { status: 'waitlisted', n: 170 }]);
    // the position each resident was told is the order the database queued them in
    const queue = await api.db.query(`SELECT id FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq`, [offering.id]);
    const told = new Map(waiting.map((r) => [String(r.body.id), r.body.waitlistPosition]));
    expect(queue.map((q: { id: string }) => told.get(q.id))).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));

    // cancellations promote the waitlist in order, and the promoted resident is told
    const byId = new Map(replies.map((r, i) => [r.body.id, residents[i]]));
    const holders = enrolled.slice(0, 3).map((r) => byId.get(r.body.id)!);
    const firstThree = [1, 2, 3].map((p) => byId.get(waiting.find((w) => w.body.waitlistPosition === p)!.body.id)!);
    for (const h of holders) expect((await cancel(h.tokens.accessToken, offering.id)).body.status).toBe(EnrollmentStatus.Cancelled);
    for (const r of firstThree) {
      const detail = await api.http.as(r.tokens.accessToken).get<OfferingDetail>(`/api/offerings/${offering.id}`);
      expect(detail.body.myEnrollment?.status).toBe(EnrollmentStatus.Enrolled);
      const notes = await api.http.as(r.tokens.accessToken).get<NotificationView[]>('/api/me/notifications');
      expect(notes.body.some((n) => n.title === '候补成功' && n.offeringId === offering.id)).toBe(true);
    }
    const fourth = byId.get(waiting.find((w) => w.body.waitlistPosition === 4)!.body.id)!;
    const moved = await api.http.as(fourth.tokens.accessToken).get<OfferingDetail>(`/api/offerings/${offering.id}`);
    expect(moved.body.myEnrollment).toMatchObject({ status: EnrollmentStatus.Waitlisted, waitlistPosition: 1 });
    const [after] = await api.db.query('SELECT enrolled_count, waitlist_count FROM offering WHERE id = $1', [offering.id]);
    expect(after).toEqual({ enrolled_count: 30, waitlist_count: 167 });
  });

  it('a double tap enrolls once: the repeat answers 200 with the same enrollment', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '重复点击测试', capacity: 5 }));
    const r = await newBoundResident(api, tree.communityA1);
    const replies = await Promise.all(Array.from({ length: 10 }, () => enroll(r.tokens.accessToken, offering.id)));
    expect(replies.map((x) => x.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((x) => x.body.id)).size).toBe(1);
    const [o] = await api.db.query('SELECT enrolled_count FROM offering WHERE id = $1', [offering.id]);
    expect(o.enrolled_count).toBe(1);
  });

  it('someone already waiting who asks again keeps their place in the queue, and newcomers queue behind', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '候补位置测试', capacity: 1 }));
    const [a, b, c, d, e] = await inBatches(5, 5, () => newBoundResident(api, tree.communityA1));
    for (const r of [a, b, c]) await enroll(r.tokens.accessToken, offering.id);

    const [again, newcomer, latest] = await Promise.all([b, d, e].map((r) => enroll(r.tokens.accessToken, offering.id)));

    expect([again.status, again.body.status, again.body.waitlistPosition]).toEqual([200, EnrollmentStatus.Waitlisted, 1]);
    expect([newcomer.status, latest.status]).toEqual([201, 201]);
    expect([newcomer.body.waitlistPosition, latest.body.waitlistPosition].sort()).toEqual([3, 4]);
    const queue = await api.db.query(`SELECT id FROM enrollment WHERE offering_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq`, [offering.id]);
    const told = new Map([again, newcomer, latest].map((r) => [String(r.body.id), r.body.waitlistPosition]));
    expect(queue.map((q: { id: string }) => told.get(q.id) ?? null)).toEqual([1, null, 3, 4]);
  });
});

describe('enrollment rules', () => {
  it('refuses outside the enrollment window, with when it opens', async () => {
    const start = Date.now() + 10 * 86400_000;
    const offering = await publish(api, who, activityInput(venueId, {
      title: '下周才开放报名',
      enrollOpensAt: new Date(Date.now() + 3 * 86400_000).toISOString(),
      enrollClosesAt: new Date(start - 86400_000).toISOString(),
      sessions: [{ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), minutes: 60 }],
    }));
    const r = await newBoundResident(api, tree.communityA1);
    const err = expectApiError(await enroll(r.tokens.accessToken, offering.id), 400, EnrollmentError.Closed);
    expect(err.message).toMatch(/报名还没开始，\d+月\d+日/);
    await api.db.query(`UPDATE offering SET enroll_opens_at = now() - interval '2 days', enroll_closes_at = now() - interval '1 day' WHERE id = $1`, [offering.id]);
    expectApiError(await enroll(r.tokens.accessToken, offering.id), 400, EnrollmentError.Closed);
    expect((await api.db.query('SELECT count(*)::int AS n FROM enrollment WHERE offering_id = $1', [offering.id]))[0].n).toBe(0);
  });

  it('admits only the target groups when the offering restricts them, judging age on the day', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '老年人专场', targetGroups: [TargetGroup.Seniors, TargetGroup.Unemployed], restrictedToTargetGroups: true }));
    const young = await newBoundResident(api, tree.communityA1, { birthDate: '1990-01-01' });
    const err = expectApiError(await enroll(young.tokens.accessToken, offering.id), 403, EnrollmentError.NotEligible);
    expect(err.message).toContain('老年人');
    const old = await newBoundResident(api, tree.communityA1, { birthDate: '1950-01-01' });
    expect((await enroll(old.tokens.accessToken, offering.id)).status).toBe(201);
    const jobless = await newBoundResident(api, tree.communityA1, { birthDate: '1985-06-01', groups: [ResidentGroup.Unemployed] });
    expect((await enroll(jobless.tokens.accessToken, offering.id)).status).toBe(201);
  });

  it('refuses residents without a profile, staff, drafts and cancelled offerings', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '规则测试' }));
    const unbound = await newResident(api);
    expectApiError(await enroll(unbound.tokens.accessToken, offering.id), 403, ProfileError.NotBound);
    expectApiError(await enroll(who.teacher.tokens.accessToken, offering.id), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.post(`/api/offerings/${offering.id}/enrollments`), 401);
    const draft = await api.http.as(who.teacher.tokens.accessToken).post<OfferingDetail>('/api/teacher/offerings', activityInput(venueId, { title: '还是草稿' }));
    const r = await newBoundResident(api, tree.communityA1);
    expectApiError(await enroll(r.tokens.accessToken, draft.body.id), 409, OfferingError.NotOpen);
    await api.http.as(who.teacher.tokens.accessToken).post(`/api/teacher/offerings/${offering.id}/cancel`, { reason: '老师生病' });
    expectApiError(await enroll(r.tokens.accessToken, offering.id), 409, OfferingError.NotOpen);
    expectApiError(await enroll(r.tokens.accessToken, 2147480000), 404);
  });

  it('judges each request on the offering as it is now, even the moment after its terms change', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '规则刚改过', capacity: 5 }));
    const [a, b, young] = await Promise.all([
      newBoundResident(api, tree.communityA1),
      newBoundResident(api, tree.communityA1, { birthDate: '1950-01-01' }),
      newBoundResident(api, tree.communityA1, { birthDate: '1990-01-01' }),
    ]);
    const change = (set: string) => api.db.query(`UPDATE offering SET ${set} WHERE id = $1`, [offering.id]);
    const held = async () => (await api.db.query(`SELECT count(*)::int AS n FROM enrollment WHERE offering_id = $1 AND status <> 'cancelled'`, [offering.id]))[0].n;
    expect((await enroll(a.tokens.accessToken, offering.id)).status).toBe(201);

    await change(`enroll_closes_at = now() - interval '1 minute'`);
    expectApiError(await enroll(b.tokens.accessToken, offering.id), 400, EnrollmentError.Closed);
    // one who holds a place is given it back after the close
    expect((await enroll(a.tokens.accessToken, offering.id)).status).toBe(200);
    await change(`enroll_closes_at = now() + interval '1 day'`);
    expect((await enroll(b.tokens.accessToken, offering.id)).status).toBe(201);

    await change(`restricted_to_target_groups = true, target_groups = '{seniors}'`);
    expectApiError(await enroll(young.tokens.accessToken, offering.id), 403, EnrollmentError.NotEligible);
    await change(`restricted_to_target_groups = false`);
    expect((await enroll(young.tokens.accessToken, offering.id)).status).toBe(201);

    await change(`status = 'cancelled'`);
    const c = await newBoundResident(api, tree.communityA1);
    expectApiError(await enroll(c.tokens.accessToken, offering.id), 409, OfferingError.NotOpen);
    expectApiError(await enroll(a.tokens.accessToken, offering.id), 409, OfferingError.NotOpen);
    expect(await held()).toBe(3);
    expect((await api.db.query(`SELECT enrolled_count AS n FROM offering WHERE id = $1`, [offering.id]))[0].n).toBe(3);
  });
});

describe('after enrolling', () => {
  it('my enrollments lists what I joined, soonest first, and cancelling removes it', async () => {
    const later = await publish(api, who, activityInput(venueId, { title: '我的报名-后' }, 96));
    const sooner = await publish(api, who, activityInput(venueId, { title: '我的报名-先' }, 30));
    const r = await newBoundResident(api, tree.communityA1);
    await enroll(r.tokens.accessToken, later.id);
    await enroll(r.tokens.accessToken, sooner.id);
    const mine = await api.http.as(r.tokens.accessToken).get<Page<MyEnrollment>>('/api/me/enrollments');
    expect(mine.body.items.map((e) => e.offering.title)).toEqual(['我的报名-先', '我的报名-后']);
    await cancel(r.tokens.accessToken, sooner.id);
    const after = await api.http.as(r.tokens.accessToken).get<Page<MyEnrollment>>('/api/me/enrollments');
    expect(after.body.items.map((e) => e.offering.title)).toEqual(['我的报名-后']);
    expectApiError(await cancel(r.tokens.accessToken, sooner.id), 404);
  });

  it('my enrollments lists the courses not over first, soonest first, then the finished ones, latest first, page by page', async () => {
    const hours = [50, 30, 70, 40, 60];
    const offerings = [];
    for (const h of hours) offerings.push(await publish(api, who, activityInput(venueId, { title: `第${h}小时的课` }, h)));
    const r = await newBoundResident(api, tree.communityA1);
    for (const o of offerings) expect((await enroll(r.tokens.accessToken, o.id)).status).toBe(201);
    const title = (h: number) => `第${h}小时的课`;
    const clock = api.app.get(Clock);
    try {
      // 55 hours on: the courses at 30, 40 and 50 hours (two hours each) are over
      clock.travelTo(new Date(Date.now() + 55 * 3600_000));
      const all = await api.http.as(r.tokens.accessToken).get<Page<MyEnrollment>>('/api/me/enrollments');
      expect(all.body.items.map((e) => e.offering.title)).toEqual([60, 70, 50, 40, 30].map(title));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Reply<Page<MyEnrollment>> = await api.http.as(r.tokens.accessToken).get<Page<MyEnrollment>>(`/api/me/enrollments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        paged.push(...page.body.items.map((e) => e.offering.title));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual([60, 70, 50, 40, 30].map(title));
      // a page handed out before this order ([start, id]) still goes on from where it was
      const sixty = all.body.items[0];
      const legacy = Buffer.from(JSON.stringify([sixty.offering.firstSessionAt, String(sixty.id)])).toString('base64url');
      const rest = await api.http.as(r.tokens.accessToken).get<Page<MyEnrollment>>(`/api/me/enrollments?cursor=${legacy}`);
      expect(rest.body.items.map((e) => e.offering.title)).toEqual([70, 50, 40, 30].map(title));
      for (const bad of [Buffer.from('[2,"2026-01-01T00:00:00Z","1"]').toString('base64url'), Buffer.from('7').toString('base64url'), 'x']) {
        expectApiError(await api.http.as(r.tokens.accessToken).get(`/api/me/enrollments?cursor=${bad}`), 400);
      }
    } finally {
      clock.reset();
    }
  });

  it('the teacher’s roster shows names and masked phones; cancelling a session tells everyone enrolled', async () => {
    const offering = await publish(api, who, activityInput(venueId, { title: '名单测试', capacity: 1 }));
    const a = await newBoundResident(api, tree.communityA1);
    const b = await newBoundResident(api, tree.communityA1);
    await enroll(a.tokens.accessToken, offering.id);
    await enroll(b.tokens.accessToken, offering.id);
    const roster = await api.http.as(who.teacher.tokens.accessToken).get<RosterEntry[]>(`/api/teacher/offerings/${offering.id}/roster`);
    expect(roster.body.map((e) => [e.status, e.waitlistPosition, e.phoneMasked])).toEqual([
      ['enrolled', null, `${a.phone.slice(0, 3)}****${a.phone.slice(-4)}`],
      ['waitlisted', 1, `${b.phone.slice(0, 3)}****${b.phone.slice(-4)}`],
    ]);
    expect(JSON.stringify(roster.body)).not.toContain(a.phone);

    const cancelled = await api.http.as(who.teacher.tokens.accessToken).post<OfferingDetail>(
      `/api/teacher/offerings/${offering.id}/sessions/${offering.sessions[0].id}/cancel`,
      { reason: '场地临时维修' },
    );
    expect(cancelled.body.sessions[0]).toMatchObject({ cancelled: true, cancelReason: '场地临时维修' });
    for (const r of [a, b]) {
      const notes = await api.http.as(r.tokens.accessToken).get<NotificationView[]>('/api/me/notifications');
      const note = notes.body.find((n) => n.offeringId === offering.id)!;
      expect(note.body).toContain('场地临时维修');
      await api.http.as(r.tokens.accessToken).post('/api/me/notifications/read', { ids: [note.id] });
      const again = await api.http.as(r.tokens.accessToken).get<NotificationView[]>('/api/me/notifications');
      expect(again.body.find((n) => n.id === note.id)?.read).toBe(true);
    }
  });
});
