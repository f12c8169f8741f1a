import { ErrorCode, IndicatorCode, OrganisationCriteria, OrganisationListItem, OrganisationSettings, OrganisationView, Role, StatisticsOverview } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { LearningOrganisationsService } from '@lp/server/dist/learning-organisations/learning-organisations.service';
import { ORGANISATION_LAPSE_JOB_ID } from '@lp/server/dist/learning-organisations/organisation-lapses';
import { PeriodicJobs } from '@lp/server/dist/scheduling/periodic-jobs';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';
import { freshDatabase } from '../support/global-setup';

/**
 * 学习型组织 and 学习型社团 registry on its own database (the lapse test moves the server's clock
 * and ends every overdue recognition, so no other file's data may share it).
 *
 *   district D ─ street A ─ community A1, A2
 *              └ street B ─ community B1
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let as: Record<'super' | 'district' | 'streetA' | 'streetB' | 'a1', Http>;

const PHONE = '13812345678';
const details = (name: string) => ({
  name,
  contactName: '王老师',
  contactPhone: PHONE,
  members: ['王老师', '李阿姨', '张师傅'],
  plan: '每周二下午集中学习书法一次，每月办一次作品交流。',
});
const scores = (n: number, score = 15) => Array.from({ length: n }, () => ({ score, comment: '符合' }));
const count = async (table: string) => Number((await api.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_orgs');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
  const token = async (role: typeof Role.Admin | typeof Role.SuperAdmin, area: typeof tree.district) => api.http.as((await newStaff(api, role, { area })).tokens.accessToken);
  as = {
    super: await token(Role.SuperAdmin, tree.district),
    district: await token(Role.Admin, tree.district),
    streetA: await token(Role.Admin, tree.streetA),
    streetB: await token(Role.Admin, tree.streetB),
    a1: await token(Role.Admin, tree.communityA1),
  };
});

afterAll(async () => {
  api.app.get(Clock).reset();
  await api.close();
});

async function register(who: Http, areaId: number, name: string, kind = 'society'): Promise<OrganisationView> {
  const res = await who.post<OrganisationView>('/api/learning-organisations', { areaId, kind, ...details(name) });
  expect(res.status).toBe(201);
  return res.body;
}

const recognise = (who: Http, id: string, n = 4) => who.post<OrganisationView>(`/api/learning-organisations/${id}/assess`, { outcome: 'recognise', scores: scores(n), comment: '材料齐全' });

describe('registration and assessment by the area above', () => {
  it('a 社区 admin registers a 社团 (phone masked, encrypted at rest); the 街道 admin above recognises it; the registering admin and another street cannot', async () => {
    const assessments = await count('learning_org_assessment');
    const org = await register(as.a1, tree.communityA1.id, '银龄书画社');
    expect(org).toMatchObject({ status: 'applied', kindLabel: '学习型社团', statusLabel: '待评估', memberCount: 3, contactPhone: '138****5678', canAssess: false });
    const [stored] = await api.db.query(`SELECT contact_phone_enc FROM learning_org WHERE id = $1`, [org.id]);
    expect(stored.contact_phone_enc).not.toContain(PHONE);

    // the community admin registered it and sits at its own level: no
    const own = expectApiError(await recognise(as.a1, org.id), 403);
    expect(own.message).toContain('登记这个组织的人不能评估它');
    // the other street sees nothing of it and cannot assess it
    expectApiError(await as.streetB.get(`/api/learning-organisations/${org.id}`), 403, ErrorCode.OutOfScope);
    expectApiError(await as.streetB.get(`/api/learning-organisations?areaId=${tree.communityA1.id}`), 403, ErrorCode.OutOfScope);
    expect((await as.streetB.get<OrganisationListItem[]>('/api/learning-organisations')).body.map((o) => o.id)).not.toContain(org.id);
    expectApiError(await recognise(as.streetB, org.id), 403, ErrorCode.OutOfScope);
    expect(await count('learning_org_assessment')).toBe(assessments);

    const waiting = await as.streetA.get<OrganisationListItem[]>('/api/learning-organisations?status=applied');
    expect(waiting.body.map((o) => o.id)).toContain(org.id);
    expect((await as.streetA.get<OrganisationView>(`/api/learning-organisations/${org.id}`)).body.canAssess).toBe(true);
    const done = await recognise(as.streetA, org.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'recognised', statusLabel: '已认定', canAssess: true });
    expect(done.body.recognisedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(done.body.reviewDueOn).toBe(`${Number(done.body.recognisedOn!.slice(0, 4)) + 1}-03-31`);
    expect(done.body.assessments[0]).toMatchObject({ outcome: 'recognised', totalScore: 60, maxScore: 100, comment: '材料齐全' });
    expect(done.body.assessments[0].scores).toHaveLength(4);

    // assessed once: a second decision is refused
    expectApiError(await recognise(as.streetA, org.id), 409);
    expect((await as.streetA.get<OrganisationListItem[]>('/api/learning-organisations?status=recognised')).body.map((o) => o.id)).toContain(org.id);
  });

  it('an admin who registered an organisation below them still cannot assess it; another admin above can', async () => {
    const org = await register(as.district, tree.communityA2.id, '甲二社区', 'community');
    const refused = expectApiError(await recognise(as.district, org.id), 403);
    expect(refused.message).toContain('登记这个组织的人不能评估它');
    expect((await recognise(as.streetA, org.id)).body.status).toBe('recognised');
  });

  it('a resident applies; the street admin returns it with a reason the resident reads; corrected, it waits again', async () => {
    const resident = await newBoundResident(api, tree.communityA1);
    const me = api.http.as(resident.tokens.accessToken);
    const applied = await me.post<OrganisationView>('/api/me/learning-organisations', { areaId: tree.communityA1.id, kind: 'family', ...details('李家学习小屋') });
    expect(applied.status).toBe(201);
    const id = applied.body.id;
    // only admins register through the admin path; a resident sees only their own
    expectApiError(await me.post('/api/learning-organisations', { areaId: tree.communityA1.id, kind: 'family', ...details('别家') }), 403);
    expectApiError(await me.get('/api/learning-organisations'), 403);

    const noReason = expectApiError(await as.streetA.post(`/api/learning-organisations/${id}/assess`, { outcome: 'return', scores: scores(4, 5) }), 400);
    expect(noReason.message).toBe('退回时请写明原因');
    const returned = await as.streetA.post<OrganisationView>(`/api/learning-organisations/${id}/assess`, { outcome: 'return', scores: scores(4, 5), reason: '学习计划太简单，请写明每月安排' });
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '学习计划太简单，请写明每月安排' });

    const mine = await me.get<OrganisationListItem[]>('/api/me/learning-organisations');
    expect(mine.body.map((o) => [o.id, o.status])).toEqual([[id, 'returned']]);
    const seen = await me.get<OrganisationView>(`/api/learning-organisations/${id}`);
    expect(seen.body).toMatchObject({ returnReason: '学习计划太简单，请写明每月安排', canResubmit: true, canAssess: false });
    // the street admin did not register it: only the applicant sends it again
    expectApiError(await as.streetA.put(`/api/learning-organisations/${id}`, details('李家学习小屋')), 403);
    const again = await me.put<OrganisationView>(`/api/learning-organisations/${id}`, { ...details('李家学习小屋'), plan: '每月第一周读一本书，第三周全家一起上一次社区课程。' });
    expect(again.body).toMatchObject({ status: 'applied', returnReason: null });
    // another resident cannot see it
    const other = api.http.as((await newBoundResident(api, tree.communityA1)).tokens.accessToken);
    expectApiError(await other.get(`/api/learning-organisations/${id}`), 404);
  });
});

describe('bad input is refused in Chinese and nothing is written', () => {
  it('registration: bad phone, no members, unknown kind, an area out of scope, a duplicate name', async () => {
    const before = await count('learning_org');
    const cases: [object, number, RegExp][] = [
      [{ areaId: tree.communityA1.id, kind: 'society', ...details('好名字'), contactPhone: '12345' }, 400, /11位手机号/],
      [{ areaId: tree.communityA1.id, kind: 'society', ...details('好名字'), members: [] }, 400, /至少要有1人/],
      [{ areaId: tree.communityA1.id, kind: 'club', ...details('好名字') }, 400, /请选择组织类型/],
      [{ areaId: tree.communityA1.id, kind: 'society', ...details('好名字'), plan: '短' }, 400, /学习计划应为/],
      [{ areaId: tree.communityB1.id, kind: 'society', ...details('好名字') }, 403, /不在您管理的区域/],
    ];
    for (const [body, status, message] of cases) {
      const err = expectApiError(await as.a1.post('/api/learning-organisations', body), status);
      expect([err.message, ...(err.details ?? [])].join(' ')).toMatch(message);
    }
    await register(as.a1, tree.communityA1.id, '同名读书会');
    const dup = expectApiError(await as.a1.post('/api/learning-organisations', { areaId: tree.communityA1.id, kind: 'society', ...details('同名读书会') }), 409);
    expect(dup.message).toBe('这个区域已经登记过同名的学习型社团');
    expect(await count('learning_org')).toBe(before + 1);
  });

  it('assessment: wrong number of scores, a score over the criterion’s maximum; the organisation stays waiting', async () => {
    const org = await register(as.a1, tree.communityA1.id, '太极拳队', 'school');
    const few = expectApiError(await as.streetA.post(`/api/learning-organisations/${org.id}/assess`, { outcome: 'recognise', scores: scores(2) }), 400);
    expect(few.message).toBe('请对全部4个评分项逐项打分');
    const over = expectApiError(await as.streetA.post(`/api/learning-organisations/${org.id}/assess`, { outcome: 'recognise', scores: scores(4, 25) }), 400);
    expect(over.message).toContain('满分20分');
    expectApiError(await as.streetA.post(`/api/learning-organisations/${org.id}/assess`, { outcome: 'maybe', scores: scores(4) }), 400);
    const [row] = await api.db.query(`SELECT status, (SELECT count(*)::int FROM learning_org_assessment WHERE organisation_id = $1) AS n FROM learning_org WHERE id = $1`, [org.id]);
    expect(row).toEqual({ status: 'applied', n: 0 });
  });

  it('criteria and the review date: only the super-admin edits them, and a date not every year has is refused', async () => {
    const [criteria, settings] = [await count('learning_org_criterion'), await count('learning_org_setting')];
    expectApiError(await as.streetA.put('/api/learning-organisations/criteria/society', { criteria: [{ title: '有活动', maxScore: 10 }] }), 403);
    const dup = expectApiError(await as.super.put('/api/learning-organisations/criteria/society', { criteria: [{ title: '有活动', maxScore: 10 }, { title: '有活动', maxScore: 5 }] }), 400);
    expect(dup.message).toBe('评分项有重复，请合并');
    expectApiError(await as.super.put('/api/learning-organisations/criteria/club', { criteria: [{ title: '有活动', maxScore: 10 }] }), 400);
    expectApiError(await as.super.put('/api/learning-organisations/criteria/society', { criteria: [{ title: '有活动', maxScore: 0 }] }), 400);
    expect(await count('learning_org_criterion')).toBe(criteria);
    expectApiError(await as.streetA.put('/api/learning-organisations/settings', { reviewMonth: 5, reviewDay: 31 }), 403);
    const leap = expectApiError(await as.super.put('/api/learning-organisations/settings', { reviewMonth: 2, reviewDay: 29 }), 400);
    expect(leap.message).toContain('2月没有29日');
    expect(await count('learning_org_setting')).toBe(settings);
  });

  it('subsidies: only for 社团, not in the future, amount above 0', async () => {
    const subsidies = await count('learning_org_subsidy');
    const family = await register(as.a1, tree.communityA1.id, '赵家', 'family');
    const club = await register(as.a1, tree.communityA1.id, '越剧票友会');
    const ok = { amountFen: 300000, grantedOn: '2026-03-01', source: '街道社区教育经费' };
    expect(expectApiError(await as.streetA.post(`/api/learning-organisations/${family.id}/subsidies`, ok), 400).message).toBe('只有学习型社团登记补助经费');
    expect(expectApiError(await as.streetA.post(`/api/learning-organisations/${club.id}/subsidies`, { ...ok, grantedOn: '2099-01-01' }), 400).message).toBe('发放日期不能晚于今天');
    expectApiError(await as.streetA.post(`/api/learning-organisations/${club.id}/subsidies`, { ...ok, grantedOn: '2026-02-30' }), 400);
    expectApiError(await as.streetA.post(`/api/learning-organisations/${club.id}/subsidies`, { ...ok, amountFen: 0 }), 400);
    expectApiError(await as.streetB.post(`/api/learning-organisations/${club.id}/subsidies`, ok), 403);
    expect(await count('learning_org_subsidy')).toBe(subsidies);
  });
});

describe('the district’s criteria, subsidies and activities', () => {
  it('the super-admin changes a kind’s criteria; new assessments use them, earlier ones keep theirs', async () => {
    const before = await register(as.a1, tree.communityA1.id, '社区党支部', 'party');
    await recognise(as.streetA, before.id);
    const saved = await as.super.put<OrganisationCriteria>('/api/learning-organisations/criteria/party', {
      criteria: [{ title: '每月至少活动两次', maxScore: 50 }, { title: '带动社区居民参加', maxScore: 50 }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ kind: 'party', isDefault: false, criteria: [{ title: '每月至少活动两次', maxScore: 50 }, { title: '带动社区居民参加', maxScore: 50 }] });
    const all = await as.streetA.get<OrganisationCriteria[]>('/api/learning-organisations/criteria');
    expect(all.body.find((c) => c.kind === 'family')).toMatchObject({ isDefault: true });
    expect(all.body).toHaveLength(7);

    const after = await register(as.a1, tree.communityA1.id, '老干部党支部', 'party');
    expectApiError(await recognise(as.streetA, after.id, 4), 400);
    const done = await as.streetA.post<OrganisationView>(`/api/learning-organisations/${after.id}/assess`, { outcome: 'recognise', scores: [{ score: 45, comment: '每月三次' }, { score: 40, comment: '' }] });
    expect(done.body.assessments[0]).toMatchObject({ totalScore: 85, maxScore: 100 });
    expect(done.body.assessments[0].scores.map((s) => s.title)).toEqual(['每月至少活动两次', '带动社区居民参加']);
    const old = await as.streetA.get<OrganisationView>(`/api/learning-organisations/${before.id}`);
    expect(old.body.assessments[0].scores).toHaveLength(4);
  });

  it('a 社团 records its subsidies and links the activities it runs (once each), within the admin’s area', async () => {
    const club = await register(as.a1, tree.communityA1.id, '摄影沙龙');
    const school = await newSchool(api, tree.communityA1);
    const offering = await publish(api, await newPublisher(api, school, tree.streetA), activityInput((await newVenue(api, tree.communityA1, 29.66, 121.41)).id, { title: '摄影入门讲座' }));
    const withSubsidy = await as.streetA.post<OrganisationView>(`/api/learning-organisations/${club.id}/subsidies`, { amountFen: 300000, grantedOn: '2026-03-01', source: '街道社区教育经费' });
    expect(withSubsidy.status).toBe(201);
    expect(withSubsidy.body.subsidies).toEqual([expect.objectContaining({ amountFen: 300000, grantedOn: '2026-03-01', source: '街道社区教育经费' })]);

    for (let i = 0; i < 2; i++) {
      const linked = await as.a1.post<OrganisationView>(`/api/learning-organisations/${club.id}/activities`, { offeringId: offering.id });
      expect(linked.status).toBe(200);
      expect(linked.body.activities).toEqual([expect.objectContaining({ offeringId: offering.id, title: '摄影入门讲座' })]);
    }
    expectApiError(await as.a1.post(`/api/learning-organisations/${club.id}/activities`, { offeringId: 2147483000 }), 404);
    const unlinked = await as.a1.send<OrganisationView>('DELETE', `/api/learning-organisations/${club.id}/activities/${offering.id}`);
    expect(unlinked.body.activities).toEqual([]);
    expectApiError(await as.a1.send('DELETE', `/api/learning-organisations/${club.id}/activities/${offering.id}`), 404);
  });
});

describe('学习型组织创建 from the registry, the yearly review and the lapse', () => {
  const figure = async (areaId: number, year: number) =>
    (await as.super.get<StatisticsOverview>(`/api/areas/${areaId}/statistics?year=${year}`)).body.indicators.find((i) => i.code === IndicatorCode.LearningOrganisations)!;
  const population = (areaId: number, year: number) =>
    as.super.put(`/api/areas/${areaId}/population/${year}`, {
      residentTotal: 1000, aged60Plus: 300, under18: 100, employed: 400, migrantWorkers: 50, unemployed: 20, ruralLabor: 0, organisations: 40, learningOrganisations: 0,
    });

  it('the lapse runs as one periodic job shared by every instance', () => {
    expect(api.app.get(PeriodicJobs).modeOf(ORGANISATION_LAPSE_JOB_ID)).toBe('queue');
  });

  it('recognising moves the street’s and the district’s figure; a missed review lapses it from the next year on; a second run changes nothing', async () => {
    const clock = api.app.get(Clock);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    for (const y of [year, year + 1]) {
      for (const id of [tree.streetB.id, tree.district.id]) expect((await population(id, y)).status).toBe(200);
    }
    const street0 = await figure(tree.streetB.id, year);
    const district0 = await figure(tree.district.id, year);
    expect(street0).toMatchObject({ denominator: 40 });

    const lapsing = await register(as.streetB, tree.communityB1.id, '乙一书友会', 'enterprise');
    const kept = await register(as.streetB, tree.communityB1.id, '乙一健身队', 'enterprise');
    // waiting for assessment does not count
    expect((await figure(tree.streetB.id, year)).numerator).toBe(street0.numerator);
    await recognise(as.district, lapsing.id);
    await recognise(as.district, kept.id);
    expect(await figure(tree.streetB.id, year)).toMatchObject({ numerator: street0.numerator + 2, denominator: 40 });
    expect((await figure(tree.district.id, year)).numerator).toBe(district0.numerator + 2);

    // the district sets the review date to 5月31日; one is reviewed in the spring, the other is not
    const settings = await as.super.put<OrganisationSettings>('/api/learning-organisations/settings', { reviewMonth: 5, reviewDay: 31 });
    expect(settings.body).toMatchObject({ reviewMonth: 5, reviewDay: 31, isDefault: false });
    const lapses = api.app.get(LearningOrganisationsService);
    try {
      clock.travelTo(new Date(`${year + 1}-04-10T10:00:00+08:00`));
      const reviewed = await as.district.post<OrganisationView>(`/api/learning-organisations/${kept.id}/review`, { scores: scores(4), comment: '坚持得好' });
      expect(reviewed.status).toBe(200);
      expect(reviewed.body.reviewDueOn).toBe(`${year + 2}-05-31`);
      // before the date nothing lapses
      expect(await lapses.lapseOverdue()).toBe(0);

      clock.travelTo(new Date(`${year + 1}-06-02T10:00:00+08:00`));
      const recognitions = async () => api.db.query(`SELECT id, organisation_id, recognised_on, last_reviewed_on, ended_on FROM learning_org_recognition ORDER BY id`);
      const lapsedNow = await lapses.lapseOverdue();
      expect(lapsedNow).toBeGreaterThanOrEqual(1);
      const after = await as.streetB.get<OrganisationView>(`/api/learning-organisations/${lapsing.id}`);
      expect(after.body).toMatchObject({ status: 'lapsed', statusLabel: '已失效', lapsedOn: `${year + 1}-06-01`, reviewDueOn: null });
      expect((await as.streetB.get<OrganisationView>(`/api/learning-organisations/${kept.id}`)).body.status).toBe('recognised');

      // the second run finds nothing left to end
      const rows = await recognitions();
      const statuses = await api.db.query(`SELECT id, status, updated_at FROM learning_org ORDER BY id`);
      expect(await lapses.lapseOverdue()).toBe(0);
      expect(await recognitions()).toEqual(rows);
      expect(await api.db.query(`SELECT id, status, updated_at FROM learning_org ORDER BY id`)).toEqual(statuses);

      // next year's figure dropped by the lapsed one; this year's stays as it was at its end
      expect((await figure(tree.streetB.id, year + 1)).numerator).toBe(street0.numerator + 1);
      expect((await figure(tree.streetB.id, year)).numerator).toBe(street0.numerator + 2);
      // a lapsed organisation is no longer reviewed, but its registrant may send it again
      expectApiError(await as.district.post(`/api/learning-organisations/${lapsing.id}/review`, { scores: scores(4) }), 409);
      expect((await as.streetB.put<OrganisationView>(`/api/learning-organisations/${lapsing.id}`, details('乙一书友会'))).body.status).toBe('applied');
    } finally {
      clock.reset();
    }
  });
});
