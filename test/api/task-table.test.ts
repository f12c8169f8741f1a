import { ErrorCode, INDICATORS, Role, TaskEntry, TaskTable } from '@lp/shared';
import { runMigrations } from '@lp/server/dist/database/data-source';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectApiError, Reply, startApi, TestApi } from '../support/api';
import { newAreaTree, newStaff } from '../support/factories';
import { tinyPng } from '../support/files';
import { freshDatabase } from '../support/global-setup';

/**
 * The 任务分解表 as a district's own data: the default has no place name; 浦江's table is an
 * example a district imports (docs/examples); entered rows get values per area and year with
 * evidence files, and the inspection workbook follows the table and lists the evidence.
 *
 *   district D ─ street A ─ community A1, A2
 *              └ street B ─ community B1
 */
let api: TestApi;
let tree: Awaited<ReturnType<typeof newAreaTree>>;
let superToken: string;
let districtAdminToken: string;
let streetAToken: string;
let streetBToken: string;

const Y = 2025;
const PUJIANG = readFileSync(join(__dirname, '../../docs/examples/task-table-pujiang.csv'));

beforeAll(async () => {
  const db = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_task_table');
  await runMigrations(db);
  api = await startApi({ DATABASE_URL: db });
  tree = await newAreaTree(api);
  superToken = (await newStaff(api, Role.SuperAdmin, { area: tree.district })).tokens.accessToken;
  districtAdminToken = (await newStaff(api, Role.Admin, { area: tree.district })).tokens.accessToken;
  streetAToken = (await newStaff(api, Role.Admin, { area: tree.streetA })).tokens.accessToken;
  streetBToken = (await newStaff(api, Role.Admin, { area: tree.streetB })).tokens.accessToken;
}, 120_000);

afterAll(() => api?.close());

