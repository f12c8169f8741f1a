import { CampaignListItem, CampaignRuleSettings, CampaignView, OfferingCampaignChoice, OfferingDetail, Role } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish, Publisher } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';

/**
 * 活动周 and 开放日 as campaigns, on a district of its own:
 *
 *   district D ─ street A ─ community A1 (school, teacher, activities), A2
 *              └ street B ─ community B1 (another school's activity)
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let as: Record<'super' | 'district' | 'streetA' | 'streetB' | 'a1' | 'a2', Http>;
let who: Publisher;
let teacher: Http;
let activity: OfferingDetail;
let other: OfferingDetail;

const day = (at: Date | string, plusDays = 0) => new Date(new Date(at).getTime() + 8 * 3600_000 + plusDays * 86400_000).toISOString().slice(0, 10);
const count = async (table: string) => Number((await api.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

/** A 活动周 around the first activity's session. */
function weekInput(areaId: number, title = '全民终身学习活动周') {
  const startsOn = day(activity.sessions[0].startsAt, -1);
  return { areaId, kind: 'learning_week', title, description: '各社区学校开放课堂，欢迎参加。', year: Number(startsOn.slice(0, 4)), followsRule: false, startsOn, endsOn: day(activity.sessions[0].startsAt, 5) };
}

/** The fields a campaign keeps when it is edited (its area and kind stay). */
const details = ({ areaId: _area, kind: _kind, ...rest }: ReturnType<typeof weekInput>) => rest;

async function create(by: Http, input: object): Promise<CampaignView> {
  const res = await by.post<CampaignView>('/api/campaigns', input);
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  api = await startApi();
  tree = await newAreaTree(api);
  const token = async (role: typeof Role.Admin | typeof Role.SuperAdmin, area: typeof tree.district) => api.http.as((await newStaff(api, role, { area })).tokens.accessToken);
  as = {
    super: await token(Role.SuperAdmin, tree.district),
    district: await token(Role.Admin, tree.district),
    streetA: await token(Role.Admin, tree.streetA),
    streetB: await token(Role.Admin, tree.streetB),
    a1: await token(Role.Admin, tree.communityA1),
    a2: await token(Role.Admin, tree.communityA2),
  };
  const school = await newSchool(api, tree.communityA1);
  who = await newPublisher(api, school, tree.streetA);
  teacher = api.http.as(who.teacher.tokens.accessToken);
  const venue = await newVenue(api, tree.communityA1, 29.6, 121.4);
  activity = await publish(api, who, activityInput(venue.id));
  const otherWho = await newPublisher(api, await newSchool(api, tree.communityB1), tree.streetB);
  other = await publish(api, otherWho, activityInput((await newVenue(api, tree.communityB1, 29.6, 121.4)).id));
});

afterAll(async () => {
  api.app.get(Clock).reset();
  await api.close();
});

describe('the district’s 开放日 rule', () => {
  it('is the third Friday of November until the district changes it, and moves 开放日 that follow it', async () => {
    const before = (await as.super.get<CampaignRuleSettings>('/api/campaign-rules')).body;
    expect(before.isDefault).toBe(true);
    expect(before.ruleText).toBe('11月第三个星期五');
    const thisYear = Number(day(new Date()).slice(0, 4));
    expect(before.years.map((y) => y.year)).toEqual([thisYear - 1, thisYear, thisYear + 1, thisYear + 2]);

    const openDay = await create(as.district, { areaId: tree.district.id, kind: 'open_day', title: '社区教育开放日', description: '', year: 2025, followsRule: true });
    expect([openDay.startsOn, openDay.endsOn]).toEqual(['2025-11-21', '2025-11-21']);
    const later = await create(as.district, { areaId: tree.district.id, kind: 'open_day', title: '社区教育开放日', description: '', year: 2027, followsRule: true });
    expect(later.startsOn).toBe('2027-11-19');

    // a street admin may read the rule but not change it
    expectApiError(await as.streetA.put('/api/campaign-rules', { kind: 'week_of_month', month: 11, n: 3, weekday: 5 }), 403);
    const changed = await as.super.put<CampaignRuleSettings>('/api/campaign-rules', { kind: 'week_of_month', month: 11, n: 3, weekday: 5 });
    expect(changed.status).toBe(200);
    expect(changed.body.isDefault).toBe(false);
    expect(changed.body.ruleText).toMatch(/^11月第三周的星期五/);
    expect((await as.district.get<CampaignView>(`/api/campaigns/${openDay.id}`)).body.startsOn).toBe('2025-11-14');
    expect((await as.district.get<CampaignView>(`/api/campaigns/${later.id}`)).body.startsOn).toBe('2027-11-19');

    // a year set by hand wins over the rule, and goes back to it when cleared
    const set = await as.super.put<CampaignRuleSettings>('/api/campaign-rules/years/2025', { date: '2025-11-28' });
    expect(set.status).toBe(200);
    expect((await as.district.get<CampaignView>(`/api/campaigns/${openDay.id}`)).body.startsOn).toBe('2025-11-28');
    expectApiError(await as.super.put('/api/campaign-rules/years/2025', { date: '2026-11-28' }), 400);
    // a body that says nothing (no date key) is refused, and the day set by hand stays
    expectApiError(await as.super.put('/api/campaign-rules/years/2025', {}), 400);
    expect((await as.district.get<CampaignView>(`/api/campaigns/${openDay.id}`)).body.startsOn).toBe('2025-11-28');
    await as.super.put('/api/campaign-rules/years/2025', { date: null });
    expect((await as.district.get<CampaignView>(`/api/campaigns/${openDay.id}`)).body.startsOn).toBe('2025-11-14');

    const back = await as.super.put<CampaignRuleSettings>('/api/campaign-rules', { kind: 'nth_weekday', month: 11, n: 3, weekday: 5 });
    expect(back.body.years.find((y) => y.year === 2026)?.date).toBe('2026-11-20');
    expect((await as.district.get<CampaignView>(`/api/campaigns/${openDay.id}`)).body.startsOn).toBe('2025-11-21');
  });

  it('refuses a rule that could leave its month, in Chinese, and keeps the old one', async () => {
    const err = expectApiError(await as.super.put('/api/campaign-rules', { kind: 'week_of_month', month: 11, n: 1, weekday: 5 }), 400);
    expect(err.message).toBe('只能选第二到第四周');
    expectApiError(await as.super.put('/api/campaign-rules', { kind: 'nth_weekday', month: 13, n: 3, weekday: 5 }), 400);
    expect((await as.super.get<CampaignRuleSettings>('/api/campaign-rules')).body.ruleText).toBe('11月第三个星期五');
  });
});

