import { AreaAdminNode, NumberedPage, SchoolAdminItem, VenueAdminItem } from '@lp/shared';
import { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { apiToken, getJson, launchChromium, screenshotPath, settled, watchErrors } from '../support/browser';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * A district administrator on a desktop browser sets up the district's master data through the
 * pages alone: imports streets and communities from the official list, adds a school and a venue,
 * and sees each in its table. Every choice is made with real mouse clicks.
 */
const portal = {} as { server: ServerProcess; browser: Browser; databaseUrl: string };
beforeAll(async () => {
  portal.databaseUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_browser_places');
  portal.server = await startServerProcess(portal.databaseUrl);
  portal.browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await portal.browser?.close();
  await portal.server?.stop();
});

/** The demo district predates 12-digit codes; give it its official one, as a real district's would be. */
async function codeTheDistrict(): Promise<void> {
  const db = new Client({ connectionString: portal.databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE area SET code = '330299000000' WHERE level = 'district' AND code = '330299'`);
  } finally {
    await db.end();
  }
}

async function openFromHome(page: Page, entry: string): Promise<void> {
  await page.goto(portal.server.url + '/');
  await page.locator('#home-admin').click({ timeout: 20_000 });
  await page.locator(`#${entry}`).click({ timeout: 20_000 });
}

const OFFICIAL_LIST = ['统计用区划代码,名称,城乡分类代码', '330299000000,明湖区,', '330299201000,青山镇,220', '330299201001,青山村,220', '330299201002,绿水村,210'].join('\n');

describe('a district administrator keeps areas, schools and venues through the pages', () => {
  it('imports the area tree, adds a school and a venue, and finds them in the tables', async () => {
    await codeTheDistrict();
    const page = await portal.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems = watchErrors(page);
    await page.goto(portal.server.url + '/');
    await page.locator('#login-username input').fill('admin_district', { timeout: 20_000 });
    await page.locator('#login-password input').fill('demo12345');
    await page.locator('#login-submit').click();
    await page.locator('#home-admin').waitFor({ timeout: 20_000 });

    // 1. the area tree from the official list: preview first, then apply
    await openFromHome(page, 'admin-areas');
    await page.locator('#areas-table').waitFor({ timeout: 20_000 });
    await page.locator('#areas-import-file').setInputFiles({ name: '明湖区区划代码.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + OFFICIAL_LIST) });
    const preview = page.locator('#areas-import-preview');
    await preview.getByText('将改动 3 项').waitFor({ timeout: 20_000 });
    await preview.getByText('新增 街道/镇 青山镇').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('40-admin-areas-import-preview'), fullPage: true });
    await page.locator('#areas-import-apply').click();
    await page.locator('#areas-import-result').getByText('已导入，改动了 3 项').waitFor({ timeout: 20_000 });
    await page.locator('#areas-table').getByText('青山村').waitFor({ timeout: 20_000 });
    await page.locator('#areas-kind-rural').click();
    await page.locator('#areas-table').getByText('绿水村').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('41-admin-areas-tree'), fullPage: true });

    const token = await apiToken(portal.server.url, 'admin_district');
    const tree = await getJson<AreaAdminNode>(portal.server.url, '/api/areas/manage', token);
    const town = tree.children.find((s) => s.code === '330299201000');
    const village = town?.children.find((c) => c.code === '330299201001');
    expect({ town: town?.name, village: village?.name, rural: village?.isRural }).toEqual({ town: '青山镇', village: '青山村', rural: true });

    // 2. a school in the new village, the area chosen by clicking the street, then the village
    await openFromHome(page, 'admin-schools');
    await page.locator('#schools-add').click({ timeout: 20_000 });
    await page.locator('#school-form-name input').fill('青山村老年大学');
    await page.locator('#school-form-type-senior_university').click();
    await page.locator(`#school-form-area-${town!.id}`).click();
    await page.locator(`#school-form-area-${village!.id}`).click();
    await page.locator('#school-form-address input').fill('青山村文化礼堂二楼');
    await page.locator('#school-form-save').click();
    await page.locator('#schools-table').getByText('青山村老年大学').waitFor({ timeout: 20_000 });
    await page.locator(`#schools-area-${town!.id}`).click();
    await page.locator('#schools-table').getByText('青山村老年大学').waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('42-admin-schools'), fullPage: true });
    const schools = await getJson<NumberedPage<SchoolAdminItem>>(portal.server.url, `/api/admin/schools?areaId=${village!.id}`, token);
    expect(schools.items.map((s) => [s.name, s.type, s.area.name])).toEqual([['青山村老年大学', 'senior_university', '青山村']]);

    // 3. a venue with typed coordinates, a room and Monday's hours
    await openFromHome(page, 'admin-venues');
    await page.locator('#venues-add').click({ timeout: 20_000 });
    await page.locator('#venue-form-name input').fill('青山村文化礼堂');
    await page.locator(`#venue-form-area-${town!.id}`).click();
    await page.locator(`#venue-form-area-${village!.id}`).click();
    await page.locator('#venue-form-address input').fill('青山村村口1号');
    await page.locator('#venue-form-latitude input').fill('29.701');
    await page.locator('#venue-form-longitude input').fill('121.388');
    await page.locator('#venue-form-capacity input').fill('120');
    await page.locator('#venue-form-room-add').click();
    await page.locator('#venue-form-room-name-0 input').fill('书画室');
    await page.locator('#venue-form-room-capacity-0 input').fill('30');
    await page.locator('#venue-form-hours-1 input').fill('08:30-17:00');
    await page.locator('#venue-form-save').click();
    const row = page.locator('#venues-table').locator('.data-table__row', { hasText: '青山村文化礼堂' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByText('周一 08:30-17:00').waitFor();
    await row.getByText('书画室 30人').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('43-admin-venues'), fullPage: true });
    const venues = await getJson<NumberedPage<VenueAdminItem>>(portal.server.url, `/api/admin/venues?areaId=${village!.id}`, token);
    expect(venues.items.map((v) => [v.name, v.latitude, v.longitude, v.capacity, v.rooms.length, v.openingHours])).toEqual([
      ['青山村文化礼堂', 29.701, 121.388, 120, 1, [{ weekday: 1, opens: '08:30', closes: '17:00' }]],
    ]);
    expect(problems).toEqual([]);
  }, 180_000);
});
