import { TokenPair } from '@lp/shared';
import { BrowserContext, Page } from 'playwright-core';
import { appPages } from '../support/app-pages';
import { screenshotPath, settled, useDemoPortal } from '../support/browser';

/*
 * The H5 app as a web site: every page, opened from a shared link, says what it is (the bar's
 * title and the browser tab's) and has a way out (home from a link, back after a tap).
 */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001';

const portal = useDemoPortal('lp_e2e_browser_navigation');

async function signedIn(tokens: TokenPair): Promise<BrowserContext> {
  const context = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await context.addInitScript((stored: string) => {
    if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
  }, JSON.stringify({ data: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user } }));
  return context;
}

/** The route the router shows now, without its query. */
const routeOf = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash.replace(/^#\/?/, '').split('?')[0]));

/** The visible bar's title, and the size of whichever button it shows. */
async function bar(page: Page): Promise<{ title: string; button: 'back' | 'home' | 'none'; width: number; height: number; label: string | null }> {
  return page.evaluate(() => {
    const nav = document.querySelector('.taro-navigation-bar-show');
    const title = nav?.querySelector('.taro-navigation-bar-title')?.textContent ?? '';
    for (const kind of ['back', 'home'] as const) {
      const button = nav?.querySelector<HTMLElement>(`.taro-navigation-bar-${kind}`);
      const box = button?.getBoundingClientRect();
      if (button && box && box.width > 0 && getComputedStyle(button).display !== 'none') {
        return { title, button: kind, width: box.width, height: box.height, label: button.getAttribute('aria-label') };
      }
    }
    return { title, button: 'none' as const, width: 0, height: 0, label: null };
  });
}

describe('the H5 app as a web site', () => {
  it('gives every page opened from a link its title and a home button, and a back button after a tap', async () => {
    const pages = appPages();
    const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID })).body;
    const sessions: Record<string, TokenPair> = {
      learn: resident,
      teacher: await portal.passwordLogin('teacher_demo'),
      admin: await portal.passwordLogin('admin_district'),
    };
    const rows: string[] = [];
    const failures: string[] = [];
    for (const { route, area } of pages) {
      const context = await signedIn(sessions[area]);
      const page = await context.newPage();
      await page.goto(`${portal.server.url}/#/${route}`);
      await page.locator('.taro-navigation-bar-show .taro-navigation-bar-title').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => !!document.title);
      const shown = await routeOf(page);
      const expected = pages.find((p) => p.route === shown) ?? { route: shown, title: '?', tab: false };
      const seen = await bar(page);
      const docTitle = await page.title();
      rows.push(`  ${route}${shown === route ? '' : ` → ${shown}`}: 「${seen.title}」 ${seen.button} ${Math.round(seen.width)}×${Math.round(seen.height)}`);
      if (seen.title !== expected.title || docTitle !== expected.title) failures.push(`${route}: title 「${seen.title}」/「${docTitle}」, expected 「${expected.title}」`);
      if (!expected.tab && seen.button === 'none') failures.push(`${route}: no way back`);
      if (seen.button !== 'none' && (seen.width < 44 || seen.height < 44 || !seen.label)) failures.push(`${route}: ${seen.button} button ${seen.width}×${seen.height}, label ${seen.label}`);
      if (route === 'subpackages/learn/pages/detail/index') await page.screenshot({ path: screenshotPath('70-h5-bar-from-link') });
      await context.close();
    }
    process.stdout.write(`H5 navigation bar on ${pages.length} pages opened from a link:\n${rows.join('\n')}\n`);
    expect(failures).toEqual([]);

    // after a tap: back, and back again lands where the resident was
    const context = await signedIn(resident);
    const page = await context.newPage();
    await page.goto(`${portal.server.url}/`);
    await page.locator('#home-find').click({ timeout: 20_000 });
    await page.locator('.taro-navigation-bar-show .taro-navigation-bar-title').getByText('找课程和活动').waitFor({ timeout: 20_000 });
    const list = await bar(page);
    expect(list.button).toBe('back');
    await settled(page);
    await page.screenshot({ path: screenshotPath('71-h5-bar-back') });
    await page.locator('.taro-navigation-bar-show .taro-navigation-bar-back').click();
    await page.locator('#home-greeting').waitFor({ timeout: 20_000 });
    expect(await routeOf(page)).toMatch(/^(pages\/index\/index)?$/);
    await context.close();
  }, 300_000);
});