describe('who may change a campaign and its activities', () => {
  it('a 社区 admin cannot edit a district campaign nor add another area’s offering', async () => {
    const week = await create(as.district, weekInput(tree.district.id));
    // the community admin sees it and may bring their own area's activity in
    expect((await as.a1.get<CampaignView>(`/api/campaigns/${week.id}`)).body.editable).toBe(false);
    expectApiError(await as.a1.put(`/api/campaigns/${week.id}`, details(weekInput(tree.district.id, '改名'))), 403);
    expectApiError(await as.a1.post(`/api/campaigns/${week.id}/publish`), 403);
    expectApiError(await as.a1.post(`/api/campaigns/${week.id}/activities`, { offeringId: other.id }), 403);
    expectApiError(await as.a2.post(`/api/campaigns/${week.id}/activities`, { offeringId: activity.id }), 403);
    const added = await as.a1.post<CampaignView>(`/api/campaigns/${week.id}/activities`, { offeringId: activity.id });
    expect(added.status).toBe(200);
    expect(added.body.activities.map((a) => a.offeringId)).toEqual([activity.id]);
    expect((await as.district.get<CampaignView>(`/api/campaigns/${week.id}`)).body.title).toBe('全民终身学习活动周');

    // street B's campaign: street A's admins do not see it, and A's activity cannot join it
    const streetB = await create(as.streetB, weekInput(tree.streetB.id, '乙街道读书周'));
    expectApiError(await as.streetA.get(`/api/campaigns/${streetB.id}`), 403);
    expectApiError(await as.streetB.post(`/api/campaigns/${streetB.id}/activities`, { offeringId: activity.id }), 403);
  });

  it('a teacher joins and leaves his own offering into a published campaign of its area', async () => {
    const week = await create(as.streetA, weekInput(tree.streetA.id, '甲街道学习周'));
    expect((await teacher.get<OfferingCampaignChoice[]>(`/api/teacher/offerings/${activity.id}/campaigns`)).body.some((c) => c.campaign.id === week.id)).toBe(false);
    expectApiError(await teacher.post(`/api/teacher/offerings/${activity.id}/campaigns`, { campaignId: week.id }), 404);
    await as.streetA.post(`/api/campaigns/${week.id}/publish`);
    const joined = await teacher.post<OfferingCampaignChoice[]>(`/api/teacher/offerings/${activity.id}/campaigns`, { campaignId: week.id });
    expect(joined.status).toBe(200);
    expect(joined.body.find((c) => c.campaign.id === week.id)?.joined).toBe(true);
    const streetB = await create(as.streetB, weekInput(tree.streetB.id, '乙街道学习周'));
    await as.streetB.post(`/api/campaigns/${streetB.id}/publish`);
    expectApiError(await teacher.post(`/api/teacher/offerings/${activity.id}/campaigns`, { campaignId: streetB.id }), 400);
    expectApiError(await teacher.post(`/api/teacher/offerings/${other.id}/campaigns`, { campaignId: week.id }), 403);
    const left = await teacher.send<OfferingCampaignChoice[]>('DELETE', `/api/teacher/offerings/${activity.id}/campaigns/${week.id}`);
    expect(left.body.find((c) => c.campaign.id === week.id)?.joined).toBe(false);
  });
});

