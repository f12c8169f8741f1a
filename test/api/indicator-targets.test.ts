import { Category, ErrorCode, IndicatorCode, IndicatorTargetList, IndicatorValue, Role, StatisticsOverview, YearOverYear } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool, newStaff } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { newLearner, writeRecords } from '../support/statistics';

/**
 * Targets are data: each indicator's target per area and year, set by the area's administrators
 * (a district's by a super-admin only), inherited down the tree and from earlier years, and used
 * for 达标. Also the dashboard's warnings and the year the activities held count in.
 *
 *   district D ─ street A ─ community A1, A2
 *              └ street B ─ community B1
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let superToken: string;
let districtAdminToken: string;
let streetAToken: string;
let communityA1Token: string;

const Y = 2025;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_targets');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
  superToken = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken;
  districtAdminToken = (await newStaff(api, Role.Admin, { area: tree.district })).tokens.accessToken;
  streetAToken = (await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken;
  communityA1Token = (await newStaff(api, Role.Admin, { area: tree.communityA1 })).tokens.accessToken;
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const targetsOf = async (token: string, areaId: number, year: number) => {
  const res = await api.http.as(token).get<IndicatorTargetList>(`/api/areas/${areaId}/indicator-targets?year=${year}`);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.targets.map((t) => [t.code, t]));
};
const put = (token: string, areaId: number, year: number, targets: unknown) =>
  api.http.as(token).put<IndicatorTargetList>(`/api/areas/${areaId}/indicator-targets/${year}`, { targets });
const stored = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM indicator_target`)) as { n: number }[])[0].n;
const byCode = (xs: IndicatorValue[]) => Object.fromEntries(xs.map((x) => [x.code, x])) as Record<IndicatorCode, IndicatorValue>;

describe('indicator targets', () => {
  it('are the seeds’ values where nobody set one', async () => {
    const t = await targetsOf(superToken, tree.communityB1.id, Y);
    expect(t.participation).toMatchObject({ target: 0.6, defaultTarget: 0.6, source: 'default', setFor: null });
    expect(t.seniors.target).toBe(0.5);
    expect(t.minors.target).toBe(0.8);
    expect(t.education_staff).toMatchObject({ target: 1, unit: 'per_10k' });
  });

  it('a target set for a street is inherited by its communities and by the years after, not by the other street', async () => {
    const res = await put(streetAToken, tree.streetA.id, Y, [{ code: 'participation', target: 0.7 }, { code: 'education_staff', target: 1.5 }]);
    expect(res.status).toBe(200);
    expect(res.body.targets.find((t) => t.code === 'participation')).toMatchObject({ target: 0.7, source: 'own' });
    for (const c of [tree.communityA1, tree.communityA2]) {
      const t = await targetsOf(streetAToken, c.id, Y);
      expect(t.participation).toMatchObject({ target: 0.7, source: 'inherited', setFor: { area: { id: tree.streetA.id }, year: Y } });
      expect(t.education_staff.target).toBe(1.5);
      expect(t.seniors).toMatchObject({ target: 0.5, source: 'default' });
    }
    // the next year, nobody set anything: last year's target stands
    expect((await targetsOf(streetAToken, tree.communityA1.id, Y + 1)).participation).toMatchObject({ target: 0.7, setFor: { year: Y } });
    // the year before it was set, the default
    expect((await targetsOf(streetAToken, tree.communityA1.id, Y - 1)).participation.source).toBe('default');
    expect((await targetsOf(superToken, tree.communityB1.id, Y)).participation.target).toBe(0.6);
    // a community's own target wins over its street's; taking it away inherits again
    expect((await put(communityA1Token, tree.communityA1.id, Y, [{ code: 'participation', target: 0.65 }])).status).toBe(200);
    expect((await targetsOf(streetAToken, tree.communityA1.id, Y)).participation).toMatchObject({ target: 0.65, source: 'own' });
    expect((await put(communityA1Token, tree.communityA1.id, Y, [{ code: 'participation', target: null }])).status).toBe(200);
    expect((await targetsOf(streetAToken, tree.communityA1.id, Y)).participation).toMatchObject({ target: 0.7, source: 'inherited' });
    const audit = (await api.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'indicator-target.set' AND target_id = $1`,
      [String(tree.communityA1.id)],
    )) as { n: number }[];
    expect(audit[0].n).toBe(2);
  });

  it('达标 is judged against the target in force: 7 of 10 meets the default 60% but not a street’s 75%', async () => {
    const t = await newAreaTree(api);
    const admin = (await newStaff(api, Role.SuperAdmin, { area: t.district })).tokens.accessToken;
    const street = (await newStaff(api, Role.Admin, { area: t.streetA })).tokens.accessToken;
    const people = { residentTotal: 10, aged60Plus: 2, under18: 2, employed: 5, migrantWorkers: 0, unemployed: 0, ruralLabor: 0, organisations: 0, learningOrganisations: 0 };
    expect((await api.http.as(admin).put(`/api/areas/${t.communityA1.id}/population/${Y}`, people)).status).toBe(200);
    const learners = await Promise.all(Array.from({ length: 7 }, () => newLearner(api, t.communityA1.id)));
    await api.db.transaction((m) =>
      writeRecords(api, m, learners.map((residentId) => ({ residentId, areaId: t.communityA1.id, category: Category.Health, minutes: 30, at: `${Y}-05-01T10:00:00+08:00`, age: 40 }))),
    );
    const before = byCode((await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${t.communityA1.id}/statistics?year=${Y}`)).body.indicators);
    expect(before.participation).toMatchObject({ value: 0.7, target: 0.6, met: true, progress: 1.1667, warnings: [] });
    expect((await put(street, t.streetA.id, Y, [{ code: 'participation', target: 0.75 }])).status).toBe(200);
    const after = byCode((await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${t.communityA1.id}/statistics?year=${Y}`)).body.indicators);
    expect(after.participation).toMatchObject({ value: 0.7, target: 0.75, met: false, progress: 0.9333 });
    // the children's lines (drill-down) use the same targets
    const children = (await api.http.as(admin).get<{ area: { id: number }; indicators: IndicatorValue[] }[]>(`/api/areas/${t.streetA.id}/statistics/children?year=${Y}`)).body;
    expect(byCode(children.find((c) => c.area.id === t.communityA1.id)!.indicators).participation.target).toBe(0.75);
  });
});

describe('who may set targets', () => {
  it('an admin only inside their subtree; a district’s own targets only a super-admin', async () => {
    const before = await stored();
    for (const area of [tree.streetB, tree.communityB1, tree.district]) {
      expectApiError(await put(streetAToken, area.id, Y, [{ code: 'seniors', target: 0.55 }]), 403, ErrorCode.OutOfScope);
      expectApiError(await api.http.as(streetAToken).get(`/api/areas/${area.id}/indicator-targets?year=${Y}`), 403, ErrorCode.OutOfScope);
    }
    expectApiError(await put(communityA1Token, tree.streetA.id, Y, [{ code: 'seniors', target: 0.55 }]), 403, ErrorCode.OutOfScope);
    const refused = expectApiError(await put(districtAdminToken, tree.district.id, Y, [{ code: 'seniors', target: 0.55 }]), 403, ErrorCode.Forbidden);
    expect(refused.message).toContain('超级管理员');
    expect((await api.http.as(districtAdminToken).get<IndicatorTargetList>(`/api/areas/${tree.district.id}/indicator-targets?year=${Y}`)).body.editable).toBe(false);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.streetA) });
    expectApiError(await put(teacher.tokens.accessToken, tree.communityA1.id, Y, [{ code: 'seniors', target: 0.55 }]), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.put(`/api/areas/${tree.communityA1.id}/indicator-targets/${Y}`, { targets: [{ code: 'seniors', target: 0.55 }] }), 401);
    expect(await stored()).toBe(before);
    // the district administrator may still set a street's, the super-admin the district's
    expect((await put(districtAdminToken, tree.streetB.id, Y, [{ code: 'seniors', target: 0.55 }])).status).toBe(200);
    const set = await put(superToken, tree.district.id, Y, [{ code: 'seniors', target: 0.52 }]);
    expect(set.status).toBe(200);
    expect(set.body.editable).toBe(true);
    expect((await targetsOf(superToken, tree.communityB1.id, Y)).seniors).toMatchObject({ target: 0.55, setFor: { area: { id: tree.streetB.id } } });
    expect((await targetsOf(superToken, tree.communityA2.id, Y)).seniors).toMatchObject({ target: 0.52, setFor: { area: { id: tree.district.id } } });
  });

  it('bad input is refused with a Chinese message and nothing is written, not even the good lines', async () => {
    const before = await stored();
    const bad: [unknown, RegExp][] = [
      [[{ code: 'participation', target: 0.62 }, { code: 'seniors', target: 1.5 }], /不能超过100%/],
      [[{ code: 'participation', target: 0.62 }, { code: 'participation', target: 0.63 }], /重复/],
      [[{ code: 'participation', target: 0 }], /大于0/],
      [[{ code: 'education_staff', target: 5000 }], /不能超过1000/],
      [[{ code: 'participation', target: 0.123456 }], /0\.01%/],
      [[{ code: 'no_such', target: 0.5 }], /没有这个指标/],
      [[{ code: 'participation', target: '六成' }], /数字/],
      [[{ code: 'participation' }], /数字/],
      [[], /至少/],
    ];
    for (const [targets, message] of bad) {
      const error = expectApiError(await put(streetAToken, tree.communityA2.id, Y, targets), 400);
      expect(`${error.message} ${(error.details ?? []).join(' ')}`).toMatch(message);
    }
    expectApiError(await api.http.as(streetAToken).put(`/api/areas/${tree.communityA2.id}/indicator-targets/1999`, { targets: [{ code: 'participation', target: 0.6 }] }), 400);
    expect(await stored()).toBe(before);
    expect((await targetsOf(streetAToken, tree.communityA2.id, Y)).participation.target).toBe(0.7);
  });
});

describe('implausible figures', () => {
  it('a rate over 100% carries a warning that the denominator is probably wrong; a year without records has no year-over-year', async () => {
    const t = await newAreaTree(api);
    const admin = (await newStaff(api, Role.SuperAdmin, { area: t.district })).tokens.accessToken;
    const people = { residentTotal: 3, aged60Plus: 0, under18: 0, employed: 0, migrantWorkers: 0, unemployed: 0, ruralLabor: 0, organisations: 0, learningOrganisations: 0 };
    for (const year of [Y - 1, Y]) expect((await api.http.as(admin).put(`/api/areas/${t.communityA1.id}/population/${year}`, people)).status).toBe(200);
    const learners = await Promise.all(Array.from({ length: 4 }, () => newLearner(api, t.communityA1.id)));
    await api.db.transaction((m) =>
      writeRecords(api, m, learners.map((residentId) => ({ residentId, areaId: t.communityA1.id, category: Category.Health, minutes: 30, at: `${Y}-03-01T10:00:00+08:00`, age: 40 }))),
    );
    const overview = (await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${t.communityA1.id}/statistics?year=${Y}`)).body;
    const participation = byCode(overview.indicators).participation;
    expect(participation).toMatchObject({ numerator: 4, denominator: 3, value: 1.3333 });
    expect(participation.warnings).toHaveLength(1);
    expect(participation.warnings[0]).toContain('超过100%');
    expect(participation.warnings[0]).toContain('常住人口');
    // no warning where the figures are plausible
    expect(byCode(overview.indicators).seniors.warnings).toEqual([]);
    // Y − 1 has population but not a single record: nothing to compare with
    const yoy = (await api.http.as(admin).get<YearOverYear>(`/api/areas/${t.communityA1.id}/statistics/year-over-year?year=${Y}`)).body;
    expect(yoy.comparable).toBe(false);
    expect(yoy.rows.every((r) => r.change === null)).toBe(true);
    // once Y − 1 has records, it compares
    await api.db.transaction((m) =>
      writeRecords(api, m, [{ residentId: learners[0], areaId: t.communityA1.id, category: Category.Health, minutes: 30, at: `${Y - 1}-03-01T10:00:00+08:00`, age: 40 }]),
    );
    const again = (await api.http.as(admin).get<YearOverYear>(`/api/areas/${t.communityA1.id}/statistics/year-over-year?year=${Y}`)).body;
    expect(again.comparable).toBe(true);
    expect(again.rows.find((r) => r.code === 'participation')!.change).toBe(1);
  });
});

describe('activities held', () => {
  it('count in the year their session started, the year its attendance records count in, even when closed the next year', async () => {
    const t = await newAreaTree(api);
    const who = await newPublisher(api, await newSchool(api, t.communityA1), t.streetA);
    const venue = await newVenue(api, t.communityA1, 29.6, 121.4);
    const offering = await publish(api, who, activityInput(venue.id));
    const resident = await newBoundResident(api, t.communityA1);
    expect((await api.http.as(resident.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`)).status).toBe(201);
    try {
      atSession(api, offering, 0);
      const qr = (await showQr(api, who.teacher.tokens.accessToken, offering.sessions[0].id)).qr;
      expect((await api.http.as(resident.tokens.accessToken).post('/api/check-ins', { qr })).status).toBe(201);
      atSession(api, offering, 125);
      expect((await api.http.as(who.teacher.tokens.accessToken).post(`/api/teacher/sessions/${offering.sessions[0].id}/close`)).status).toBe(200);
    } finally {
      api.app.get(Clock).reset();
    }
    const started = new Date(offering.sessions[0].startsAt);
    const year = new Date(started.getTime() + 8 * 3600_000).getUTCFullYear();
    // as if the teacher had closed it only after New Year (a session on the evening of 31 December)
    await api.db.query(`UPDATE offering_session SET closed_at = make_timestamptz($2, 1, 1, 0, 30, 0, 'Asia/Shanghai') WHERE id = $1`, [offering.sessions[0].id, year + 1]);
    const admin = (await newStaff(api, Role.SuperAdmin, { area: t.district })).tokens.accessToken;
    const held = (await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${t.communityA1.id}/statistics?year=${year}`)).body;
    expect(held.records).toBe(1);
    expect(held.activities).toEqual({ offeringsHeld: 1, sessionsHeld: 1, enrolledPlaces: 1, attended: 1, attendanceRate: 1 });
    const next = (await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${t.communityA1.id}/statistics?year=${year + 1}`)).body;
    expect(next.activities).toMatchObject({ offeringsHeld: 0, sessionsHeld: 0, attended: 0 });
  });
});
