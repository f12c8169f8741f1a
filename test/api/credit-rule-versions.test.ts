import { Category, CreditRuleError, DEFAULT_CREDIT_RULES, ErrorCode, Role, RuleSetVersions, RuleSetView } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { balanceOf, creditWorld, expectLedgerSound, giveRecords } from '../support/credit';
import { newAreaTree, newSchool, newStaff } from '../support/factories';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterEach(() => api.app.get(Clock).reset());
afterAll(() => api.close());

const DAY = 86_400_000;
/** The Asia/Shanghai day `days` from the server's now. */
const day = (days: number) => new Date(api.app.get(Clock).now().getTime() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10);

/** The default rules with health courses at 5 学时 a credit, from the given day. */
const healthFaster = (effectiveFrom: string, minutesPerCredit = 300) => ({
  effectiveFrom,
  overallYearlyCapMilli: DEFAULT_CREDIT_RULES.overallYearlyCapMilli,
  note: DEFAULT_CREDIT_RULES.explanations.join('\n'),
  rules: DEFAULT_CREDIT_RULES.rules.map((r) => (r.category === Category.Health ? { ...r, minutesPerCredit } : r)),
  achievements: DEFAULT_CREDIT_RULES.achievements,
});

async function writtenFor(districtId: number): Promise<{ sets: number; audits: number }> {
  const [row] = (await api.db.query(
    `SELECT (SELECT count(*)::int FROM credit_rule_set WHERE district_id = $1) AS sets,
            (SELECT count(*)::int FROM audit_event WHERE action = 'credit_rules.publish' AND area_id = $1) AS audits`,
    [districtId],
  )) as { sets: number; audits: number }[];
  return row;
}

describe('GET /api/credit-rules/versions: the district calendar of rule versions', () => {
  it('lists versions newest first, marks the one in force, and says from which day a new one may start', async () => {
    const { tree, district } = await creditWorld(api);
    const first = await district.get<RuleSetVersions>('/api/credit-rules/versions');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ districtId: tree.district.id, today: day(0), earliestEffectiveFrom: day(1), canPublish: true });
    expect(first.body.versions.map((v) => [v.version, v.state, v.effectiveFrom, v.effectiveUntil])).toEqual([[1, 'in_force', '2020-01-01', null]]);

    expect((await district.post<RuleSetView>(`/api/credit-rules/${tree.district.id}`, healthFaster(day(1)))).status).toBe(201);
    expect((await district.post<RuleSetView>(`/api/credit-rules/${tree.district.id}`, healthFaster(day(10), 240))).status).toBe(201);
    const listed = (await district.get<RuleSetVersions>('/api/credit-rules/versions')).body.versions;
    expect(listed.map((v) => [v.version, v.state, v.effectiveFrom, v.effectiveUntil])).toEqual([
      [3, 'scheduled', day(10), null],
      [2, 'scheduled', day(1), day(9)],
      [1, 'in_force', '2020-01-01', day(0)],
    ]);

    // two days on, version 2 is the one in force and version 1 has stopped
    api.app.get(Clock).travelTo(new Date(Date.now() + 2 * DAY));
    const later = (await district.get<RuleSetVersions>('/api/credit-rules/versions')).body;
    expect(later.versions.map((v) => [v.version, v.state])).toEqual([
      [3, 'scheduled'],
      [2, 'in_force'],
      [1, 'superseded'],
    ]);
  });

  it('a street admin reads the versions of their district but may not publish; other callers are refused', async () => {
    const { tree } = await creditWorld(api);
    const street = api.http.as((await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken);
    const seen = await street.get<RuleSetVersions>('/api/credit-rules/versions');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ districtId: tree.district.id, canPublish: false });
    const before = await writtenFor(tree.district.id);
    expectApiError(await street.post(`/api/credit-rules/${tree.district.id}`, healthFaster(day(1))), 403);
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
    expectApiError(await api.http.as(teacher.tokens.accessToken).get('/api/credit-rules/versions'), 403);
    expectApiError(await new Http(api.http.baseUrl).get('/api/credit-rules/versions'), 401);
    // a super-admin of another district cannot publish here
    const otherTree = await newAreaTree(api);
    const stranger = api.http.as((await newStaff(api, Role.SuperAdmin, { area: otherTree.district })).tokens.accessToken);
    expectApiError(await stranger.post(`/api/credit-rules/${tree.district.id}`, healthFaster(day(1))), 403);
    expect(await writtenFor(tree.district.id)).toEqual(before);
  });
});

