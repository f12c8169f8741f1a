import { AreaNode, PopulationRow } from '@lp/shared';
import { Browser } from 'playwright-core';
import { launchChromium, screenshotPath, settled } from '../support/browser';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess(await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_browser_admin'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a street administrator on a desktop browser', () => {
  it('logs in with a password, reads the population of the street’s communities and drills into one', async () => {
    const tree = (await (await fetch(`${server.url}/api/areas/tree`)).json()) as AreaNode;
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const community = street.children.find((c) => c.name === '锦湖社区')!;

    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url + '/');
    await page.locator('#login-username input').fill('admin_street', { timeout: 20_000 });
    await page.locator('#login-password input').fill('wrong-password');
    await page.locator('#login-submit').click();
    await page.locator('#login-error').getByText('账号或密码不对').waitFor();
    await page.locator('#login-password input').fill('demo12345');
    await page.locator('#login-submit').click();

    await page.locator('#home-admin').click({ timeout: 20_000 });
    await page.locator('#admin-population').click();
    const row = page.locator(`#population-row-${community.id}:visible`);
    await row.waitFor({ timeout: 20_000 });
    await page.locator('#population-own:visible').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('10-admin-population-street'), fullPage: true });

    await row.click();
    await page.locator('#population-area:visible').getByText('锦湖社区').waitFor({ timeout: 10_000 });
    // the figure on the page is the one the API holds for that community
    const login = await fetch(`${server.url}/api/auth/password/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin_street', password: 'demo12345' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const figures = (await (
      await fetch(`${server.url}/api/areas/${community.id}/population?year=${year}`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as PopulationRow;
    await page.locator('#population-own:visible').getByText(figures.residentTotal.toLocaleString('en-US')).first().waitFor({ timeout: 10_000 });
    expect(figures.organisations).toBeGreaterThan(0);
    await page.locator('#population-own:visible').getByText(`${figures.learningOrganisations} 个`).first().waitFor();
    await page.locator('#population-own:visible').getByText('学习型组织', { exact: true }).waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('11-admin-population-community'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
