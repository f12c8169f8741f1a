import { CurrentUser, ResidentProfile, TokenPair } from '@lp/shared';
import { screenshotPath, settled, signedInContext, useDemoPortal, watchErrors } from '../support/browser';

/** The demo resident 王秀英 (柳岸社区). */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001';

const portal = useDemoPortal('lp_e2e_browser_closure');

describe('注销账户 in the H5 app', () => {
  it('王秀英 reads the warning, ticks that she understood, confirms once more, and is signed out with her account closed', async () => {
    const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID })).body;
    const name = (await portal.call<ResidentProfile>('GET', '/api/me/profile', resident.accessToken)).body.realName;
    const context = await signedInContext(portal.browser, resident);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(`${portal.server.url}/#/pages/mine/index`);
    await page.locator('#mine-close-account').click();

    // the warning, in large plain words; the button waits for the tick
    const warning = page.locator('#close-account-warning');
    await warning.getByText('永久删除', { exact: false }).first().waitFor({ timeout: 20_000 });
    for (const words of ['无法恢复', '已撤销', '退出登录', '全新的账户']) expect(await page.locator('.close-account').first().textContent()).toContain(words);
    const size = await warning.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    const submit = page.locator('#close-account-submit');
    expect(await submit.evaluate((el) => el.hasAttribute('disabled') || el.className.includes('disabled'))).toBe(true);
    await settled(page);
    await page.screenshot({ path: screenshotPath('70-close-account'), fullPage: true });

    // a second thought: 再想想 keeps the account
    await page.locator('#close-account-understood').click();
    await submit.click();
    await page.locator('.taro__modal').getByText('再想想', { exact: true }).click({ timeout: 10_000 });
    expect((await portal.call<CurrentUser>('GET', '/api/me', resident.accessToken)).status).toBe(200);

    // 确定注销: signed out here, told so, and the old login opens nothing anywhere
    await submit.click();
    await page.locator('.taro__modal').getByText('确定注销', { exact: true }).click({ timeout: 10_000 });
    await page.locator('#login-closed').waitFor({ timeout: 20_000 });
    expect(await page.locator('#login-closed').textContent()).toContain('已注销');
    await settled(page);
    await page.screenshot({ path: screenshotPath('71-account-closed'), fullPage: true });
    expect((await portal.call('GET', '/api/me', resident.accessToken)).status).toBe(401);
    expect((await portal.call('POST', '/api/auth/refresh', undefined, { refreshToken: resident.refreshToken })).status).toBe(401);
    await page.goto(`${portal.server.url}/#/pages/mine/index`);
    await page.locator('#mine-login').waitFor({ timeout: 20_000 });
    // (the login page's list of 体验账号 keeps its fixed labels; the account behind them is closed)
    expect(await page.locator('.mine-page').first().textContent()).not.toContain(name);
    expect(problems).toEqual([]);
    await context.close();
  });
});
