import { AreaNode } from '@lp/shared';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath, settled } from '../support/browser';
import { idNumberFor, uniquePhone } from '../support/factories';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { TEST_SECRETS } from '../support/test-env';

let server: ServerProcess;
let browser: Browser;
let dbUrl: string;

beforeAll(async () => {
  dbUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_browser');
  // info level, so the check below sees every request line the server logs
  server = await startServerProcess(dbUrl, { LOG_LEVEL: 'info' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Taro renders <Input> as a custom element wrapping a real <input>. */
async function fill(page: Page, id: string, value: string): Promise<void> {
  const inner = page.locator(`#${id} input`);
  await ((await inner.count()) ? inner.first() : page.locator(`#${id}`)).fill(value);
}

describe('a new resident in the H5 app', () => {
  it('logs in with the demo account, binds a profile, and lands on the home page with their community', async () => {
    const tree = (await (await fetch(`${server.url}/api/areas/tree`)).json()) as AreaNode;
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const community = street.children.find((c) => c.name === '柳岸社区')!;
    const phone = uniquePhone();
    const idNumber = idNumberFor('1957-08-09');

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // Taro's H5 tab bar items are <a href="javascript:;">: the CSP blocks that no-op URL while
      // the click handler still switches the tab. Any other CSP report is a real problem.
      if (m.type() === 'error' && /Content Security Policy/.test(m.text()) && !/Running the JavaScript URL/.test(m.text())) {
        problems.push(m.text());
      }
    });
    await page.goto(server.url + '/');

    await page.locator('#login-demo-new-resident').click({ timeout: 20_000 });
    await page.locator('#bind-realName').waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('01-bind-empty'), fullPage: true });

    await fill(page, 'bind-realName', '赵桂兰');
    await fill(page, 'bind-phone', phone);
    await fill(page, 'bind-idNumber', idNumber);
    await page.locator(`#bind-street-${street.id}`).click();
    await page.locator(`#bind-community-${community.id}`).click();
    await page.locator('#bind-birthDate').getByText('1957').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('02-bind-filled'), fullPage: true });
    await page.locator('#bind-submit').click();

    const greeting = page.locator('#home-greeting');
    await greeting.waitFor({ timeout: 20_000 });
    await expectText(greeting, '赵桂兰');
    await expectText(greeting, '柳岸社区');
    // the bind page slides away and leaves the router: only the home page remains
    await page.waitForFunction(() => document.querySelectorAll('.taro_page').length === 1);
    await settled(page);
    await page.screenshot({ path: screenshotPath('03-home'), fullPage: true });

    // 长辈模式: on by itself once a resident born in 1957 has bound; switched off in 我的, the type on
    // the other tabs is smaller too
    await page.locator('.page-shell.elder').first().waitFor({ state: 'attached' });
    const greetingSize = () => greeting.evaluate((el) => parseFloat(getComputedStyle(el.querySelector('*') ?? el).fontSize));
    const before = await greetingSize();
    await page.locator('.taro-tabbar__tabbar .weui-tabbar__item').nth(2).click();
    await page.locator('#mine-elder-switch').click({ timeout: 10_000 });
    await page.waitForFunction(() => !document.querySelector('.page-shell.elder'));
    await settled(page);
    await page.screenshot({ path: screenshotPath('04-mine-elder-off'), fullPage: true });
    await page.locator('.taro-tabbar__tabbar .weui-tabbar__item').nth(0).click();
    await page.locator('#home-greeting').waitFor();
    await settled(page);
    expect(await greetingSize()).toBeLessThan(before);
    await page.screenshot({ path: screenshotPath('05-home-elder-off'), fullPage: true });

    // the database agrees: one profile under the phone's keyed hash, in the chosen community, nothing in plain text
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const phoneHash = createHmac('sha256', TEST_SECRETS.LOOKUP_HASH_KEY).update(phone).digest('hex');
      const rows = await db.query('SELECT real_name, community_id, birth_date::text AS birth, phone_enc FROM resident_profile WHERE phone_hash = $1', [phoneHash]);
      // name and phone sealed under the resident's own data key (closing the account destroys it)
      expect(rows.rows).toEqual([{ real_name: expect.stringMatching(/^r1\./), community_id: community.id, birth: '1957-08-09', phone_enc: expect.stringMatching(/^r1\./) }]);
      expect(JSON.stringify(rows.rows)).not.toContain('赵桂兰');
    } finally {
      await db.end();
    }

    // nothing the resident typed that is personal reached the server's log
    expect(server.output()).toContain('/api/me/profile');
    expect(server.output()).not.toContain(phone);
    expect(server.output()).not.toContain(idNumber);
    expect(problems).toEqual([]);
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}
