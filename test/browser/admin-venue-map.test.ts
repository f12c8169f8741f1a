import { NumberedPage, VenueAdminItem } from '@lp/shared';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { apiToken, getJson, screenshotPath, settled, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

/*
 * The venue form's map: where tiles load, a click on the map fills the coordinates, which are saved
 * as typed ones are; where they do not (a closed network), the form says so in Chinese and the
 * typed coordinates stay the way in. The map's tiles are served here by the test itself: this
 * machine reaches no map server.
 */
const portal = useDemoPortal('lp_e2e_browser_venue_map');
const TILE = readFileSync(resolve(__dirname, '..', '..', 'miniapp', 'src', 'assets', 'tab', 'home.png'));

async function openVenueForm(tiles: 'served' | 'unreachable') {
  const context = await portal.browser.newContext({ viewport: { width: 1366, height: 900 } });
  let tileRequests = 0;
  await context.route('**/appmaptile**', (route) => {
    tileRequests += 1;
    return tiles === 'served' ? route.fulfill({ status: 200, contentType: 'image/png', body: TILE }) : route.abort('connectionrefused');
  });
  const page = await context.newPage();
  const problems = watchErrors(page);
  await signInOnPage(page, portal.server.url, 'admin_district');
  await page.locator('#home-admin').click();
  await page.locator('#admin-venues').click({ timeout: 20_000 });
  await page.locator('#venues-add').click({ timeout: 20_000 });
  await page.locator('#venue-form-name').waitFor({ timeout: 20_000 });
  return { context, page, problems, tileRequests: () => tileRequests };
}

/** Waits for the map to reach a state; a timeout says which state it was in, and how many maps the page held. */
async function mapState(page: Page, state: 'shown' | 'unreachable') {
  const map = page.locator(`#venue-form-map[data-state="${state}"]`);
  try {
    await map.waitFor({ timeout: 20_000 });
  } catch (err) {
    const all = page.locator('#venue-form-map');
    const seen = await all.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-state')}${(n as HTMLElement).offsetParent ? '' : ' (hidden)'}`));
    throw new Error(`the map never became "${state}": maps on the page ${JSON.stringify(seen)}; ${(err as Error).message}`);
  }
  return map;
}

it('a click on the map fills the coordinates, and the venue is saved where it was clicked', async () => {
  const { context, page, problems, tileRequests } = await openVenueForm('served');
  await mapState(page, 'shown');
  const mapBox = page.locator('#venue-form-map .leaflet-container');
  await mapBox.scrollIntoViewIfNeeded();
  const box = (await mapBox.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30);
  const latitude = Number(await page.locator('#venue-form-latitude input').inputValue());
  const longitude = Number(await page.locator('#venue-form-longitude input').inputValue());
  process.stdout.write(`venue map: ${tileRequests()} tiles drawn; a click 40 px east and 30 px north of the centre (35, 105) gave ${latitude}, ${longitude}\n`);
  // zoom 4: a pixel is about 0.09° of longitude, so the click lands some 3.5° east and 2.5° north
  expect(longitude).toBeGreaterThan(106);
  expect(longitude).toBeLessThan(110);
  expect(latitude).toBeGreaterThan(35.5);
  expect(latitude).toBeLessThan(39);
  await page.locator('.map-picker__pin').waitFor({ timeout: 10_000 });

  await page.locator('#venue-form-name input').fill('地图上选的场地');
  await page.locator('[id^="venue-form-area-"]', { hasText: '湖滨街道' }).first().click();
  await page.locator('#venue-form-address input').fill('湖滨路1号');
  await page.locator('#venue-form-capacity input').fill('50');
  await settled(page);
  await page.screenshot({ path: screenshotPath('44-admin-venue-map'), fullPage: true });
  await page.locator('#venue-form-save').click();
  await page.locator('#venues-table').getByText('地图上选的场地').waitFor({ timeout: 20_000 });
  const token = await apiToken(portal.server.url, 'admin_district');
  const saved = await getJson<NumberedPage<VenueAdminItem>>(portal.server.url, `/api/admin/venues?q=${encodeURIComponent('地图上选的场地')}`, token);
  expect(saved.items.map((v) => [v.latitude, v.longitude])).toEqual([[latitude, longitude]]);
  expect(problems).toEqual([]);
  await context.close();
}, 120_000);

it('where the map cannot load, the form says so and typed coordinates are the way', async () => {
  const { context, page, problems } = await openVenueForm('unreachable');
  const note = await mapState(page, 'unreachable');
  expect(await note.innerText()).toContain('地图现在打不开，请直接填写纬度和经度');
  await page.locator('#venue-form-latitude input').fill('29.8701');
  expect(await page.locator('#venue-form-latitude input').inputValue()).toBe('29.8701');
  expect(problems).toEqual([]);
  await context.close();
}, 120_000);
