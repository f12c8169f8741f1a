import { formatIndicatorValue, INDICATOR_BY_CODE, IndicatorCode } from '@lp/shared';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, screenshotPath, settled, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';
import { tinyPng } from '../support/files';

/*
 * The 任务分解表 through the admin page (issue 17): the district's super-admin imports the district's
 * own table (.xlsx), enters the value of a line the portal cannot measure with a photo as evidence,
 * and sees every line in the table's order; the workbook the page downloads, read back with exceljs,
 * holds the same lines with the same words, and no other county's text.
 */
const portal = useDemoPortal('lp_e2e_browser_task_table');
const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

type Line = [level1: string, level2: string, label: string, departments: string, target: string, code: string];
const TABLE: Line[] = [
  ['一、基本条件', '组织领导', '成立学习型城市建设领导小组，每年至少召开两次会议', '区委办 区府办', '每年2次以上', '填报'],
  ['', '经费保障', '社区教育经费按常住人口人均标准列入财政预算', '财政部门 教育部门', '按本区标准', '填报'],
  ['二、成人继续教育', '全民参与', '全年接受教育服务的居民占常住人口比例', '教育部门 各街道', '', IndicatorCode.Participation],
  ['', '老年教育', '参与教育活动的老年人占老年人口比例', '老龄办 教育部门', '', IndicatorCode.Seniors],
  ['三、保障措施', '师资队伍', '成人教育专职工作者占常住人口比例（每万人）', '机构编制部门 教育部门', '', IndicatorCode.EducationStaff],
  ['四、学习平台建设成效', '活动周', '每年举办全民终身学习活动周', '教育部门', '当年举办', '填报'],
];

async function tableFile(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('任务分解表');
  sheet.addRow(['一级指标', '二级指标', '指标', '责任部门', '目标', '指标代码']);
  for (const line of TABLE) sheet.addRow(line);
  return Buffer.from(await book.xlsx.writeBuffer());
}

interface PageRow {
  level1: string;
  label: string;
  target: string;
  actual: string;
  progress: string;
  departments: string;
  evidence: string;
}

it('a super-admin imports the table, enters a value with evidence, and the downloaded workbook equals the page', async () => {
  const { server, browser } = portal;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const problems = watchErrors(page);
  await signInOnPage(page, server.url, 'admin_district');
  await page.locator('#home-admin').click({ timeout: 20_000 });
  await page.locator('#admin-task-table').click({ timeout: 20_000 });
  await page.locator('#task-table:visible').waitFor({ timeout: 20_000 });
  // the demo district has not imported one: the default, no place name in it
  expect(await page.locator('#task-table-kind').getAttribute('data-custom')).toBe('no');
  expect(await page.locator('#task-table').innerText()).not.toMatch(/浦江|县/);

  // import: the preview first, then the table is replaced
  await page.locator('#task-table-import-file').setInputFiles({ name: '明湖区任务分解表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await tableFile() });
  await page.locator('#task-table-import-preview:visible').getByText('共 6 项：一、基本条件 2 项，二、成人继续教育 2 项，三、保障措施 1 项，四、学习平台建设成效 1 项').waitFor({ timeout: 20_000 });
  await page.locator('#task-table-import-apply').click();
  await page.locator('#task-table-import-result:visible').waitFor({ timeout: 20_000 });
  await page.locator('#task-table-kind[data-custom="yes"]').waitFor({ timeout: 20_000 });
  await page.locator('.task-row').nth(5).waitFor({ timeout: 20_000 });

  // 填报 the 活动周 line with a photo as evidence
  const week = page.locator('#task-row-6');
  expect(await week.getAttribute('data-actual')).toBe('未填报');
  await week.getByText('请核对：这一项还没有填报').waitFor();
  await week.locator('#task-row-6-edit').click();
  await week.locator('textarea').fill(`${year}年11月举办全民终身学习活动周，开展活动32场`);
  await week.locator('[id$="-met-yes"]').click();
  await week.locator('input[type="file"]').setInputFiles({ name: '活动周现场照片.png', mimeType: 'image/png', buffer: tinyPng() });
  await week.locator('[id$="-files"][data-count="1"]').waitFor({ timeout: 20_000 });
  await week.locator('[id$="-save"]').click();
  await page.locator(`#task-row-6[data-actual="${year}年11月举办全民终身学习活动周，开展活动32场"]`).waitFor({ timeout: 20_000 });
  // the evidence opens from the line, through the same upload the admin sent
  await week.locator('#task-row-6-evidence-0').click();
  await page.locator('#task-row-6-evidence-0-viewer[data-type="image"]').waitFor({ timeout: 20_000 });
  await settled(page);
  await page.screenshot({ path: screenshotPath('task-table-page'), fullPage: true });

  // the page: every line, in the table's order
  const shown: PageRow[] = await page.locator('.task-row').evaluateAll((nodes) =>
    nodes.map((n) => {
      const d = (n as HTMLElement).dataset;
      return { level1: d.level1!, label: d.label!, target: d.target!, actual: d.actual!, progress: d.progress!, departments: d.departments!, evidence: d.evidence ?? '' };
    }),
  );
  const level1s = TABLE.map((l, i) => l[0] || TABLE.slice(0, i).reverse().find((x) => x[0])![0]);
  expect(shown.map((r) => r.label)).toEqual(TABLE.map((l) => l[2]));
  expect(shown.map((r) => r.level1)).toEqual(level1s);
  expect(shown[5]).toMatchObject({ evidence: '活动周现场照片.png', target: '当年举办' });
  // a measured line says its progress against the target in words and its target as a bound
  expect(shown[2].progress).toMatch(/^(完成目标的 \d+%|已达到目标（完成目标的 \d+%）|—)$/);
  expect(shown[2].target).toMatch(/^≥/);

  // the workbook: the same lines with the same words
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.locator('#task-table-export').click()]);
  const saved = join(ARTIFACTS, 'task-table-export.xlsx');
  await download.saveAs(saved);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(saved) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  expect(sheet.getRow(3).getCell(1).value).toBe('一级指标');
  const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : String(v));
  const fromBook: PageRow[] = [];
  for (let r = 4; r <= sheet.rowCount && sheet.getRow(r).getCell(3).value; r++) {
    const row = sheet.getRow(r);
    const code = TABLE[fromBook.length]?.[5];
    const measured = code && code !== '填报' ? INDICATOR_BY_CODE[code as IndicatorCode] : null;
    const actual = row.getCell(5).value;
    fromBook.push({
      level1: text(row.getCell(1).value),
      label: text(row.getCell(3).value),
      target: text(row.getCell(4).value) || '—',
      actual: measured ? formatIndicatorValue({ value: typeof actual === 'number' ? actual : null, unit: measured.unit }) : text(actual),
      progress: text(row.getCell(6).value) || '—',
      departments: text(row.getCell(11).value),
      evidence: measured ? '' : text(row.getCell(12).value),
    });
  }
  expect(fromBook).toEqual(shown.map(({ level1, label, target, actual, progress, departments, evidence }) => ({ level1, label, target, actual, progress, departments, evidence })));
  expect(JSON.stringify(book.worksheets.map((s) => s.getSheetValues()))).not.toMatch(/浦江|县|分钟/);
  expect(problems).toEqual([]);
});
