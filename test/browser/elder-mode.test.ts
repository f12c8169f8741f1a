import { CurrentUser, OfferingKind, OfferingSummary, Page as ListPage, TokenPair } from '@lp/shared';
import { BrowserContext, Page, Response } from 'playwright-core';
import { auditPage, describeFindings, exclusionsNote } from '../support/a11y';
import { PHONE, screenshotPath, settled, useDemoPortal, watchErrors } from '../support/browser';

/*
 * 长辈模式 by the numbers (工信部《移动互联网应用（APP）适老化通用设计规范》, WeChat's 关怀模式), at a
 * 390-px phone: on by default for a 68-year-old, kept with the account on the server, off for a
 * 40-year-old, and WeChat's own font size (its H5 stand-in) makes type larger.
 */
const OLD = '00000000-0000-4000-8000-000000000001'; // 王秀英, 68
const YOUNG = '00000000-0000-4000-8000-000000000002'; // 李建国, 41
const FONT_SIZE_KEY = 'lp.h5.fontSizeSetting';

const MIN_TEXT = 18;
const MIN_HEADING = 24;
const MIN_TARGET = 60;
const MIN_CONTRAST = 4.5;

const portal = useDemoPortal('lp_e2e_browser_elder');

/** A phone with nothing on it (no session, no remembered mode), plus what `storage` puts there. */
async function freshPhone(storage: Record<string, string> = {}): Promise<BrowserContext> {
  const context = await portal.browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
  await context.addInitScript((items: Record<string, string>) => {
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, storage);
  return context;
}

/** Logs in through the login page's demo list, as a resident trying the demo does, and waits for 首页. */
async function logIn(context: BrowserContext, userId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${portal.server.url}/#/pages/login/index`);
  await page.locator(`#login-demo-${userId}`).click({ timeout: 20_000 });
  await page.locator('#home-greeting').waitFor({ timeout: 20_000 });
  await settled(page);
  return page;
}

/** The app's request that records the choice with the account. */
const choiceSaved = (res: Response) => res.url().endsWith('/api/me/elder-mode') && res.request().method() === 'PUT';

const elderShown = (page: Page) => page.evaluate(() => !!document.querySelector('.page-shell.elder') && document.documentElement.classList.contains('lp-elder'));

interface Measured {
  texts: number;
  smallText: string[];
  headings: number;
  smallHeadings: string[];
  targets: number;
  smallTargets: string[];
  lowContrast: string[];
}

/**
 * Everything visible on the page, measured as the browser draws it: the font size of every element
 * with text of its own, of every heading, the box of every element one taps, and the contrast of
 * every text against the background behind it (solid colours, or each stop of a gradient).
 */
function measure(page: Page, limits: { text: number; heading: number; target: number; contrast: number }): Promise<Measured> {
  return page.evaluate((limits) => {
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) return false;
      for (let at: Element | null = el; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
      }
      return true;
    };
    const label = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 2).join('.')} 「${(el.textContent ?? '').trim().slice(0, 16)}」`;
    const disabled = (el: Element) => !!el.closest('[disabled], [aria-disabled="true"], .nut-button-disabled');

    const parse = (c: string): [number, number, number, number] | null => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    /** The colours behind an element: the first solid background or gradient up the tree, over white. */
    const backgrounds = (el: Element): number[][] => {
      for (let at: Element | null = el; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.backgroundImage.includes('gradient')) {
          const stops = [...style.backgroundImage.matchAll(/rgba?\([^)]*\)/g)].map((m) => parse(m[0])).filter((c): c is [number, number, number, number] => !!c && c[3] > 0);
          if (stops.length) return stops.map((c) => c.slice(0, 3));
        }
        const colour = parse(style.backgroundColor);
        if (colour && colour[3] >= 0.99) return [colour.slice(0, 3)];
      }
      return [[255, 255, 255]];
    };

    const out = { texts: 0, smallText: [] as string[], headings: 0, smallHeadings: [] as string[], targets: 0, smallTargets: [] as string[], lowContrast: [] as string[] };
    for (const el of document.querySelectorAll('body *')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
      if (!ownText || !visible(el) || el.closest('[aria-hidden="true"], script, style')) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      out.texts += 1;
      if (size < limits.text - 0.01) out.smallText.push(`${label(el)} ${size.toFixed(1)}px`);
      if (disabled(el)) continue;
      const fg = parse(style.color);
      if (!fg) continue;
      const worst = Math.min(...backgrounds(el).map((bg) => ratio(fg.slice(0, 3), bg)));
      if (worst < limits.contrast) out.lowContrast.push(`${label(el)} ${style.color} ${worst.toFixed(2)}:1`);
    }
    for (const el of document.querySelectorAll('[role="heading"], .card__title, .taro-navigation-bar-show .taro-navigation-bar-title')) {
      if (!visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      out.headings += 1;
      if (size < limits.heading - 0.01) out.smallHeadings.push(`${label(el)} ${size.toFixed(1)}px`);
    }
    const tappable = [
      '[role="button"]', '[role="switch"]', '[role="checkbox"]', '[role="radio"]', '[role="link"]', '[role="tab"]',
      'a[href]', 'button', 'input:not([type="hidden"])', 'textarea', 'select', '.nut-button', '.weui-tabbar__item',
    ].join(', ');
    for (const el of document.querySelectorAll(tappable)) {
      if (!visible(el)) continue;
      const box = el.getBoundingClientRect();
      out.targets += 1;
      if (box.width < limits.target - 0.01 || box.height < limits.target - 0.01) out.smallTargets.push(`${label(el)} ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
    }
    return out;
  }, limits);
}

