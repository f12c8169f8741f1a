import {
  AreaNode,
  INDICATORS,
  INDICATOR_LEVEL1_ORDER,
  IndicatorCode,
  inTableOrder,
  PopulationBalance,
  StatisticsOverview,
  formatIndicatorProgress,
  formatIndicatorValue,
} from '@lp/shared';
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, apiToken, getJson, launchChromium, screenshotPath, settled, signInOnPage, watchErrors } from '../support/browser';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

let server: ServerProcess;
let browser: Browser;
let tree: AreaNode;

beforeAll(async () => {
  server = await startServerProcess(await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_browser_dashboard'));
  browser = await launchChromium();
  tree = (await (await fetch(`${server.url}/api/areas/tree`)).json()) as AreaNode;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
const count = (n: number) => n.toLocaleString('en-US');
/** 学时 as the dashboard writes them (hoursText in the admin dashboard's figures.ts). */
const hoursText = (minutes: number) => {
  const hours = minutes / 60;
  if (hours >= 100) return `${count(Math.round(hours))} 学时`;
  if (hours >= 1) return `${Math.round(hours * 10) / 10} 学时`;
  return `${Math.round(hours * 100) / 100} 学时`;
};

/**
 * Saves the whole page: Taro scrolls inside the page element, not the document, so the window is
 * made as tall as the page's content for the shot and then put back.
 */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('.taro_page')).map((e) => e.scrollHeight)));
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await settled(page);
  await page.screenshot({ path: screenshotPath(name) });
  await page.setViewportSize(size);
}

/** Waits until the visible dashboard shows the figures of `areaId`. */
async function dashboardOf(page: Page, areaId: number): Promise<void> {
  await page.locator(`#dashboard-figures:visible[data-area="${areaId}"]`).waitFor({ timeout: 20_000 });
}

/** The 60% indicator on the page against the API's numbers for the same area and year. */
async function expectParticipation(page: Page, overview: StatisticsOverview): Promise<void> {
  const api = overview.indicators.find((i) => i.code === IndicatorCode.Participation)!;
  const card = page.locator('#dashboard-indicator-participation:visible');
  expect(await card.getAttribute('data-numerator')).toBe(String(api.numerator));
  expect(await card.getAttribute('data-denominator')).toBe(String(api.denominator ?? ''));
  await card.getByText(`已服务 ${count(api.numerator)} 人 / 常住人口 ${count(api.denominator!)} 人`).waitFor();
  await card.getByText(formatIndicatorValue(api), { exact: true }).waitFor();
  await card.getByText(api.met ? '达标' : '未达标', { exact: true }).waitFor();
}

