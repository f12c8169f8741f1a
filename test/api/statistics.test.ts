import {
  Category,
  CategoryStatistics,
  ChildStatistics,
  ErrorCode,
  formatIndicatorProgress,
  GroupStatistics,
  INDICATOR_LEVEL1_ORDER,
  inTableOrder,
  IndicatorCode,
  IndicatorValue,
  LearnerSegment,
  MonthStatistics,
  PopulationBalance,
  PopulationError,
  PopulationImportResult,
  PopulationRow,
  ResidentGroup,
  Role,
  SpreadsheetError,
  StatisticsOverview,
  YearOverYear,
} from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import ExcelJS from 'exceljs';
import { Clock } from '@lp/server/dist/common/clock';
import { expectApiError, Reply, startApi, TestApi } from '../support/api';
import { activityInput, newPublisher, newVenue, publish } from '../support/catalogue';
import { atSession, showQr } from '../support/checkin';
import { newAreaTree, newBoundResident, newSchool, newStaff, uniquePhone } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { recognisedOrganisations } from '../support/organisations';
import { newLearner, rebuildReport, RecordInput, voidRecords, writeRecords } from '../support/statistics';

/**
 * Participation statistics on a small district whose every figure is computed by hand below.
 * The file has its own database, so nothing another test writes can move its numbers.
 *
 *   district D ─ street A ─ community A1, A2
 *              └ street B ─ community B1 (rural)
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let superToken: string;
let streetAToken: string;
const r: Record<string, string> = {};

const Y = 2025;
const at = (day: string, time = '10:00:00') => `${day}T${time}+08:00`;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_stats');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
  await api.db.query(`UPDATE area SET is_rural = true WHERE id = $1`, [tree.communityB1.id]);
  tree.communityB1.isRural = true;
  superToken = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken;
  streetAToken = (await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken;
  // 成人教育专职工作者: one 专职 worker of the register, at a school in A1 (a teacher account alone counts for nothing)
  await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.communityA1) });
  const worker = await api.http.as(superToken).post('/api/admin/education-workers', {
    name: '专职甲', phone: uniquePhone(), kind: 'full_time', schoolId: (await newSchool(api, tree.communityA1)).id, joinedOn: '2024-09-01',
  });
  expect(worker.status).toBe(201);

  const { communityA1: A1, communityA2: A2, communityB1: B1 } = tree;
  r.r1 = await newLearner(api, A1.id, { name: '甲一', groups: [ResidentGroup.Employed] });
  r.r2 = await newLearner(api, A2.id, { name: '搬家' });
  r.r3 = await newLearner(api, B1.id, { name: '满六十' });
  r.r4 = await newLearner(api, B1.id, { name: '被作废' });
  r.r5 = await newLearner(api, A2.id, { name: '跨年' });
  r.r6 = await newLearner(api, A2.id, { name: '少年' });
  r.r7 = await newLearner(api, B1.id, { name: '农民', groups: [ResidentGroup.Farmer] });
  r.r8 = await newLearner(api, A1.id, { name: '待业', groups: [ResidentGroup.Unemployed] });
  r.r9 = await newLearner(api, A1.id, { name: '不参加排名', optOut: true });
  r.r10 = await newLearner(api, A2.id, { name: '务工', groups: [ResidentGroup.MigrantWorker] });

  const rec = (resident: string, area: number, category: Category, minutes: number, when: string, age: number, groups: ResidentGroup[] = []): RecordInput => ({
    residentId: r[resident], areaId: area, category, minutes, at: when, age, groups,
  });
  await api.db.transaction((m) =>
    writeRecords(api, m, [
      rec('r1', A1.id, Category.VocationalSkills, 60, at('2025-01-10'), 30, [ResidentGroup.Employed]),
      rec('r1', A1.id, Category.Health, 60, at('2025-01-20'), 30, [ResidentGroup.Employed]),
      rec('r1', A1.id, Category.Health, 60, at('2025-11-05'), 30, [ResidentGroup.Employed]),
      // r2 moved from A1 to A2 in the summer
      rec('r2', A1.id, Category.Health, 30, at('2025-03-15'), 40),
      rec('r2', A2.id, Category.Theory, 45, at('2025-09-15'), 40),
      // r3 turned 60 in between
      rec('r3', B1.id, Category.Health, 60, at('2025-02-10'), 59),
      rec('r3', B1.id, Category.Health, 90, at('2025-10-10'), 60),
      // one minute each side of midnight, Beijing time, on New Year's Eve
      rec('r5', A2.id, Category.ArtsAndSports, 20, at('2025-12-31', '23:59:59'), 25),
      rec('r5', A2.id, Category.ArtsAndSports, 30, at('2026-01-01', '00:00:00'), 25),
      rec('r6', A2.id, Category.FamilyEducation, 40, at('2025-06-01'), 12),
      rec('r7', B1.id, Category.VocationalSkills, 120, at('2025-05-05'), 45, [ResidentGroup.Farmer]),
      rec('r8', A1.id, Category.VocationalSkills, 60, at('2025-04-04'), 35, [ResidentGroup.Unemployed]),
      rec('r9', A1.id, Category.Theory, 600, at('2025-07-07'), 50),
      rec('r10', A2.id, Category.Health, 30, at('2025-08-08'), 28, [ResidentGroup.MigrantWorker]),
    ]),
  );
  // r4's only record of the year is voided later, in another transaction, by a voiding record written in A1
  const [r4Record] = await api.db.transaction((m) => writeRecords(api, m, [rec('r4', B1.id, Category.Health, 50, at('2025-03-20'), 65)]));
  await api.db.transaction((m) => voidRecords(api, m, [r4Record], A1.id));

  for (const [who, category, milli] of [['r3', 'health', 5000], ['r1', 'vocational_skills', 1000], ['r9', 'theory', 9000]] as const) {
    await api.db.query(`INSERT INTO credit_year_total (resident_id, year, category, granted_milli) VALUES ($1, $2, $3, $4)`, [r[who], Y, category, milli]);
  }

  // the last two are 各类组织数 and 已创建学习型组织数; B1 sends none, like an older client
  const put = (id: number, f: number[]) =>
    api.http.as(superToken).put(`/api/areas/${id}/population/${Y}`, {
      residentTotal: f[0], aged60Plus: f[1], under18: f[2], employed: f[3], migrantWorkers: f[4], unemployed: f[5], ruralLabor: f[6],
      ...(f.length > 7 ? { organisations: f[7], learningOrganisations: f[8] } : {}),
    });
  for (const [id, f] of [
    [tree.district.id, [100, 20, 10, 50, 10, 4, 10, 20, 16]],
    [tree.streetA.id, [60, 10, 5, 30, 8, 3, 0, 12, 9]],
    [tree.communityA1.id, [5, 1, 1, 2, 1, 1, 0, 5, 4]],
    [tree.communityA2.id, [50, 8, 4, 25, 7, 2, 0, 5, 3]],
    [tree.streetB.id, [40, 10, 5, 20, 2, 1, 2, 6, 5]],
    [tree.communityB1.id, [4, 2, 0, 1, 0, 0, 2]],
  ] as const) {
    expect((await put(id, [...f])).status).toBe(200);
  }
  // the 学习型组织 the registry recognised, as many as entered: each subtree counts its own and its children's
  const registrar = (await newStaff(api, Role.Admin, { area: tree.district })).user.id;
  for (const [id, n] of [[tree.district.id, 2], [tree.streetA.id, 2], [A1.id, 4], [A2.id, 3], [tree.streetB.id, 5]] as const) {
    await recognisedOrganisations(api, id, n, registrar, `${Y}-03-01`);
  }
}, 120_000);
afterAll(() => api?.close());

function csvUpload(token: string, path: string, content: string | Buffer, filename = 'population.csv') {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  return fetch(api.http.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then(
    async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }) as Reply<PopulationImportResult>,
  );
}

const byCode = (list: IndicatorValue[]) => Object.fromEntries(list.map((i) => [i.code, i])) as Record<IndicatorCode, IndicatorValue>;

describe('population import', () => {
  it('a street admin imports the street and its communities from a CSV; the difference to the street total is shown', async () => {
    const { streetA: A, communityA1: A1, communityA2: A2 } = tree;
    const csv = [
      '区域编码,区域名称,常住人口,60岁以上人口,18岁以下人口,从业人员,进城务工人员,失业/下岗人员,农村劳动力',
      `${A.code},${A.name},60,10,5,30,8,3,0`,
      `${A1.code},${A1.name},5,1,1,2,1,1,0`,
      `,${A2.name},"50",8,4,25,7,2,0`,
    ].join('\r\n');
    const res = await csvUpload(streetAToken, `/api/areas/${A.id}/population/2023/import`, '\uFEFF' + csv);
    expect(res.status).toBe(200);
    expect(res.body.imported.map((i) => i.area.id)).toEqual([A.id, A1.id, A2.id]);
    expect(res.body.balance).toMatchObject({
      year: 2023,
      parent: { residentTotal: 60, aged60Plus: 10, employed: 30 },
      childrenSum: { residentTotal: 55, aged60Plus: 9, under18: 5, employed: 27, migrantWorkers: 8, unemployed: 3, ruralLabor: 0 },
      difference: { residentTotal: 5, aged60Plus: 1, under18: 0, employed: 3, migrantWorkers: 0, unemployed: 0, ruralLabor: 0 },
      childrenWithFigures: 2,
      childrenMissing: [],
      balanced: false,
    });
    const audit = await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'population.set' AND target_id = $1 AND details->>'year' = '2023'`,
      [String(A1.id)],);
    expect(audit[0].n).toBe(1);
  });

  it('a super-admin imports an .xlsx for the district and its streets; figures that add up are balanced', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('人口');
    sheet.addRow(['2022年人口基础数据']);
    sheet.addRow(['区域名称', '常住人口', '60岁以上', '18岁以下', '从业人员', '进城务工', '失业/下岗', '农村劳动力']);
    sheet.addRow([tree.district.name, 100, 20, 10, 50, 10, 4, 2]);
    sheet.addRow([tree.streetA.name, 60, 10, 5, 30, 8, 3, 0]);
    sheet.addRow([tree.streetB.name, 40, 10, 5, 20, 2, 1, 2]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const res = await csvUpload(superToken, `/api/areas/${tree.district.id}/population/2022/import`, file, 'population.xlsx');
    expect(res.status).toBe(200);
    expect(res.body.balance).toMatchObject({
      parent: { residentTotal: 100 },
      childrenSum: { residentTotal: 100, aged60Plus: 20, under18: 10, employed: 50, migrantWorkers: 10, unemployed: 4, ruralLabor: 2 },
      difference: { residentTotal: 0, aged60Plus: 0, under18: 0, employed: 0, migrantWorkers: 0, unemployed: 0, ruralLabor: 0 },
      childrenWithFigures: 2,
      balanced: true,
    });
    const check = await api.http.as(superToken).get<PopulationBalance>(`/api/areas/${tree.district.id}/statistics/population-check?year=2022`);
    expect(check.body).toEqual(res.body.balance);
  });

  it('one bad line refuses the whole file, every problem named by its line, nothing written', async () => {
    const { streetA: A, communityA1: A1, communityB1: B1 } = tree;
    const csv = [
      '区域名称,常住人口,60岁以上人口,18岁以下人口,从业人员,进城务工人员,失业/下岗人员,农村劳动力',
      `${A1.name},10,11,0,0,0,0,0`,
      `${B1.name},10,1,1,1,1,1,1`,
      `${A.name},一百,1,1,1,1,1,1`,
    ].join('\n');
    const res = await csvUpload(streetAToken, `/api/areas/${A.id}/population/2024/import`, csv);
    const err = expectApiError(res, 400, PopulationError.Invalid);
    expect(err.details).toEqual([
      `第2行（${A1.name}）：60岁以上人口不能多于常住人口`,
      `第2行（${A1.name}）：60岁以上和18岁以下人口加起来不能多于常住人口`,
      `第3行：“${B1.name}”不是${A.name}或它的下级区域`,
      `第4行（${A.name}）：常住人口应当是不小于0的整数`,
    ]);
    const rows = await api.db.query(`SELECT count(*)::int AS n FROM area_population WHERE year = 2024`);
    expect(rows[0].n).toBe(0);
    expectApiError(await csvUpload(streetAToken, `/api/areas/${A.id}/population/2024/import`, 'a,b\n1,2'), 400);
    expectApiError(await csvUpload(streetAToken, `/api/areas/${A.id}/population/2024/import`, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff])), 422, SpreadsheetError.Unreadable);
    expectApiError(await api.http.as(streetAToken).post(`/api/areas/${A.id}/population/2024/import`), 400);
  });

  it('a file over 2 MB is refused with 413, and one under another form field with 400', async () => {
    const { streetA: A } = tree;
    const path = `/api/areas/${A.id}/population/2024/import`;
    expectApiError(await csvUpload(streetAToken, path, Buffer.alloc(2 * 1024 * 1024 + 1, 0x31)), 413, ErrorCode.PayloadTooLarge);
    const form = new FormData();
    form.append('sheet', new Blob(['a,b\n1,2']), 'population.csv');
    const res = await fetch(api.http.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${streetAToken}` }, body: form });
    expectApiError({ status: res.status, body: await res.json(), headers: res.headers }, 400, ErrorCode.ValidationFailed);
  });
});

describe('学习型组织 figures', () => {
  const people = { residentTotal: 5, aged60Plus: 1, under18: 1, employed: 2, migrantWorkers: 1, unemployed: 1, ruralLabor: 0 };
  const stored = async (id: number, year: number) =>
    (await api.db.query(`SELECT resident_total, organisations, learning_organisations FROM area_population WHERE area_id = $1 AND year = $2`, [id, year]))[0];

  it('a PUT without them keeps the stored ones (0 on a new entry); more 学习型组织 than organisations is refused and nothing written', async () => {
    const as = api.http.as(superToken);
    const path = `/api/areas/${tree.communityA1.id}/population/2020`;
    expect((await as.put<PopulationRow>(path, people)).body).toMatchObject({ residentTotal: 5, organisations: 0, learningOrganisations: 0 });
    expect((await as.put<PopulationRow>(path, { ...people, organisations: 10, learningOrganisations: 8 })).body).toMatchObject({ organisations: 10, learningOrganisations: 8 });
    const kept = await as.put<PopulationRow>(path, { ...people, residentTotal: 6 });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ residentTotal: 6, organisations: 10, learningOrganisations: 8 });

    // 11 against the stored 10, and 7 against the stored 8
    for (const body of [{ ...people, residentTotal: 9, learningOrganisations: 11 }, { ...people, residentTotal: 9, organisations: 7 }]) {
      const err = expectApiError(await as.put(path, body), 400, PopulationError.Invalid);
      expect(err.message).toBe('已创建的学习型组织不能多于各类组织数');
    }
    expect(await stored(tree.communityA1.id, 2020)).toEqual({ resident_total: 6, organisations: 10, learning_organisations: 8 });
    const negative = expectApiError(await as.put(path, { ...people, organisations: -1 }), 400);
    expect([negative.message, ...(negative.details ?? [])].join(' ')).toMatch('各类组织数不能是负数');

    // the entered organisations are the denominator; the numerator is the registry's recognised ones (none here), not the entered 8
    const overview = await as.get<StatisticsOverview>(`/api/areas/${tree.communityA1.id}/statistics?year=2020`);
    expect(byCode(overview.body.indicators).learning_organisations).toMatchObject({ numerator: 0, denominator: 10, value: 0, met: false });
  });

  it('an import reads the organisation columns; the street’s own organisations do not unbalance it; a file without them keeps them', async () => {
    const { streetA: A, communityA1: A1, communityA2: A2 } = tree;
    const path = `/api/areas/${A.id}/population/2021/import`;
    const header = '区域编码,区域名称,常住人口,60岁以上人口,18岁以下人口,从业人员,进城务工人员,失业/下岗人员,农村劳动力';
    const csv = [
      `${header},各类组织数,已创建学习型组织数`,
      `${A.code},${A.name},60,10,5,30,8,3,0,12,9`,
      `${A1.code},${A1.name},5,1,1,2,1,1,0,5,4`,
      `${A2.code},${A2.name},55,9,4,28,7,2,0,5,3`,
    ].join('\n');
    const res = await csvUpload(streetAToken, path, csv);
    expect(res.status).toBe(200);
    expect(res.body.imported.map((i) => [i.area.id, i.figures.organisations, i.figures.learningOrganisations])).toEqual([[A.id, 12, 9], [A1.id, 5, 4], [A2.id, 5, 3]]);
    expect(res.body.balance).toMatchObject({
      parent: { residentTotal: 60, organisations: 12, learningOrganisations: 9 },
      childrenSum: { residentTotal: 60, organisations: 10, learningOrganisations: 7 },
      difference: { residentTotal: 0, aged60Plus: 0, under18: 0, employed: 0, migrantWorkers: 0, unemployed: 0, ruralLabor: 0 },
      balanced: true,
    });
    expect(Object.keys(res.body.balance.difference!)).toHaveLength(7);

    // the people change, the organisations stay
    const again = await csvUpload(streetAToken, path, [header, `${A1.code},${A1.name},6,1,1,2,1,1,0`, `${A2.code},${A2.name},54,9,4,28,7,2,0`].join('\n'));
    expect(again.status).toBe(200);
    expect(again.body.imported.map((i) => [i.figures.residentTotal, i.figures.organisations, i.figures.learningOrganisations])).toEqual([[6, 5, 4], [54, 5, 3]]);
    expect(await stored(A1.id, 2021)).toEqual({ resident_total: 6, organisations: 5, learning_organisations: 4 });

    // a line whose 学习型组织 outnumber its organisations, given or stored, is named and nothing is written
    const bad = await csvUpload(streetAToken, path, [
      `${header},已创建学习型组织数`,
      `${A1.code},${A1.name},7,1,1,2,1,1,0,6`,
      `${A2.code},${A2.name},53,9,4,28,7,2,0,5`,
    ].join('\n'));
    expect(expectApiError(bad, 400, PopulationError.Invalid).details).toEqual([
      `第2行（${A1.name}）：已创建的学习型组织不能多于各类组织数`,
    ]);
    expect(await stored(A1.id, 2021)).toEqual({ resident_total: 6, organisations: 5, learning_organisations: 4 });
    expect(await stored(A2.id, 2021)).toEqual({ resident_total: 54, organisations: 5, learning_organisations: 3 });
  });
});

describe('indicators', () => {
  it('counts each resident once per year, in every node they learned in, by age and groups at the record', async () => {
    const get = (id: number) => api.http.as(superToken).get<StatisticsOverview>(`/api/areas/${id}/statistics?year=${Y}`);
    const d = await get(tree.district.id);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ year: Y, records: 13, minutes: 1275, perCapitaMinutes: 12.75 });
    expect(d.body.activities).toEqual({ offeringsHeld: 0, sessionsHeld: 0, enrolledPlaces: 0, attended: 0, attendanceRate: null });
    const D = byCode(d.body.indicators);
    expect(D.participation).toMatchObject({ numerator: 9, denominator: 100, value: 0.09, target: 0.6, met: false, applicable: true });
    expect(D.seniors).toMatchObject({ numerator: 1, denominator: 20, value: 0.05 });
    expect(D.minors).toMatchObject({ numerator: 1, denominator: 10, value: 0.1 });
    expect(D.vocational_training).toMatchObject({ numerator: 1, denominator: 50, value: 0.02 });
    expect(D.unemployed_training).toMatchObject({ numerator: 1, denominator: 4, value: 0.25, applicable: true });
    expect(D.migrant_training).toMatchObject({ numerator: 0, denominator: 10, value: 0 });
    expect(D.farmer_training).toMatchObject({ numerator: 1, denominator: 10, value: 0.1, applicable: true, met: false });
    expect(D.education_staff).toMatchObject({ numerator: 1, denominator: 100, value: 100, target: 1, unit: 'per_10k', met: true });
    expect(D.staff_training).toMatchObject({ numerator: 0, denominator: 1, value: 0, target: 0.8, unit: 'rate', met: false, applicable: true });
    expect(D.learning_organisations).toMatchObject({ numerator: 16, denominator: 20, value: 0.8, target: 0.8, unit: 'rate', met: true, applicable: true });

    const A = byCode((await get(tree.streetA.id)).body.indicators);
    expect(A.participation).toMatchObject({ numerator: 7, denominator: 60 }); // r2 learned in A1 and A2: once in A
    expect(A.learning_organisations).toMatchObject({ numerator: 9, denominator: 12, value: 0.75, met: false, applicable: true });
    const a1 = (await get(tree.communityA1.id)).body;
    const A1 = byCode(a1.indicators);
    expect(a1).toMatchObject({ records: 6, minutes: 870, perCapitaMinutes: 174 });
    expect(A1.participation).toMatchObject({ numerator: 4, denominator: 5, value: 0.8, met: true });
    expect(A1.vocational_training).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, met: false });
    expect(A1.unemployed_training).toMatchObject({ numerator: 1, denominator: 1, value: 1, met: true });
    expect(A1.farmer_training).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null, applicable: false });
    expect(A1.education_staff).toMatchObject({ numerator: 1, denominator: 5, value: 2000, met: true });
    expect(A1.learning_organisations).toMatchObject({ numerator: 4, denominator: 5, value: 0.8, met: true });
    const A2 = byCode((await get(tree.communityA2.id)).body.indicators);
    expect(A2.participation.numerator).toBe(4);
    expect(A2.minors).toMatchObject({ numerator: 1, denominator: 4, value: 0.25 });

    const b1 = (await get(tree.communityB1.id)).body;
    expect(b1).toMatchObject({ records: 3, minutes: 270, area: { isRural: true } });
    const B1 = byCode(b1.indicators);
    expect(B1.participation).toMatchObject({ numerator: 2, denominator: 4, value: 0.5, met: false }); // r4's voided record no longer counts
    expect(B1.seniors).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, met: true }); // r3 counts as 60+ by the October record
    expect(B1.minors).toMatchObject({ numerator: 0, denominator: 0, value: null, applicable: false });
    expect(B1.unemployed_training).toMatchObject({ applicable: false, met: null });
    expect(B1.farmer_training).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, met: true, applicable: true });
    // B1's figures were entered without organisations: 0 of 0 cannot be judged
    expect(B1.learning_organisations).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null, applicable: false });
  });

  it('a record at 00:00 on 1 January, Beijing time, belongs to the new year; a year without population has no rates', async () => {
    const res = await api.http.as(superToken).get<StatisticsOverview>(`/api/areas/${tree.communityA2.id}/statistics?year=2026`);
    expect(res.body).toMatchObject({ records: 1, minutes: 30, population: null, perCapitaMinutes: null });
    expect(byCode(res.body.indicators).participation).toMatchObject({ numerator: 1, denominator: null, value: null, met: null });
    expect(byCode(res.body.indicators).learning_organisations).toMatchObject({ numerator: 0, denominator: null, value: null, met: null });
  });

  it('children, months, categories, groups and year-over-year agree with the records', async () => {
    const as = api.http.as(superToken);
    const children = (await as.get<ChildStatistics[]>(`/api/areas/${tree.district.id}/statistics/children?year=${Y}`)).body;
    expect(children.map((c) => [c.area.id, c.records, c.minutes, byCode(c.indicators).participation.numerator, byCode(c.indicators).learning_organisations.value])).toEqual([
      [tree.streetA.id, 10, 1005, 7, 0.75],
      [tree.streetB.id, 3, 270, 2, 0.8333],
    ]);

    const months = (await as.get<MonthStatistics[]>(`/api/areas/${tree.district.id}/statistics/months?year=${Y}`)).body;
    expect(months.map((m) => m.minutes)).toEqual([120, 60, 30, 60, 120, 40, 600, 30, 45, 90, 60, 20]);
    expect(months.map((m) => m.records)).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(months[0].byCategory).toMatchObject({ vocational_skills: 60, health: 60, theory: 0 });

    const categories = (await as.get<CategoryStatistics[]>(`/api/areas/${tree.district.id}/statistics/categories?year=${Y}`)).body;
    const cat = Object.fromEntries(categories.map((c) => [c.category, [c.records, c.minutes]]));
    expect(cat).toMatchObject({ vocational_skills: [3, 240], health: [6, 330], theory: [2, 645], arts_sports: [1, 20], family_education: [1, 40], digital_literacy: [0, 0] });
    expect(categories.find((c) => c.category === Category.Theory)!.minutesShare).toBe(0.5059);

    const groups = (await as.get<GroupStatistics[]>(`/api/areas/${tree.streetB.id}/statistics/by-group?year=${Y}`)).body;
    expect(groups.map((g) => [g.segment, g.learners, g.population])).toEqual([
      [LearnerSegment.All, 2, 40],
      [LearnerSegment.Seniors, 1, 10],
      [LearnerSegment.Minors, 0, 5],
      [LearnerSegment.EmployedTrained, 0, 20],
      [LearnerSegment.UnemployedTrained, 0, 1],
      [LearnerSegment.MigrantTrained, 0, 2],
      [LearnerSegment.FarmerTrained, 1, 2],
    ]);

    const yoy = (await as.get<YearOverYear>(`/api/areas/${tree.district.id}/statistics/year-over-year?year=2026`)).body;
    expect(yoy).toMatchObject({ year: 2026, previousYear: 2025, records: { current: 1, previous: 13 }, minutes: { current: 30, previous: 1275 } });
    const p = yoy.rows.find((x) => x.code === IndicatorCode.Participation)!;
    expect([p.current.numerator, p.previous.numerator, p.previous.value, p.change]).toEqual([1, 9, 0.09, null]);
    const o = yoy.rows.find((x) => x.code === IndicatorCode.LearningOrganisations)!;
    expect([o.current.value, o.previous.numerator, o.previous.value, o.change]).toEqual([null, 16, 0.8, null]);
  });

  it('there is no 百姓学习之星 leaderboard any more: stars are chosen by 评选 (nomination, review, 公示)', async () => {
    const as = api.http.as(superToken);
    expect((await as.get(`/api/areas/${tree.district.id}/statistics/stars?year=${Y}`)).status).toBe(404);
  });

  it('the .xlsx export has the node and each child as a sheet, in the 任务分解表’s order, and its numbers are the API numbers', async () => {
    const res = await fetch(`${api.http.baseUrl}/api/areas/${tree.district.id}/statistics/export?year=${Y}`, { headers: { authorization: `Bearer ${superToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual([tree.district.name, tree.streetA.name, tree.streetB.name]);
    const ids = [tree.district.id, tree.streetA.id, tree.streetB.id];
    for (const [i, sheet] of book.worksheets.entries()) {
      const api_ = (await api.http.as(superToken).get<StatisticsOverview>(`/api/areas/${ids[i]}/statistics?year=${Y}`)).body;
      expect(sheet.getRow(3).values).toEqual([undefined, '一级指标', '二级指标', '指标', '目标', '实际', '完成情况', '分子', '分母', '是否达标', '需要核对', '责任部门', '佐证材料']);
      inTableOrder(api_.indicators).forEach((ind, k) => {
        const row = sheet.getRow(4 + k);
        expect(row.getCell(3).value).toBe(ind.label);
        expect(row.getCell(5).value).toBe(ind.value);
        expect(row.getCell(6).value).toBe(formatIndicatorProgress(ind));
        expect(row.getCell(7).value).toBe(ind.numerator);
        expect(row.getCell(8).value).toBe(ind.denominator);
        expect(row.getCell(9).value).toBe(!ind.applicable ? '不适用' : ind.met === null ? '—' : ind.met ? '达标' : '未达标');
      });
      // the 一级指标 come in the table's order
      const level1 = Array.from({ length: api_.indicators.length }, (_, k) => String(sheet.getRow(4 + k).getCell(1).value));
      expect(level1.map((l) => INDICATOR_LEVEL1_ORDER.indexOf(l))).toEqual([...level1.map((l) => INDICATOR_LEVEL1_ORDER.indexOf(l))].sort());
      expect(sheet.getRow(4).getCell(11).value).toBe('各部门');
      // hours are 学时, as on the dashboard; no county's own department names
      const text = JSON.stringify(sheet.getSheetValues());
      expect(text).toContain('全年学时（学时）');
      expect(text).not.toMatch(/分钟|浦江|县/);
    }
    const district = book.worksheets[0];
    expect(String(district.getRow(2).getCell(1).value)).toContain('各类组织 20，学习型组织 16');
    // 一、基本条件 first: 学习型组织创建, then 二、成人继续教育 …, 三、保障措施 (staff, their training), 四、学习平台建设成效 last
    expect(district.getRow(4).values).toEqual([undefined, '一、基本条件', '终身学习氛围', '学习型组织创建比例', '≥80%', 0.8, '已达到目标（完成目标的 100%）', 16, 20, '达标', undefined, '各部门', '门户学习记录统计']);
    expect(district.getRow(11).getCell(3).value).toBe('成人教育专职工作者占常住人口比例（每万人）');
    expect(district.getRow(12).getCell(3).value).toBe('成人教育工作者继续教育参与率');
    expect(district.getRow(13).getCell(3).value).toBe('全年接受教育服务成员占常住人口比例');
  });
});

describe('全国学习型城市网络 application form', () => {
  it('gives the figures the portal knows with their year and source, and “由区填写” for the rest, never a made-up number', async () => {
    const res = await fetch(`${api.http.baseUrl}/api/areas/${tree.district.id}/statistics/application-form?year=${Y}`, { headers: { authorization: `Bearer ${superToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.getRow(3).values).toEqual([undefined, '申请表部分', '信息', '数据', '年份', '来源']);
    const lines = new Map<string, { value: unknown; year: unknown }>();
    for (let r = 4; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      lines.set(String(row.getCell(2).value), { value: row.getCell(3).value, year: row.getCell(4).value });
    }
    const value = (item: string) => lines.get(item)?.value;
    expect(value('本市常住人口（万人）')).toBe(0.01);
    expect(lines.get('本市常住人口（万人）')!.year).toBe(Y);
    expect(value('全年接受教育服务的居民（人）')).toBe(9);
    expect(value('全年接受教育服务成员占常住人口比例')).toBe(0.09);
    expect(value('学习记录（条）')).toBe(13);
    expect(value('全年学时（学时）')).toBe(21.25);
    expect(value('各类组织（个）')).toBe(20);
    expect(value('已创建学习型组织（个）')).toBe(16);
    expect(value('成人教育专职工作者（人）')).toBe(1);
    for (const unknown of ['总面积（平方公里）', '人均GDP（元）', '本市16-59周岁人口平均受教育年限（年）', '终身学习品牌项目（个）', '百姓学习之星（人）']) {
      expect(value(unknown)).toBe('由区填写');
    }
    expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/浦江|分钟/);
    // a year without population figures: 常住人口 is the district's to fill, not 0
    const empty = await fetch(`${api.http.baseUrl}/api/areas/${tree.district.id}/statistics/application-form?year=2030`, { headers: { authorization: `Bearer ${superToken}` } });
    const emptyBook = new ExcelJS.Workbook();
    await emptyBook.xlsx.load(await empty.arrayBuffer());
    expect(emptyBook.worksheets[0].getRow(4).getCell(3).value).toBe('由区填写');
  });
});

describe('scope', () => {
  it('an admin of street A gets 403 for street B, its community and the district, on every statistics endpoint', async () => {
    const as = api.http.as(streetAToken);
    const paths = ['', '/children', '/months', '/categories', '/by-group', '/year-over-year', '/export', '/application-form', '/population-check'];
    for (const area of [tree.streetB, tree.communityB1, tree.district]) {
      for (const p of paths) expectApiError(await as.get(`/api/areas/${area.id}/statistics${p}?year=${Y}`), 403, ErrorCode.OutOfScope);
      expectApiError(await csvUpload(streetAToken, `/api/areas/${area.id}/population/${Y}/import`, 'x'), 403, ErrorCode.OutOfScope);
    }
    expect((await as.get(`/api/areas/${tree.communityA1.id}/statistics?year=${Y}`)).status).toBe(200);
  });

  it('teachers and residents are refused; the year is checked', async () => {
    const teacher = await newStaff(api, Role.Teacher, { school: await newSchool(api, tree.streetA) });
    expectApiError(await api.http.as(teacher.tokens.accessToken).get(`/api/areas/${tree.communityA1.id}/statistics`), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.get(`/api/areas/${tree.communityA1.id}/statistics`), 401);
    expectApiError(await api.http.as(superToken).get(`/api/areas/${tree.communityA1.id}/statistics?year=1999`), 400);
  });
});

describe('through the real flow', () => {
  it('closing a session moves the learners, the activities held and the attendance rate of its nodes', async () => {
    const t = await newAreaTree(api);
    const who = await newPublisher(api, await newSchool(api, t.communityA1), t.streetA);
    const venue = await newVenue(api, t.communityA1, 29.6, 121.4);
    const offering = await publish(api, who, activityInput(venue.id));
    const [a, b] = [await newBoundResident(api, t.communityA1), await newBoundResident(api, t.communityA2)];
    for (const x of [a, b]) expect((await api.http.as(x.tokens.accessToken).post(`/api/offerings/${offering.id}/enrollments`)).status).toBe(201);
    const year = new Date(new Date(offering.sessions[0].startsAt).getTime() + 8 * 3600_000).getUTCFullYear();
    try {
      atSession(api, offering, 0);
      const qr = (await showQr(api, who.teacher.tokens.accessToken, offering.sessions[0].id)).qr;
      expect((await api.http.as(a.tokens.accessToken).post('/api/check-ins', { qr })).status).toBe(201);
      atSession(api, offering, 125);
      expect((await api.http.as(who.teacher.tokens.accessToken).post(`/api/teacher/sessions/${offering.sessions[0].id}/close`)).status).toBe(200);
    } finally {
      api.app.get(Clock).reset();
    }
    const admin = (await newStaff(api, Role.SuperAdmin, { area: t.district })).tokens.accessToken;
    for (const node of [t.district, t.streetA, t.communityA1]) {
      const res = (await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${node.id}/statistics?year=${year}`)).body;
      expect(res).toMatchObject({ records: 1, minutes: 90 });
      expect(byCode(res.indicators).participation.numerator).toBe(1);
      expect(res.activities).toEqual({ offeringsHeld: 1, sessionsHeld: 1, enrolledPlaces: 2, attended: 1, attendanceRate: 0.5 });
    }
    const a2 = (await api.http.as(admin).get<StatisticsOverview>(`/api/areas/${t.communityA2.id}/statistics?year=${year}`)).body;
    expect([a2.records, byCode(a2.indicators).participation.numerator, a2.activities.offeringsHeld]).toEqual([0, 0, 0]);
  });
});

describe('the aggregates', () => {
  it('equal a rebuild from the records', async () => {
    const report = await rebuildReport(api);
    expect(report.differences.map((d) => [d.table, d.differing])).toEqual([
      ['stats_member', 0],
      ['stats_learners', 0],
      ['stats_volume', 0],
      ['stats_attended', 0],
    ]);
  });
});
