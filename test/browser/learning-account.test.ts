import { CertificationView, LearningAccountView, TokenPair, formatCredits } from '@lp/shared';
import { randomInt } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { BrowserContext, Page } from 'playwright-core';
import { screenshotPath, settled, useDemoPortal } from '../support/browser';

const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英 of the demo data, a year of learning records
const ACHIEVEMENT = 'skill_level_junior'; // 职业技能等级证书（初级）: 2 学分 in the default rules

const portal = useDemoPortal('lp_e2e_browser_account');
const call = <T>(method: string, path: string, token?: string, body?: unknown) => portal.call<T>(method, path, token, body);

/** A browser signed in as `login`'s user, the way the app keeps its session. */
async function signedIn(login: TokenPair, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await portal.browser.newContext({ viewport, deviceScaleFactor: viewport.width < 500 ? 2 : 1 });
  await context.addInitScript((stored: string) => {
    if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
  }, JSON.stringify({ data: { accessToken: login.accessToken, refreshToken: login.refreshToken, user: login.user } }));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real PNG (a framed pale card with a blue band), so the reviewer's page has a picture to show. */
function certificatePng(width = 320, height = 200): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const frame = x < 8 || y < 8 || x >= width - 8 || y >= height - 8;
      const band = y > 40 && y < 70;
      const [r, g, b] = frame ? [176, 32, 32] : band ? [21, 89, 183] : [253, 248, 232];
      row.writeUInt8(r, 1 + x * 3);
      row.writeUInt8(g, 2 + x * 3);
      row.writeUInt8(b, 3 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** 学时 as the app writes them: at most one decimal. */
const hoursText = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} 学时`;

describe('学习账户 and 学分认定 in the H5 app', () => {
  it('a resident sees the hours and credits the ledger holds, submits a certificate with a photo, an admin approves it and the balance goes up', async () => {
    const login = await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;
    const before = await call<LearningAccountView>('GET', '/api/me/learning-account', token);
    expect(before.status).toBe(200);
    expect(before.body.recent.length).toBeGreaterThan(0);

    // 1. the account page shows exactly what the API holds
    const resident = await signedIn(login.body, { width: 390, height: 844 });
    const page = resident.page;
    await page.goto(`${portal.server.url}/#/pages/account/index`);
    const balance = page.locator('#account-balance');
    await balance.waitFor({ timeout: 20_000 });
    expect(await balance.getAttribute('data-milli')).toBe(String(before.body.balanceMilli));
    expect(await balance.innerText()).toContain(`${formatCredits(before.body.balanceMilli)} 学分`);
    expect(await page.locator('#account-year-minutes').innerText()).toBe(hoursText(before.body.thisYear.minutes));
    expect(await page.locator('#account-year-credits').innerText()).toBe(`${formatCredits(before.body.thisYear.creditsMilli)} 学分`);
    expect(await page.locator('#account-all-minutes').innerText()).toBe(hoursText(before.body.allTime.minutes));
    expect(await page.locator('#account-all-credits').innerText()).toBe(`${formatCredits(before.body.allTime.creditsMilli)} 学分`);
    const newest = before.body.recent[0];
    expect(await page.locator(`#account-record-${newest.id}`).innerText()).toContain(newest.title);
    expect(await page.locator('#account-records .record-row').count()).toBe(before.body.recent.length);
    for (const row of before.body.thisYear.byCategory.filter((c) => c.minutes > 0)) {
      expect(await page.locator(`#account-category-${row.category}`).innerText()).toContain(hoursText(row.minutes));
    }
    await settled(page);
    await page.screenshot({ path: screenshotPath('70-account'), fullPage: true });

    // 2. a certificate with a photo of it
    await page.locator('#account-certify').click();
    await page.locator(`#certify-achievement-${ACHIEVEMENT}`).click({ timeout: 20_000 });
    const certificateNo = `E2E${Date.now()}${randomInt(1000)}`;
    await page.locator('#certify-number input').fill(certificateNo);
    await page.locator('#certify-issuer input').fill('明湖区职业技能鉴定中心');
    await page.locator('#certify-date').fill('2025-06-30');
    await page.locator('#certify-file').setInputFiles({ name: '证书.png', mimeType: 'image/png', buffer: certificatePng() });
    await page.locator('#certify-evidence[data-step="done"]').waitFor({ timeout: 20_000 });
    await page.locator('#certify-preview[data-type="image/png"]').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('71-certify-form'), fullPage: true });
    await page.locator('#certify-submit').click();
    const result = page.locator('#certify-result');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getAttribute('data-status')).toBe('pending');
    const mine = await call<CertificationView[]>('GET', '/api/me/certifications', token);
    const submitted = mine.body.find((c) => c.certificateNo === certificateNo)!;
    expect(submitted).toMatchObject({ status: 'pending', issuer: '明湖区职业技能鉴定中心', issuedOn: '2025-06-30' });
    await page.locator(`#certify-mine-${submitted.id}`).waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('72-certify-submitted'), fullPage: true });

    // 3. the street's administrator sees the photo and approves
    const adminLogin = await call<TokenPair>('POST', '/api/auth/password/login', undefined, { username: 'admin_street', password: 'demo12345' });
    expect(adminLogin.status).toBe(200);
    const admin = await signedIn(adminLogin.body, { width: 1280, height: 900 });
    await admin.page.goto(`${portal.server.url}/#/subpackages/admin/pages/home/index`);
    await admin.page.locator('#admin-certifications-waiting').waitFor({ timeout: 20_000 });
    await admin.page.locator('#admin-certifications').click();
    await admin.page.locator(`#certification-item-${submitted.id}`).click({ timeout: 20_000 });
    const photo = admin.page.locator('#certification-evidence-image img');
    await photo.waitFor({ timeout: 20_000 });
    await admin.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#certification-evidence-image img');
      return !!img && img.complete && img.naturalWidth === 320;
    }, undefined, { timeout: 10_000 });
    expect(await admin.page.locator('#certification-facts').innerText()).toContain(certificateNo);
    await settled(admin.page);
    await admin.page.screenshot({ path: screenshotPath('73-admin-certification'), fullPage: true });
    await admin.page.locator('#certification-approve').click();
    await admin.page.locator('#certifications-status:visible').waitFor({ timeout: 20_000 });
    await admin.page.locator(`#certification-item-${submitted.id}`).waitFor({ state: 'detached', timeout: 20_000 });

    // 4. back in 学习账户 the balance has gone up by what the certificate is worth, as the ledger says
    const after = await call<LearningAccountView>('GET', '/api/me/learning-account', token);
    expect(after.body.balanceMilli).toBe(before.body.balanceMilli + 2_000);
    await page.goto(`${portal.server.url}/#/pages/account/index`);
    await page.reload();
    await page.locator(`#account-balance[data-milli="${after.body.balanceMilli}"]`).waitFor({ timeout: 20_000 });
    expect(await page.locator('#account-balance').innerText()).toContain(`${formatCredits(after.body.balanceMilli)} 学分`);
    const approved = page.locator(`#account-certification-${submitted.id}`);
    expect(await approved.getAttribute('data-status')).toBe('approved');
    expect(await approved.innerText()).toContain('已认定');
    await settled(page);
    await page.screenshot({ path: screenshotPath('74-account-after-approval'), fullPage: true });

    // 长辈模式: the same page in large type
    await page.evaluate(() => localStorage.setItem('lp.elderMode', JSON.stringify({ data: true })));
    await page.reload();
    await page.locator('.page-shell.elder #account-balance').waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('75-account-elder'), fullPage: true });

    expect(resident.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await resident.context.close();
    await admin.context.close();
  }, 180_000);
});