describe('the statistics dashboard in a desktop browser', () => {
  it('shows the district’s indicators as the API has them, drills through a street into a 社区 and exports the table', async () => {
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const community = street.children.find((c) => c.name === '锦湖社区')!;
    const token = await apiToken(server.url, 'admin_district');
    const year = thisYear();
    const districtFigures = await getJson<StatisticsOverview>(server.url, `/api/areas/${tree.id}/statistics?year=${year}`, token);
    expect(districtFigures.indicators[0].numerator).toBeGreaterThan(0);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const problems = watchErrors(page);
    await signInOnPage(page, server.url, 'admin_district');
    await page.locator('#home-admin').click();
    // 管理后台 opens with this year's 60% figure and the way into the dashboard
    await page.locator('#admin-dashboard-headline:visible').waitFor({ timeout: 20_000 });
    await page.locator('#admin-dashboard').click();

    await dashboardOf(page, tree.id);
    await expectParticipation(page, districtFigures);
    for (const indicator of INDICATORS) {
      const shown = page.locator(`#dashboard-indicator-${indicator.code}:visible`);
      const api = districtFigures.indicators.find((i) => i.code === indicator.code)!;
      expect(await shown.getAttribute('data-numerator')).toBe(String(api.numerator));
    }
    // 学习型组织创建 counts organisations (recognised in the registry over those entered), not people
    const organisations = districtFigures.indicators.find((i) => i.code === IndicatorCode.LearningOrganisations)!;
    expect(organisations.denominator).toBeGreaterThan(0);
    const organisationsCard = page.locator(`#dashboard-indicator-${IndicatorCode.LearningOrganisations}:visible`);
    await organisationsCard.getByText(`已创建学习型组织 ${count(organisations.numerator)} 个 / 各类组织 ${count(organisations.denominator!)} 个`).waitFor();
    await organisationsCard.getByText(formatIndicatorValue(organisations), { exact: true }).waitFor();
    // the charts are drawn (SVG in the browser) and the children are tiles coloured by the 60% indicator
    for (const chart of ['dashboard-gauge', 'dashboard-months-chart', 'dashboard-categories-chart', 'dashboard-groups-chart']) {
      await page.locator(`#${chart}:visible svg`).first().waitFor({ timeout: 10_000 });
    }
    for (const child of tree.children) await page.locator(`#dashboard-child-${child.id}:visible`).waitFor();
    // desktop: the cards sit side by side
    const headline = await page.locator('#dashboard-indicator-participation:visible').boundingBox();
    const list = await page.locator('#dashboard-indicators:visible').boundingBox();
    expect(list!.x).toBeGreaterThan(headline!.x + headline!.width - 1);

    // 百姓学习之星: the results of 评选 in place of the old ranking by hours or credits
    await page.locator('#dashboard-selections:visible').waitFor({ timeout: 10_000 });
    expect(await page.locator('#dashboard-stars').count()).toBe(0);
    await shoot(page, '20-dashboard-district-desktop');

    // drill down: district → street → community (a leaf: no children shown)
    await page.locator(`#dashboard-child-${street.id}:visible`).click();
    await dashboardOf(page, street.id);
    await expectParticipation(page, await getJson<StatisticsOverview>(server.url, `/api/areas/${street.id}/statistics?year=${year}`, token));
    await page.locator(`#dashboard-child-${community.id}:visible`).click();
    await dashboardOf(page, community.id);
    const communityFigures = await getJson<StatisticsOverview>(server.url, `/api/areas/${community.id}/statistics?year=${year}`, token);
    await expectParticipation(page, communityFigures);
    await page.locator('#dashboard-area:visible').getByText('锦湖社区').waitFor();
    await page.locator('#dashboard-crumbs:visible').getByText('明湖区').waitFor();
    expect(await page.locator('#dashboard-children:visible').count()).toBe(0);
    await shoot(page, '21-dashboard-community-desktop');

    // 导出 Excel: the browser saves an .xlsx whose first sheet is this community's indicator table
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.locator('#dashboard-export:visible').click()]);
    expect(download.suggestedFilename()).toMatch(/锦湖社区.*\.xlsx$/);
    const saved = join(ARTIFACTS, 'dashboard-export.xlsx');
    await download.saveAs(saved);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(saved) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toContain('锦湖社区');
    // the workbook is the page: every indicator row, in the 任务分解表's 一级指标 order, as the page shows it
    const codeByLabel = new Map(INDICATORS.map((d) => [d.label, d.code]));
    const sheetCodes = INDICATORS.map((_, k) => codeByLabel.get(String(sheet.getRow(4 + k).getCell(3).value))!);
    expect(sheetCodes).toEqual(inTableOrder(communityFigures.indicators).map((i) => i.code));
    const listed = await page.locator('#dashboard-indicators:visible [id^="dashboard-indicator-"]').evaluateAll((els) => els.map((e) => e.id.replace('dashboard-indicator-', '')));
    expect(listed).toEqual(sheetCodes.filter((c) => c !== IndicatorCode.Participation));
    const level1 = sheetCodes.map((_, k) => INDICATOR_LEVEL1_ORDER.indexOf(String(sheet.getRow(4 + k).getCell(1).value)));
    expect(level1).toEqual([...level1].sort());
    for (const [k, code] of sheetCodes.entries()) {
      const row = sheet.getRow(4 + k);
      const shown = page.locator(`#dashboard-indicator-${code}:visible`);
      expect(String(row.getCell(5).value ?? '')).toBe((await shown.getAttribute('data-value')) ?? '');
      await shown.getByText(`目标 ${row.getCell(4).value}`, { exact: true }).first().waitFor();
      expect(row.getCell(6).value).toBe(await page.locator(`#dashboard-progress-${code}:visible`).innerText());
      const standing = (await shown.getAttribute('data-met'))!;
      expect(row.getCell(9).value).toBe({ met: '达标', unmet: '未达标', none: row.getCell(9).value === '不适用' ? '不适用' : '—' }[standing]);
    }
    // 学时 as on the page, and no other county's text anywhere in the default export
    const text = book.worksheets.map((w) => JSON.stringify(w.getSheetValues())).join('');
    expect(text).not.toMatch(/浦江|分钟/);
    const hoursRow = Array.from({ length: sheet.rowCount }, (_, i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === '全年学时（学时）')!;
    await page.locator('#dashboard-activities:visible').getByText(`${hoursText(communityFigures.minutes)}`).first().waitFor();
    expect(hoursRow.getCell(2).value).toBe(Math.round((communityFigures.minutes / 60) * 100) / 100);

    // the breadcrumb goes back up to the street
    await page.locator(`#dashboard-crumb-${street.id}:visible`).click();
    await dashboardOf(page, street.id);

    // a phone-sized window gets one column
    await page.setViewportSize({ width: 390, height: 844 });
    await settled(page);
    const narrowHeadline = await page.locator('#dashboard-indicator-participation:visible').boundingBox();
    const narrowList = await page.locator('#dashboard-indicators:visible').boundingBox();
    expect(narrowList!.y).toBeGreaterThan(narrowHeadline!.y + narrowHeadline!.height - 1);
    await shoot(page, '22-dashboard-street-phone');
    expect(problems).toEqual([]);
  });

  it('a street administrator sets the street’s 60% target to 70%: its communities’ dashboards judge and word their progress against it', async () => {
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const community = street.children.find((c) => c.name === '锦湖社区')!;
    const year = thisYear();
    const token = await apiToken(server.url, 'admin_street');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, server.url, 'admin_street');
    await page.locator('#home-admin').click();
    await page.locator('#admin-dashboard').click({ timeout: 20_000 });
    await dashboardOf(page, street.id);
    await page.locator('#dashboard-targets:visible').click();
    const row = page.locator('#indicator-target-participation:visible');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-source')).toBe('default');
    // a rate over 100% is refused on the page, nothing sent
    await page.locator('#indicator-target-input-participation input').fill('170');
    await page.locator('#indicator-targets-save:visible').click();
    await row.getByText('比例目标不能超过100%').waitFor();
    await page.locator('#indicator-target-input-participation input').fill('70');
    await page.locator('#indicator-targets-save:visible').click();
    await page.locator('#indicator-target-participation:visible[data-source="own"]').waitFor({ timeout: 20_000 });
    await shoot(page, '24-indicator-targets');

    const figures = await getJson<StatisticsOverview>(server.url, `/api/areas/${community.id}/statistics?year=${year}`, token);
    const participation = figures.indicators.find((i) => i.code === IndicatorCode.Participation)!;
    expect(participation.target).toBe(0.7);
    // back on the street's dashboard, into the community
    await page.goBack();
    await dashboardOf(page, street.id);
    await page.locator(`#dashboard-child-${community.id}:visible`).click();
    await dashboardOf(page, community.id);
    const card = page.locator('#dashboard-indicator-participation:visible');
    await card.getByText('目标 ≥70%', { exact: true }).first().waitFor();
    expect(await card.getAttribute('data-target')).toBe('0.7');
    await page.locator('#dashboard-progress-participation:visible').getByText(formatIndicatorProgress(participation), { exact: true }).waitFor();
    expect(await card.getAttribute('data-met')).toBe(participation.met ? 'met' : participation.met === false ? 'unmet' : 'none');
    expect(problems).toEqual([]);
  });

  it('a street administrator imports the communities’ population from a CSV and sees how far they are from the street’s own figure', async () => {
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const year = thisYear() + 1;
    const token = await apiToken(server.url, 'admin_street');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, server.url, 'admin_street');
    await page.goto(`${server.url}/#/subpackages/admin/pages/population/index?areaId=${street.id}&year=${year}`);
    await page.locator('#population-import:visible').click({ timeout: 20_000 });
    await page.locator('#population-import-help:visible').getByText('区域编码').first().waitFor({ timeout: 20_000 });

    const header = '区域编码,区域名称,常住人口,60岁以上人口,18岁以下人口,从业人员,进城务工人员,失业/下岗人员,农村劳动力,各类组织数,已创建学习型组织数';
    // a line with more over-60s than residents refuses the whole file, named by its line
    const bad = [header, `${street.children[0].code},${street.children[0].name},1000,2000,100,500,10,5,0,5,4`].join('\r\n');
    const badFile = join(ARTIFACTS, 'population-bad.csv');
    writeFileSync(badFile, bad);
    await page.locator('#population-import-file').setInputFiles(badFile);
    await page.locator('#population-import-error:visible').getByText('第2行').first().waitFor({ timeout: 20_000 });

    // the street has two organisations of its own besides its communities' six each
    const street1 = `${street.code},${street.name},10000,2500,1500,5000,600,200,0,${6 * street.children.length + 2},${5 * street.children.length + 2}`;
    const lines = street.children.map((c, i) => `${c.code},${c.name},${3000 + i},700,400,1500,150,50,0,6,5`);
    const good = [header, street1, ...lines].join('\r\n');
    const goodFile = join(ARTIFACTS, 'population-good.csv');
    writeFileSync(goodFile, good);
    await page.locator('#population-import-file').setInputFiles(goodFile);
    await page.locator('#population-import-result:visible').getByText(`已导入 ${street.children.length + 1} 个地区`).waitFor({ timeout: 20_000 });
    const balance = await getJson<PopulationBalance>(server.url, `/api/areas/${street.id}/statistics/population-check?year=${year}`, token);
    expect(balance.balanced).toBe(false);
    const gap = Math.abs(balance.difference!.residentTotal);
    await page.locator('#population-import-balance-residentTotal:visible').getByText(`下级合计与本级相差 ${count(gap)} 人`).waitFor();
    expect(balance.childrenSum.organisations).toBe(6 * street.children.length);
    expect(await page.locator('[id^="population-import-balance-"][id$="rganisations"]').count()).toBe(0);
    await shoot(page, '23-population-import');
    expect(problems).toEqual([]);
  });
});
