import { Category, ErrorCode, Highlight, LearningCircle, NotificationView, OfferingDetail, OfferingError, OfferingKind, OfferingStatus, OfferingSummary, Page, ReviewItem, Role, TargetGroup, TeacherOffering } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { expectApiError, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish, Publisher } from '../support/catalogue';
import { newAreaTree, newSchool, newStaff } from '../support/factories';

let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let who: Publisher;
// a spot of our own, far from every other test's venues
const home = { lat: 31 + randomInt(1000) / 1000, lng: 118 + randomInt(1000) / 1000 };

beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
});
afterAll(() => api.close());

const offeringRows = async (title: string) =>
  (await api.db.query('SELECT count(*)::int AS n FROM offering WHERE title = $1', [title]))[0].n as number;

describe('teachers publish, admins review', () => {
  it('a draft is invisible to residents until an admin of the area approves it', async () => {
    const venue = await newVenue(api, tree.communityA2, home.lat, home.lng);
    const teacher = api.http.as(who.teacher.tokens.accessToken);
    const created = await teacher.post<OfferingDetail>('/api/teacher/offerings', activityInput(venue.id, { title: '书法入门体验课' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: OfferingStatus.Draft, area: { id: tree.communityA2.id }, placesLeft: 30 });
    expectApiError(await api.http.get(`/api/offerings/${created.body.id}`), 404);

    await teacher.post(`/api/teacher/offerings/${created.body.id}/submit`);
    const queue = await api.http.as(who.admin.tokens.accessToken).get<ReviewItem[]>('/api/admin/offerings/reviews');
    expect(queue.body.map((r) => r.id)).toContain(created.body.id);

    const approved = await api.http.as(who.admin.tokens.accessToken).post<OfferingDetail>(`/api/admin/offerings/${created.body.id}/approve`);
    expect(approved.body.status).toBe(OfferingStatus.Published);
    const pub = await api.http.get<OfferingDetail>(`/api/offerings/${created.body.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.teachers.map((t) => t.id)).toEqual([who.teacher.user.id]);
    expect(pub.body.sessions).toHaveLength(1);
  });

  it('an admin returns a submission with a reason; the teacher sees it, edits and resubmits', async () => {
    const teacher = api.http.as(who.teacher.tokens.accessToken);
    const created = await teacher.post<OfferingDetail>('/api/teacher/offerings', activityInput(null, { title: '线上家庭教育讲座' }));
    await teacher.post(`/api/teacher/offerings/${created.body.id}/submit`);
    expectApiError(await api.http.as(who.admin.tokens.accessToken).post(`/api/admin/offerings/${created.body.id}/return`, {}), 400);
    const returned = await api.http.as(who.admin.tokens.accessToken).post<OfferingDetail>(`/api/admin/offerings/${created.body.id}/return`, { reason: '请补充主讲人介绍' });
    expect(returned.body).toMatchObject({ status: OfferingStatus.Draft, reviewNote: '请补充主讲人介绍' });
    const mine = await teacher.get<TeacherOffering[]>('/api/teacher/offerings');
    expect(mine.body.find((o) => o.id === created.body.id)?.reviewNote).toBe('请补充主讲人介绍');
    const notes = await teacher.get<NotificationView[]>('/api/me/notifications');
    expect(notes.body.some((n) => n.offeringId === created.body.id && n.body.includes('请补充主讲人介绍'))).toBe(true);
    const edited = await teacher.put<OfferingDetail>(`/api/teacher/offerings/${created.body.id}`, activityInput(null, { title: '线上家庭教育讲座', description: '主讲：李老师，从事家庭教育20年。' }));
    expect(edited.status).toBe(200);
    expect((await teacher.post<OfferingDetail>(`/api/teacher/offerings/${created.body.id}/submit`)).body.status).toBe(OfferingStatus.PendingReview);
  });

  it('a teacher of school X cannot edit, submit or cancel school Y’s offering, nor see its roster', async () => {
    const draft = await api.http.as(who.teacher.tokens.accessToken).post<OfferingDetail>('/api/teacher/offerings', activityInput(null, { title: '别校的草稿' }));
    const other = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityB1) });
    const as = api.http.as(other.tokens.accessToken);
    expectApiError(await as.put(`/api/teacher/offerings/${draft.body.id}`, activityInput(null, { title: '改掉别人的' })), 403, ErrorCode.Forbidden);
    expectApiError(await as.post(`/api/teacher/offerings/${draft.body.id}/submit`), 403);
    expectApiError(await as.post(`/api/teacher/offerings/${draft.body.id}/cancel`, { reason: '随便取消' }), 403);
    expectApiError(await as.get(`/api/teacher/offerings/${draft.body.id}/roster`), 403);
    expectApiError(await as.get(`/api/offerings/${draft.body.id}`), 404);
    expect(await offeringRows('改掉别人的')).toBe(0);
  });

  it('an admin of street B cannot approve street A’s submission; a resident cannot review at all', async () => {
    const teacher = api.http.as(who.teacher.tokens.accessToken);
    const created = await teacher.post<OfferingDetail>('/api/teacher/offerings', activityInput(null, { title: '待审核的讲座' }));
    await teacher.post(`/api/teacher/offerings/${created.body.id}/submit`);
    const adminB = await newStaff(api, Role.Admin, { area: tree.streetB });
    expectApiError(await api.http.as(adminB.tokens.accessToken).post(`/api/admin/offerings/${created.body.id}/approve`), 403, ErrorCode.OutOfScope);
    const queueB = await api.http.as(adminB.tokens.accessToken).get<ReviewItem[]>('/api/admin/offerings/reviews');
    expect(queueB.body.map((r) => r.id)).not.toContain(created.body.id);
    expectApiError(await teacher.post(`/api/admin/offerings/${created.body.id}/approve`), 403, ErrorCode.Forbidden);
    const [row] = await api.db.query('SELECT status FROM offering WHERE id = $1', [created.body.id]);
    expect(row.status).toBe('pending_review');
  });

  it('only drafts can be edited', async () => {
    const venue = await newVenue(api, tree.communityA1, home.lat + 0.001, home.lng);
    const published = await publish(api, who, activityInput(venue.id, { title: '已发布不可改' }));
    const res = await api.http.as(who.teacher.tokens.accessToken).put(`/api/teacher/offerings/${published.id}`, activityInput(venue.id, { title: '偷偷改' }));
    expectApiError(res, 409, OfferingError.NotEditable);
  });
});

describe('bad input is refused in Chinese and writes nothing', () => {
  const start = () => Date.now() + 48 * 3600_000;
  it.each([
    ['end before start', (t: string) => activityInput(null, { title: t, sessions: [{ startsAt: new Date(start()).toISOString(), endsAt: new Date(start() - 3600_000).toISOString(), minutes: 30 }] }), /结束时间要晚于开始时间/],
    ['a negative capacity', (t: string) => activityInput(null, { title: t, capacity: -5 }), /名额至少1个/],
    ['an unknown category', (t: string) => ({ ...activityInput(null, { title: t }), category: 'astrology' }), /请从列表里选择类别/],
    ['a session in the past', (t: string) => activityInput(null, { title: t, enrollClosesAt: new Date(Date.now() - 3 * 3600_000).toISOString(), enrollOpensAt: new Date(Date.now() - 5 * 3600_000).toISOString(), sessions: [{ startsAt: new Date(Date.now() - 2 * 3600_000).toISOString(), endsAt: new Date(Date.now() - 3600_000).toISOString(), minutes: 30 }] }), /时间已经过去了/],
    ['huge text', (t: string) => activityInput(null, { title: t, description: '很长'.repeat(3000) }), /介绍应为1到5000个字/],
    ['a script tag in the description', (t: string) => activityInput(null, { title: t, description: '<script>alert(1)</script>' }), /尖括号/],
    ['HTML in the title', () => activityInput(null, { title: '<b>加粗</b>标题' }), /标题里不能有尖括号/],
    ['more 学时 than the session lasts', (t: string) => activityInput(null, { title: t, sessions: [{ startsAt: new Date(start()).toISOString(), endsAt: new Date(start() + 3600_000).toISOString(), minutes: 120 }] }), /学时不能超过上课时长/],
    ['an activity with two sessions', (t: string) => activityInput(null, { title: t, sessions: [0, 1].map((d) => ({ startsAt: new Date(start() + d * 86400_000).toISOString(), endsAt: new Date(start() + d * 86400_000 + 3600_000).toISOString(), minutes: 60 })) }), /活动只有一次/],
    ['a micro-course without lessons', (t: string) => activityInput(null, { title: t, kind: OfferingKind.MicroCourse, sessions: [] }), /至少要有一节视频/],
    ['a venue that does not exist', (t: string) => activityInput(2147480000, { title: t }), /没有这个上课地点/],
    ['a video over plain http', (t: string) => activityInput(null, { title: t, kind: OfferingKind.MicroCourse, sessions: [], lessons: [{ title: '第一课', videoUrl: 'http://x.example/v.mp4', durationSeconds: 600, minutes: 10 }] }), /https/],
  ])('%s', async (_name, make, message) => {
    const title = `坏输入${randomInt(1e9)}`;
    const res = await api.http.as(who.teacher.tokens.accessToken).post('/api/teacher/offerings', make(title));
    const err = expectApiError(res, 400);
    expect([err.message, ...(err.details ?? [])].join(' ')).toMatch(message);
    expect(await offeringRows(title)).toBe(0);
  });

  it('text with quotes and ampersands is stored and returned exactly as typed', async () => {
    const description = '讲座 “防骗” & 问答 \'现场\' 😀 𠀀';
    const res = await api.http.as(who.teacher.tokens.accessToken).post<OfferingDetail>('/api/teacher/offerings', activityInput(null, { title: '原样保存的文字', description }));
    expect(res.status).toBe(201);
    expect(res.body.description).toBe(description);
  });
});

describe('residents find offerings', () => {
  let ids: Record<string, number>;
  let tree: Awaited<ReturnType<typeof newAreaTree>>;
  let who: Publisher;
  // its own spot and tree, so offerings published by the tests above do not show up here
  const home = { lat: 25 + randomInt(1000) / 1000, lng: 110 + randomInt(1000) / 1000 };
  beforeAll(async () => {
    tree = await newAreaTree(api);
    who = await newPublisher(api, await newSchool(api, tree.communityA1), tree.streetA);
    const near = await newVenue(api, tree.communityA1, home.lat, home.lng + 0.005); // ~480 m east
    const mid = await newVenue(api, tree.communityA2, home.lat + 0.02, home.lng); // ~2.2 km north
    const far = await newVenue(api, tree.communityB1, home.lat + 0.05, home.lng); // ~5.6 km
    const schoolB = await newSchool(api, tree.communityB1);
    const whoB = await newPublisher(api, schoolB, tree.streetB);
    ids = {
      phone: (await publish(api, who, activityInput(near.id, { title: '智能手机入门班', category: Category.DigitalLiteracy, targetGroups: [TargetGroup.Seniors] }, 30))).id,
      taichi: (await publish(api, who, activityInput(mid.id, { title: '太极拳晨练', category: Category.Health, highlight: Highlight.OpenDay }, 60))).id,
      baking: (await publish(api, whoB, activityInput(far.id, { title: '西点烘焙技能培训', category: Category.VocationalSkills, capacity: 1 }, 90))).id,
      online: (await publish(api, who, activityInput(null, { title: '线上手机摄影课', category: Category.DigitalLiteracy }, 120))).id,
    };
  });

  const list = async (query: string) => (await api.http.get<Page<OfferingSummary>>(`/api/offerings?${query}`)).body;

  it('keyword search finds Chinese words inside titles and descriptions', async () => {
    const r = await list(`q=${encodeURIComponent('手机')}&areaId=${tree.district.id}`);
    expect(r.items.map((o) => o.id).sort()).toEqual([ids.phone, ids.online].sort());
    const single = await list(`q=${encodeURIComponent('烘')}&areaId=${tree.district.id}`);
    expect(single.items.map((o) => o.id)).toEqual([ids.baking]);
    const none = await list(`q=${encodeURIComponent('围棋')}&areaId=${tree.district.id}`);
    expect(none.items).toEqual([]);
  });

  it('filters by category, area, target group, mode, highlight, free places and dates', async () => {
    const d = `areaId=${tree.district.id}`;
    expect((await list(`${d}&category=digital_literacy`)).items.map((o) => o.id).sort()).toEqual([ids.phone, ids.online].sort());
    expect((await list(`areaId=${tree.streetB.id}`)).items.map((o) => o.id)).toEqual([ids.baking]);
    expect((await list(`${d}&targetGroup=seniors`)).items.map((o) => o.id)).toEqual([ids.phone]);
    expect((await list(`${d}&mode=online`)).items.map((o) => o.id)).toEqual([ids.online]);
    expect((await list(`${d}&highlight=open_day`)).items.map((o) => o.id)).toEqual([ids.taichi]);
    const day = (h: number) => new Date(Date.now() + h * 3600_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const windowed = (await list(`${d}&from=${day(100)}&to=${day(130)}`)).items.map((o) => o.id);
    expect(windowed).toContain(ids.online);
    expect(windowed).not.toContain(ids.phone);
    // filling the only place of the baking class removes it from "has free places"
    await api.db.query('UPDATE offering SET enrolled_count = 1 WHERE id = $1', [ids.baking]);
    expect((await list(`${d}&hasPlaces=true`)).items.map((o) => o.id)).not.toContain(ids.baking);
    expectApiError(await api.http.get(`/api/offerings?${d}&from=${day(50)}&to=${day(10)}`), 400);
    expectApiError(await api.http.get(`/api/offerings?category=astrology`), 400);
  });

  it('near me sorts by straight-line distance and limits by radius', async () => {
    const r = await list(`lat=${home.lat}&lng=${home.lng}&withinMeters=6000&limit=50`);
    expect(r.items.map((o) => o.id)).toEqual([ids.phone, ids.taichi, ids.baking]);
    const metres = r.items.map((o) => o.distanceMeters!);
    expect(metres[0]).toBeGreaterThan(400);
    expect(metres[0]).toBeLessThan(560);
    expect(metres[1]).toBeGreaterThan(2000);
    expect(metres[1]).toBeLessThan(2400);
    const close = await list(`lat=${home.lat}&lng=${home.lng}&withinMeters=1000`);
    expect(close.items.map((o) => o.id)).toEqual([ids.phone]);
    expectApiError(await api.http.get(`/api/offerings?lat=${home.lat}`), 400);
  });

  it('the 30-minute circle lists venues by distance with walking and riding minutes', async () => {
    const res = await api.http.get<LearningCircle>(`/api/offerings/circle?lat=${home.lat}&lng=${home.lng}`);
    expect(res.body.walkMeters).toBe(2100);
    const ours = res.body.venues.filter((v) => v.upcoming.some((o) => Object.values(ids).includes(o.id)));
    expect(ours.map((v) => v.upcoming[0].id)).toEqual([ids.phone, ids.taichi, ids.baking]);
    expect(ours[0].walkMinutes).toBe(Math.ceil(ours[0].distanceMeters / 70));
    expect(ours[2].rideMinutes).toBeLessThanOrEqual(30);
  });

  it('cursor pages neither repeat nor skip rows when new offerings are published between pages', async () => {
    const local = await newAreaTree(api);
    const school = await newSchool(api, local.communityA1);
    const pub = await newPublisher(api, school, local.district);
    for (let i = 0; i < 5; i++) await publish(api, pub, activityInput(null, { title: `分页测试${i}` }, 24 + i));
    const first = await list(`areaId=${local.district.id}&limit=2`);
    await publish(api, pub, activityInput(null, { title: '中途新发布-很早' }, 20)); // sorts before the cursor: not on later pages
    await publish(api, pub, activityInput(null, { title: '中途新发布-很晚' }, 200)); // sorts after: appears at the end
    const second = await list(`areaId=${local.district.id}&limit=2&cursor=${first.nextCursor}`);
    const third = await list(`areaId=${local.district.id}&limit=2&cursor=${second.nextCursor}`);
    const titles = [...first.items, ...second.items, ...third.items].map((o) => o.title);
    expect(titles).toEqual(['分页测试0', '分页测试1', '分页测试2', '分页测试3', '分页测试4', '中途新发布-很晚']);
    expect(third.nextCursor).toBeNull();
  });
});