describe('figures and the public landing page', () => {
  it('shows only published campaigns, and its figures move after a check-in and a close', async () => {
    const week = await create(as.streetA, weekInput(tree.streetA.id, '甲街道终身学习周'));
    await as.streetA.post(`/api/campaigns/${week.id}/activities`, { offeringId: activity.id });
    expectApiError(await api.http.get(`/api/public/campaigns/${week.id}`), 404);
    expect((await api.http.get<CampaignListItem[]>(`/api/public/campaigns?areaId=${tree.communityA1.id}`)).body.some((c) => c.id === week.id)).toBe(false);

    expect((await as.streetA.post(`/api/campaigns/${week.id}/publish`)).status).toBe(200);
    const listed = (await api.http.get<CampaignListItem[]>(`/api/public/campaigns?areaId=${tree.communityA1.id}`)).body;
    expect(listed.some((c) => c.id === week.id)).toBe(true);
    expect((await api.http.get<CampaignListItem[]>(`/api/public/campaigns?areaId=${tree.streetB.id}`)).body.some((c) => c.id === week.id)).toBe(false);
    const before = (await api.http.get<CampaignView>(`/api/public/campaigns/${week.id}`)).body;
    expect(before.figures).toEqual({ activities: 1, sessionsHeld: 0, participants: 0, minutes: 0 });
    expect(before.activities[0]).toMatchObject({ offeringId: activity.id, title: activity.title });

    const resident = await newBoundResident(api, tree.communityA1);
    await api.http.as(resident.tokens.accessToken).post(`/api/offerings/${activity.id}/enrollments`);
    atSession(api, activity, 1);
    const qr = (await showQr(api, who.teacher.tokens.accessToken, activity.sessions[0].id)).qr;
    expect((await api.http.as(resident.tokens.accessToken).post('/api/check-ins', { qr })).status).toBe(201);
    atSession(api, activity, 125);
    expect((await teacher.post(`/api/teacher/sessions/${activity.sessions[0].id}/close`)).status).toBeLessThan(300);
    api.app.get(Clock).reset();

    const after = (await api.http.get<CampaignView>(`/api/public/campaigns/${week.id}`)).body;
    expect(after.figures.sessionsHeld).toBe(1);
    expect(after.figures.participants).toBe(1);
    expect(after.figures.minutes).toBeGreaterThan(0);

    // withdrawn: gone from the public again
    await as.streetA.post(`/api/campaigns/${week.id}/unpublish`);
    expectApiError(await api.http.get(`/api/public/campaigns/${week.id}`), 404);
  });
});

describe('bad input', () => {
  it('is refused in Chinese with nothing written', async () => {
    const campaigns = await count('campaign');
    const activities = await count('campaign_activity');
    const rules = await count('campaign_rule_year');
    const base = weekInput(tree.streetA.id);
    const bad: object[] = [
      { ...base, title: '' },
      { ...base, title: '<b>活动</b>' },
      { ...base, kind: 'party' },
      { ...base, startsOn: '2026-02-30' },
      { ...base, endsOn: day(base.startsOn, -3) },
      { ...base, endsOn: day(base.startsOn, 90) },
      { ...base, year: base.year + 1 },
      { ...base, followsRule: true },
      { ...base, areaId: 'x' },
    ];
    for (const input of bad) expectApiError(await as.streetA.post('/api/campaigns', input), 400);
    expectApiError(await as.streetA.post('/api/campaigns', { ...base, areaId: tree.streetB.id }), 403);
    const draft = await create(as.streetA, base);
    expectApiError(await as.streetA.post(`/api/campaigns/${draft.id}/activities`, { offeringId: 'abc' }), 400);
    expectApiError(await as.streetA.post(`/api/campaigns/${draft.id}/activities`, { offeringId: 2147483600 }), 404);
    expectApiError(await as.streetA.put(`/api/campaigns/${draft.id}`, { ...details(base), startsOn: 'tomorrow' }), 400);
    expectApiError(await as.super.put('/api/campaign-rules/years/2026', { date: '2026-13-01' }), 400);
    expectApiError(await as.super.put('/api/campaign-rules/years/1999', { date: '1999-11-19' }), 400);
    expect(await count('campaign')).toBe(campaigns + 1);
    expect(await count('campaign_activity')).toBe(activities);
    expect(await count('campaign_rule_year')).toBe(rules);
    expect((await as.streetA.get<CampaignView>(`/api/campaigns/${draft.id}`)).body.startsOn).toBe(base.startsOn);
  });
});