describe('POST /api/credit-rules/:districtId refuses a bad version in Chinese and writes nothing', () => {
  it('past, today, impossible or taken dates, missing or repeated categories, repeated certificates, no change at all', async () => {
    const { tree, district } = await creditWorld(api);
    const url = `/api/credit-rules/${tree.district.id}`;
    expect((await district.post(url, healthFaster(day(5)))).status).toBe(201);
    const before = await writtenFor(tree.district.id);
    const good = healthFaster(day(2));
    const health = good.rules.find((r) => r.category === Category.Health)!;
    const cases: [string, unknown, number, string][] = [
      ['yesterday', { ...good, effectiveFrom: day(-1) }, 400, CreditRuleError.EffectiveDateNotFuture],
      ['today', { ...good, effectiveFrom: day(0) }, 400, CreditRuleError.EffectiveDateNotFuture],
      ['30 February', { ...good, effectiveFrom: '2031-02-30' }, 400, CreditRuleError.EffectiveDateInvalid],
      ['a date in another format', { ...good, effectiveFrom: '2031/01/01' }, 400, ErrorCode.ValidationFailed],
      ['the day another version starts', { ...good, effectiveFrom: day(5), note: '换一个说明' }, 409, CreditRuleError.EffectiveDateTaken],
      ['a category left out', { ...good, rules: good.rules.filter((r) => r.category !== Category.Health) }, 400, CreditRuleError.CategoryMissing],
      ['a category twice', { ...good, rules: [...good.rules, health] }, 400, CreditRuleError.CategoryRepeated],
      ['a certificate twice', { ...good, achievements: [...good.achievements, good.achievements[0]] }, 400, CreditRuleError.AchievementRepeated],
      ['zero minutes a credit', { ...good, rules: good.rules.map((r) => ({ ...r, minutesPerCredit: 0 })) }, 400, ErrorCode.ValidationFailed],
      ['a negative cap', { ...good, overallYearlyCapMilli: -1 }, 400, ErrorCode.ValidationFailed],
      ['a rounding step that does not exist', { ...good, rules: good.rules.map((r) => ({ ...r, roundingStepMilli: 7 })) }, 400, ErrorCode.ValidationFailed],
      ['the same as the version it follows', { ...healthFaster(day(2), 600) }, 400, CreditRuleError.Unchanged],
    ];
    const surprises: string[] = [];
    for (const [what, body, status, code] of cases) {
      const res = await district.post<{ code?: string; message?: string }>(url, body);
      if (res.status !== status || res.body.code !== code || !/[\u4e00-\u9fa5]/.test(res.body.message ?? '')) {
        surprises.push(`${what}: expected ${status} ${code}, got ${res.status} ${res.body.code} ${res.body.message}`);
      }
    }
    expect(surprises).toEqual([]);
    expect(await writtenFor(tree.district.id)).toEqual(before);
  });

  it('two admins publishing for the same day at once: one version is written, the other is told the day is taken', async () => {
    const { tree, district } = await creditWorld(api);
    const other = api.http.as((await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken);
    const url = `/api/credit-rules/${tree.district.id}`;
    const replies = await Promise.all([district.post(url, healthFaster(day(3))), other.post(url, healthFaster(day(3), 200))]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expectApiError(replies.find((r) => r.status === 409)!, 409, CreditRuleError.EffectiveDateTaken);
    expect(await writtenFor(tree.district.id)).toEqual({ sets: 2, audits: 1 });
  });
});

describe('a new version never re-credits learning already done', () => {
  it('records of today keep their credits; the audit trail says what changed and from which day', async () => {
    const { tree, district, resident } = await creditWorld(api);
    const [today] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 600 }]);
    expect(today.creditedMilli).toBe(1000);
    const published = await district.post<RuleSetView>(`/api/credit-rules/${tree.district.id}`, healthFaster(day(1)));
    expect(published.status).toBe(201);
    const [audit] = (await api.db.query(`SELECT details FROM audit_event WHERE action = 'credit_rules.publish' AND target_id = $1`, [String(published.body.id)])) as {
      details: { effectiveFrom: string; changes: { item: string; before: string; after: string }[] };
    }[];
    expect(audit.details.effectiveFrom).toBe(day(1));
    expect(audit.details.changes).toEqual([{ item: '健康养生 · 多少学时记 1 学分', before: '10 学时（600 分钟）', after: '5 学时（300 分钟）' }]);

    // later the same day, more learning still follows version 1; two days on, version 2
    const [stillToday] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 600 }]);
    expect(stillToday.creditedMilli).toBe(1000);
    const later = new Date(Date.now() + 2 * DAY);
    api.app.get(Clock).travelTo(later);
    const [afterwards] = await giveRecords(api, [{ residentId: resident.userId, category: Category.Health, minutes: 600, occurredAt: later }]);
    expect(afterwards.creditedMilli).toBe(2000);
    expect(await balanceOf(api, resident.userId)).toBe(4000);
    await expectLedgerSound(api);
  });
});
