import { ErrorCode, OrganisationView, Role, SelectionView } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { runMigrations } from '@lp/server/dist/database/data-source';
import ExcelJS from 'exceljs';
import { expectApiError, Http, startApi, TestApi } from '../support/api';
import { newAreaTree, newBoundResident, newStaff } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { dayFromToday, newSelection, nominate, travelToDay } from '../support/selections';

/**
 * The 全国学习型城市网络 application form takes 学习型组织 from the registry's recognised
 * organisations and 品牌项目 / 百姓学习之星 from the final lists of the 评选; what the portal does
 * not know is a line reading 由区填写, never a number.
 *
 *   district D ─ street A ─ community A1, A2
 *              └ street B ─ community B1
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let superToken: string;
let streetA: string;
let communityA1: string;
let year: number;

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_application_form');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
  superToken = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken;
  streetA = (await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken;
  communityA1 = (await newStaff(api, Role.Admin, { area: tree.communityA1 })).tokens.accessToken;
  year = Number(dayFromToday(api, 0).slice(0, 4));
}, 120_000);

afterAll(async () => {
  api?.app.get(Clock).reset();
  await api?.close();
});

interface Line {
  value: unknown;
  year: unknown;
  source: string;
}

/** The form of an area and year, read back: each line by its 信息. */
async function form(token: string, areaId: number): Promise<Map<string, Line>> {
  const res = await fetch(`${api.http.baseUrl}/api/areas/${areaId}/statistics/application-form?year=${year}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.worksheets[0];
  const lines = new Map<string, Line>();
  for (let r = 4; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    lines.set(String(row.getCell(2).value), { value: row.getCell(3).value, year: row.getCell(4).value, source: String(row.getCell(5).value) });
  }
  return lines;
}

const ORGANISATIONS = '已创建学习型组织（个）';
const STARS = '百姓学习之星（人）';
const BRANDS = '终身学习品牌项目（个）';

describe('the application form reads the registry and the final lists', () => {
  it('recognising a 学习型社团 adds one to 已创建学习型组织, with its year and the registry as source', async () => {
    const before = (await form(superToken, tree.district.id)).get(ORGANISATIONS)!;
    expect(before.value).toBe(0);
    const resident = await newBoundResident(api, tree.communityA1);
    const applied = await api.http.as(resident.tokens.accessToken).post<OrganisationView>('/api/me/learning-organisations', {
      areaId: tree.communityA1.id,
      kind: 'society',
      name: '甲一书法社',
      contactName: '王老师',
      contactPhone: '13812345678',
      members: ['王老师', '李阿姨'],
      plan: '每周二下午集中学习书法一次，每月办一次作品交流。',
    });
    expect(applied.status).toBe(201);
    // still waiting for the street's assessment: not counted
    expect((await form(superToken, tree.district.id)).get(ORGANISATIONS)!.value).toBe(0);
    const scores = Array.from({ length: 4 }, () => ({ score: 15, comment: '符合' }));
    const assessed = await api.http.as(streetA).post<OrganisationView>(`/api/learning-organisations/${applied.body.id}/assess`, { outcome: 'recognise', scores, comment: '材料齐全' });
    expect(assessed.body.status).toBe('recognised');

    const after = (await form(superToken, tree.district.id)).get(ORGANISATIONS)!;
    expect(after).toMatchObject({ value: 1, year });
    expect(after.source).toContain('学习型组织登记');
    // the street's own form counts it too; street B's does not
    expect((await form(streetA, tree.streetA.id)).get(ORGANISATIONS)!.value).toBe(1);
    const streetB = (await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken;
    expect((await form(streetB, tree.streetB.id)).get(ORGANISATIONS)!.value).toBe(0);
  });

  it('百姓学习之星 reads 由区填写 until a star selection is finalised, then the number on its final list', async () => {
    const before = await form(superToken, tree.district.id);
    expect(before.get(STARS)!.value).toBe('由区填写');
    expect(before.get(BRANDS)!.value).toBe('由区填写');

    const selection = await newSelection(api, streetA, tree.streetA.id, { year, quota: 2 });
    const [a, b] = [await newBoundResident(api, tree.communityA1), await newBoundResident(api, tree.communityA2)];
    const na = await nominate(api, a.tokens.accessToken, selection.id);
    const nb = await nominate(api, b.tokens.accessToken, selection.id);
    for (const n of [na, nb]) expect((await api.http.as(streetA).post(`/api/selection-nominations/${n.id}/select`)).status).toBe(200);
    expect((await api.http.as(streetA).post(`/api/selections/${selection.id}/publish`)).status).toBe(200);
    // in 公示 the list is not final: still the district's to fill
    expect((await form(superToken, tree.district.id)).get(STARS)!.value).toBe('由区填写');
    try {
      travelToDay(api, 13);
      expect((await api.http.as(streetA).post<SelectionView>(`/api/selections/${selection.id}/finalise`)).body.status).toBe('final');
    } finally {
      api.app.get(Clock).reset();
    }

    const after = await form(superToken, tree.district.id);
    expect(after.get(STARS)).toMatchObject({ value: 2, year });
    expect(after.get(STARS)!.source).toContain('最终名单');
    // no brand selection was settled: that line stays the district's
    expect(after.get(BRANDS)!.value).toBe('由区填写');
    for (const unknown of ['总面积（平方公里）', '人均GDP（元）', '本市16-59周岁人口平均受教育年限（年）']) expect(after.get(unknown)!.value).toBe('由区填写');
    // every line carries the year
    for (const line of after.values()) expect(line.year).toBe(year);
  });
});

describe('scope', () => {
  it('a community admin cannot export the district’s form or a neighbour’s; their own they can', async () => {
    const as = new Http(api.http.baseUrl, communityA1);
    for (const area of [tree.district, tree.streetA, tree.communityA2]) {
      expectApiError(await as.get(`/api/areas/${area.id}/statistics/application-form?year=${year}`), 403, ErrorCode.OutOfScope);
    }
    expect((await form(communityA1, tree.communityA1.id)).get(STARS)).toBeDefined();
    const resident = await newBoundResident(api, tree.communityA1);
    expectApiError(await api.http.as(resident.tokens.accessToken).get(`/api/areas/${tree.communityA1.id}/statistics/application-form?year=${year}`), 403);
  });
});

describe('a resident applies only in their own community, for a family or a society', () => {
  it('refuses another community or another kind in Chinese and writes nothing', async () => {
    const resident = await newBoundResident(api, tree.communityA1);
    const me = api.http.as(resident.tokens.accessToken);
    const count = async () => Number(((await api.db.query(`SELECT count(*)::int AS n FROM learning_org`)) as { n: number }[])[0].n);
    const before = await count();
    const body = { kind: 'family', name: '王家书屋', contactName: '王阿姨', contactPhone: '13812345678', members: ['王阿姨'], plan: '每周全家一起读书一次，写读书笔记。' };
    const elsewhere = expectApiError(await me.post('/api/me/learning-organisations', { ...body, areaId: tree.communityA2.id }), 400);
    expect(elsewhere.message).toBe('只能申请您所在社区的学习型家庭或社团');
    const agency = expectApiError(await me.post('/api/me/learning-organisations', { ...body, areaId: tree.communityA1.id, kind: 'agency' }), 400);
    expect(agency.message).toContain('学习型家庭或学习型社团');
    expect(await count()).toBe(before);
    expect((await me.post('/api/me/learning-organisations', { ...body, areaId: tree.communityA1.id })).status).toBe(201);
  });
});