const ELDER_LIMITS = { text: MIN_TEXT, heading: MIN_HEADING, target: MIN_TARGET, contrast: MIN_CONTRAST };

describe('长辈模式 at a phone viewport', () => {
  it('is on for a 68-year-old after login, and every page they use meets the sizes and contrast; turning it off follows the account to another phone', async () => {
    const phone = await freshPhone();
    const page = await logIn(phone, OLD);
    const problems = watchErrors(page);
    expect(await elderShown(page)).toBe(true);

    const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: OLD })).body;
    const offerings = await portal.call<ListPage<OfferingSummary>>('GET', '/api/offerings?limit=20', resident.accessToken);
    const offering = offerings.body.items.find((o) => o.kind !== OfferingKind.MicroCourse)!;
    // each page with what shows once it has loaded
    const tour: [string, string, string][] = [
      ['首页', 'pages/index/index', '#home-greeting'],
      ['找课程', 'subpackages/learn/pages/list/index', '[id^="offering-card-"]'],
      ['课程详情', `subpackages/learn/pages/detail/index?id=${offering.id}`, '#detail-title'],
      ['签到', 'subpackages/learn/pages/checkin/index', '#checkin-by-code'],
      ['我的', 'pages/mine/index', '#mine-profile'],
      ['学习账户', 'pages/account/index', '#account-holder'],
    ];
    process.stdout.write(`${exclusionsNote()}\n`);
    const failures: string[] = [];
    for (const [name, route, loaded] of tour) {
      await page.goto(`${portal.server.url}/#/${route}`);
      await page.locator(`.taro_page_show ${loaded}`).first().waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => !document.querySelector('.page-shell .loading-notice') && !!document.querySelector('.page-shell.elder'), undefined, { timeout: 20_000 });
      await settled(page);
      const m = await measure(page, ELDER_LIMITS);
      const contrastByAxe = (await auditPage(page, name)).filter((f) => f.rule === 'color-contrast');
      process.stdout.write(
        `${name}: ${m.texts} texts (${m.smallText.length} under ${MIN_TEXT}px), ${m.headings} headings (${m.smallHeadings.length} under ${MIN_HEADING}px), ` +
          `${m.targets} touch targets (${m.smallTargets.length} under ${MIN_TARGET}×${MIN_TARGET}), ${m.lowContrast.length} texts under ${MIN_CONTRAST}:1, axe color-contrast: ${contrastByAxe.length}\n`,
      );
      for (const [what, list] of [['text', m.smallText], ['heading', m.smallHeadings], ['target', m.smallTargets], ['contrast', m.lowContrast]] as const) {
        for (const item of list) failures.push(`${name} ${what}: ${item}`);
      }
      if (contrastByAxe.length) failures.push(`${name} axe:\n${describeFindings(contrastByAxe)}`);
      expect(m.texts).toBeGreaterThan(3);
      expect(m.targets).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath(`80-elder-${route.split('/').slice(-2, -1)[0]}`), fullPage: true });
    }
    expect(failures).toEqual([]);

    // the check-in code box: tall, with a border one can see
    await page.goto(`${portal.server.url}/#/subpackages/learn/pages/checkin/index`);
    await page.locator('.taro_page_show #checkin-by-code').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => !document.querySelector('.taro_page_show .loading-notice'));
    // the box drawn around the code's <input id="checkin-code">
    const codeBox = page.locator('.taro_page_show .checkin-page__code');
    if (await codeBox.count()) {
      const box = await codeBox.evaluate((el) => ({ height: el.getBoundingClientRect().height, border: getComputedStyle(el).borderTopWidth, colour: getComputedStyle(el).borderTopColor }));
      process.stdout.write(`check-in code box: ${box.height.toFixed(1)} px high, border ${box.border} ${box.colour}\n`);
      expect(box.height).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(parseFloat(box.border)).toBeGreaterThanOrEqual(1);
    } else {
      process.stdout.write('check-in code box: not shown (no session today for this resident)\n');
    }

    // the switch on 首页 turns it off; the server keeps the choice
    await page.goto(`${portal.server.url}/#/pages/index/index`);
    const toggle = page.locator('#home-elder-switch');
    await toggle.scrollIntoViewIfNeeded({ timeout: 20_000 });
    const switchBox = (await toggle.boundingBox())!;
    expect(switchBox.width).toBeGreaterThanOrEqual(MIN_TARGET);
    expect(switchBox.height).toBeGreaterThanOrEqual(MIN_TARGET);
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    const [saved] = await Promise.all([page.waitForResponse(choiceSaved), toggle.click()]);
    expect(saved.status()).toBe(200);
    await page.waitForFunction(() => !document.querySelector('.page-shell.elder'));
    expect((await portal.call<CurrentUser>('GET', '/api/me', resident.accessToken)).body.elderMode).toBe(false);
    expect(problems).toEqual([]);
    await phone.close();

    // another phone, the same account: off
    const other = await freshPhone();
    const again = await logIn(other, OLD);
    expect(await elderShown(again)).toBe(false);
    expect(await again.locator('#home-elder-switch').getAttribute('aria-checked')).toBe('false');
    // and on again from 我的
    await again.goto(`${portal.server.url}/#/pages/mine/index`);
    await again.locator('#mine-elder-switch').waitFor({ timeout: 20_000 });
    await Promise.all([again.waitForResponse(choiceSaved), again.locator('#mine-elder-switch').click()]);
    await again.waitForFunction(() => !!document.querySelector('.page-shell.elder'));
    expect((await portal.call<CurrentUser>('GET', '/api/me', resident.accessToken)).body.elderMode).toBe(true);
    await other.close();
  }, 300_000);

  it('is off for a 41-year-old, and WeChat\'s larger font setting (its H5 stand-in) makes the text larger', async () => {
    const sizes = async (storage: Record<string, string>) => {
      const phone = await freshPhone(storage);
      const page = await logIn(phone, YOUNG);
      const elder = await elderShown(page);
      const measured = await page.evaluate(() => ({
        body: parseFloat(getComputedStyle(document.querySelector('.page-shell')!).fontSize),
        greeting: parseFloat(getComputedStyle(document.querySelector('#home-greeting')!).fontSize),
        section: parseFloat(getComputedStyle(document.querySelector('.section__title')!).fontSize),
      }));
      await phone.close();
      return { elder, ...measured };
    };
    const standard = await sizes({});
    const larger = await sizes({ [FONT_SIZE_KEY]: '24' });
    process.stdout.write(`41-year-old: elder mode ${standard.elder}; body ${standard.body}px, section title ${standard.section}px; with fontSizeSetting 24: body ${larger.body}px, section title ${larger.section}px\n`);
    expect(standard.elder).toBe(false);
    expect(larger.elder).toBe(false);
    // 24 / 17 of WeChat's standard size
    expect(larger.body / standard.body).toBeCloseTo(24 / 17, 1);
    expect(larger.section / standard.section).toBeCloseTo(24 / 17, 1);
  }, 120_000);
});
