import { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { launchChromium, screenshotPath, settled } from '../support/browser';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

let server: ServerProcess;
let browser: Browser;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_browser_partners');
  server = await startServerProcess(databaseUrl);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(server.url + '/');
  await page.locator('#login-username input').fill(username, { timeout: 20_000 });
  await page.locator('#login-password input').fill('demo12345');
  await page.locator('#login-submit').click();
  await page.locator('#home-admin').click({ timeout: 20_000 });
}

/** Taro's H5 modal (showModal) is part of the page: its confirm button is pressed like any other. */
async function confirmModal(page: Page, confirmText: string): Promise<void> {
  await page.locator('.taro__modal').getByText(confirmText, { exact: true }).click({ timeout: 10_000 });
}

/** A demo learning record that granted credits, to void through the page. */
async function creditedRecord(): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = await db.query<{ id: string }>(
      `SELECT r.id FROM learning_record r JOIN ledger_transfer g ON g.learning_record_id = r.id AND g.kind = 'grant'
       WHERE r.voids_id IS NULL AND NOT EXISTS (SELECT 1 FROM learning_record v WHERE v.voids_id = r.id) ORDER BY r.id LIMIT 1`,
    );
    return rows.rows[0].id;
  } finally {
    await db.end();
  }
}

describe('a district administrator manages partners and voids a record through the pages', () => {
  it('creates a partner and a key shown once, revokes the key with a reason, and voids a learning record', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await logIn(page, 'admin_district');

    await page.locator('#admin-partners').click({ timeout: 20_000 });
    const name = `明湖开放大学测试${Date.now() % 100000}`;
    await page.locator('#partner-name input').fill(name, { timeout: 20_000 });
    await page.locator('#partner-create').click();
    await page.locator('#partners-list').getByText(name).waitFor({ timeout: 10_000 });
    // nothing is chosen in advance: with no permission ticked the key is refused, in Chinese
    await page.locator('#partner-key-create').click();
    await page.locator('.taro__modal').getByText('请至少选择一项权限').waitFor({ timeout: 10_000 });
    await page.locator('.taro__modal .taro-model__confirm').click();
    await page.locator('[id="partner-key-scopes-credits:read"]').click();
    await page.locator('#partner-key-create').click();
    await page.locator('#partner-new-key').getByText('只显示这一次，请马上复制保存').waitFor({ timeout: 10_000 });
    const key = (await page.locator('#partner-new-key-value').innerText()).trim();
    expect(key).toMatch(/^lpk_[a-z0-9]{12}_/);
    await settled(page);
    await page.screenshot({ path: screenshotPath('40-admin-partner-key-shown-once'), fullPage: true });

    // the key works against the partner API (refused for want of a consent, not for the key)
    const before = await fetch(`${server.url}/api/partner/v1/credits`, { headers: { 'x-api-key': key } });
    expect(before.status).toBe(403);
    await page.locator('#partner-new-key-done').click();
    await page.locator('#partner-new-key').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);

    await page.locator('[id^="partner-key-"][id$="-revoke"]').first().click();
    await page.locator('#partner-revoke-reason textarea').fill('测试结束，停用');
    await page.locator('#partner-revoke-reason-confirm').click();
    await confirmModal(page, '停用');
    await page.locator('[id^="partner-key-"][id$="-status"]').first().getByText('已停用').waitFor({ timeout: 10_000 });
    const after = await fetch(`${server.url}/api/partner/v1/credits`, { headers: { 'x-api-key': key } });
    expect(after.status).toBe(401);
    await settled(page);
    await page.screenshot({ path: screenshotPath('41-admin-partner-key-revoked'), fullPage: true });

    const recordId = await creditedRecord();
    await page.goBack();
    await page.locator('#admin-record-void').click({ timeout: 20_000 });
    await page.locator('#record-number input').fill(recordId, { timeout: 20_000 });
    await page.locator('#record-find').click();
    await page.locator('#record-facts').getByText('有效').waitFor({ timeout: 10_000 });
    await page.locator('#record-void-reason textarea').fill('重复录入');
    await page.locator('#record-void-reason-confirm').click();
    await confirmModal(page, '确定作废');
    await page.locator('#record-void-done').getByText('已作废，收回').waitFor({ timeout: 10_000 });
    await page.locator('#record-facts').getByText('已作废：重复录入').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('42-admin-record-voided'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