function importFile(token: string, areaId: number, content: string | Buffer, filename = 'table.csv', step: 'import' | 'import/preview' = 'import') {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  return fetch(`${api.http.baseUrl}/api/areas/${areaId}/task-table/${step}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then(
    async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }) as Reply<TaskTable>,
  );
}
const rowCount = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM task_table_row`)) as { n: number }[])[0].n;
const entryCount = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM task_entry`)) as { n: number }[])[0].n;
const upload = async (token: string) => (await api.http.as(token).send<{ id: string }>('POST', '/api/uploads', tinyPng(), { 'content-type': 'image/png' })).body.id;

async function workbook(token: string, areaId: number): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${api.http.baseUrl}/api/areas/${areaId}/statistics/export?year=${Y}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book;
}

describe('the 任务分解表', () => {
  it('by default is one measured row per indicator in the table’s order, with no place name, and so is the export', async () => {
    const table = (await api.http.as(streetAToken).get<TaskTable>(`/api/areas/${tree.streetA.id}/task-table`)).body;
    expect(table).toMatchObject({ district: { id: tree.district.id }, custom: false });
    expect(table.rows).toHaveLength(INDICATORS.length);
    expect(table.rows.every((r) => r.indicator !== null && r.id === null)).toBe(true);
    expect(table.rows[0].level1).toBe('一、基本条件');
    expect(JSON.stringify(table)).not.toMatch(/浦江|县/);
    const book = await workbook(superToken, tree.district.id);
    for (const sheet of book.worksheets) expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/浦江|县|分钟/);
  });

  it('only a district’s super-admin imports it, only at the district; a bad file is refused by its lines and nothing is written', async () => {
    expectApiError(await importFile(streetAToken, tree.district.id, PUJIANG), 403, ErrorCode.Forbidden);
    expectApiError(await importFile(districtAdminToken, tree.district.id, PUJIANG), 403, ErrorCode.Forbidden);
    expect(expectApiError(await importFile(superToken, tree.streetA.id, PUJIANG), 400).message).toContain('区级');
    const header = '一级指标,二级指标,指标,责任部门,目标,指标代码';
    const bad: [string, RegExp][] = [
      [[header, '一、基本条件,组织领导,定期召开会议,,,no_such'].join('\r\n'), /第2行.*no_such/],
      [[header, '一、基本条件,组织领导,,办公室,,填报'].join('\r\n'), /第2行.*“指标”是空的/],
      [[header, '一、基本条件,组织领导,甲,,,seniors', ',,乙,,,seniors'].join('\r\n'), /第3行.*第2行已经用过/],
      [[header, `一、基本条件,组织领导,${'长'.repeat(301)},,,填报`].join('\r\n'), /太长/],
      [['名称,数量', '甲,1'].join('\r\n'), /表头/],
    ];
    for (const [file, message] of bad) {
      const error = expectApiError(await importFile(superToken, tree.district.id, file), 400);
      expect(`${error.message} ${(error.details ?? []).join(' ')}`).toMatch(message);
    }
    expect(await rowCount()).toBe(0);
  });

  it('浦江’s example imports as the district’s table, in its order, merged cells filled from the line above', async () => {
    // the preview reads the same rows, with the same checks, and writes nothing
    expectApiError(await importFile(districtAdminToken, tree.district.id, PUJIANG, 'task-table-pujiang.csv', 'import/preview'), 403, ErrorCode.Forbidden);
    const preview = await importFile(superToken, tree.district.id, PUJIANG, 'task-table-pujiang.csv', 'import/preview');
    expect(preview.status).toBe(200);
    expect(preview.body.rows).toHaveLength(38);
    expect(preview.body.rows.every((r) => r.id === null)).toBe(true);
    expect(await rowCount()).toBe(0);
    const res = await importFile(superToken, tree.district.id, PUJIANG, 'task-table-pujiang.csv');
    expect(res.status).toBe(200);
    const table = res.body;
    expect(table.custom).toBe(true);
    expect(table.rows).toHaveLength(38);
    expect(table.rows.map((r) => r.position)).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(table.rows[1]).toMatchObject({ level1: '一、基本条件', level2: '组织领导', label: '定期召开会议。', departments: '县委办 县府办', indicator: null });
    expect(table.rows.filter((r) => r.indicator !== null).map((r) => r.indicator).sort()).toEqual(INDICATORS.map((d) => d.code).sort());
    expect(table.rows.find((r) => r.indicator === 'vocational_training')!.departments).toContain('浦江开发区');
    expect(table.rows[37].level1).toBe('四、学习平台建设成效');
    // every area of the district reads the same table
    expect((await api.http.as(streetBToken).get<TaskTable>(`/api/areas/${tree.communityB1.id}/task-table`)).body.rows).toHaveLength(38);
  });

  it('an entered row gets a value per area and year with evidence files, from the area’s administrators only', async () => {
    const table = (await api.http.as(superToken).get<TaskTable>(`/api/areas/${tree.district.id}/task-table`)).body;
    const week = table.rows.find((r) => r.label.includes('当年举办终身教育学习活动周'))!;
    const measured = table.rows.find((r) => r.indicator === 'seniors')!;
    const mine = await upload(streetAToken);
    const theirs = await upload(streetBToken);
    const path = (areaId: number, rowId: number) => `/api/areas/${areaId}/task-entries/${rowId}/${Y}`;
    const entry = { value: '2025年11月举办全民终身学习活动周', met: true, evidence: [{ uploadId: mine, name: '活动周方案.png' }] };

    const before = await entryCount();
    expectApiError(await api.http.as(streetBToken).put(path(tree.communityA1.id, week.id!), entry), 403, ErrorCode.OutOfScope);
    expectApiError(await api.http.as(streetAToken).put(path(tree.communityA1.id, week.id!), { ...entry, evidence: [{ uploadId: theirs, name: '别人的.png' }] }), 400);
    expectApiError(await api.http.as(streetAToken).put(path(tree.communityA1.id, measured.id!), entry), 400);
    expectApiError(await api.http.as(streetAToken).put(path(tree.communityA1.id, week.id!), { ...entry, value: '  ' }), 400);
    expectApiError(await api.http.as(streetAToken).put(path(tree.communityA1.id, week.id!), { ...entry, met: '是' }), 400);
    expectApiError(await api.http.as(streetAToken).put(path(tree.communityA1.id, week.id!), { ...entry, evidence: [{ uploadId: mine, name: '' }] }), 400);
    expectApiError(await api.http.as(streetAToken).put(path(tree.communityA1.id, 999_999), entry), 404);
    expect(await entryCount()).toBe(before);

    const saved = await api.http.as(streetAToken).put<TaskEntry>(path(tree.communityA1.id, week.id!), entry);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ rowId: week.id, area: { id: tree.communityA1.id }, year: Y, value: entry.value, met: true, evidence: entry.evidence });
    // the community's administrators may open the evidence; another street's may not
    const communityAdmin = (await newStaff(api, Role.Admin, { area: tree.communityA1 })).tokens.accessToken;
    expect((await fetch(`${api.http.baseUrl}/api/uploads/${mine}`, { headers: { authorization: `Bearer ${communityAdmin}` } })).status).toBe(200);
    expect((await fetch(`${api.http.baseUrl}/api/uploads/${mine}`, { headers: { authorization: `Bearer ${streetBToken}` } })).status).not.toBe(200);
    const listed = (await api.http.as(communityAdmin).get<TaskEntry[]>(`/api/areas/${tree.communityA1.id}/task-entries?year=${Y}`)).body;
    expect(listed).toHaveLength(1);

    // the inspection workbook follows the imported table and lists the evidence by name
    const sheet = (await workbook(streetAToken, tree.communityA1.id)).worksheets[0];
    const labels = table.rows.map((_, k) => sheet.getRow(4 + k).getCell(3).value);
    expect(labels).toEqual(table.rows.map((r) => r.label));
    const weekRow = sheet.getRow(4 + table.rows.indexOf(week));
    expect([weekRow.getCell(5).value, weekRow.getCell(9).value, weekRow.getCell(12).value]).toEqual([entry.value, '达标', '活动周方案.png']);
    const notEntered = sheet.getRow(4 + 1);
    expect([notEntered.getCell(5).value, notEntered.getCell(10).value]).toEqual(['未填报', '这一项还没有填报']);
    expect(sheet.getRow(4 + table.rows.indexOf(measured)).getCell(11).value).toBe(measured.departments);

    // once values are entered, the table is not replaced wholesale
    expectApiError(await importFile(superToken, tree.district.id, PUJIANG), 409);
    expect(await rowCount()).toBe(38);
  });
});
