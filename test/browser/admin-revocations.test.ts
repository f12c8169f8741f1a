import { ConversionView, LearningAccountView, TokenPair, TranscriptStatus, TranscriptSummary, formatCredits } from '@lp/shared';
import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { screenshotPath, settled, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英 of the demo data, a year of learning records
const RESIDENT_NAME = '王秀英';

const portal = useDemoPortal('lp_e2e_browser_revocations');
const call = <T>(method: string, path: string, token?: string, body?: unknown) => portal.call<T>(method, path, token, body);

/** Taro's H5 modal (showModal) is part of the page: its confirm button is pressed like any other. */
async function confirmModal(page: Page, confirmText: string): Promise<void> {
  await page.locator('.taro__modal').getByText(confirmText, { exact: true }).click({ timeout: 10_000 });
}

/** Finds 王秀英 in the page's resident chooser by her whole name and picks her. */
async function pickResident(page: Page): Promise<void> {
  await page.locator('#picker-search input').fill(RESIDENT_NAME, { timeout: 20_000 });
  await page.locator('#picker-search-go').click();
  await page.locator(`#picker-${RESIDENT_ID}-pick`).click({ timeout: 10_000 });
}

describe('revoking a transcript and reversing a conversion in the H5 app', () => {
  it('the admin finds the transcript by its link, revokes it and sees it verify as revoked; finds the conversion by the resident, reverses it and sees the balance restored', async () => {
    // what the resident did before: a transcript, and a conversion of 1 credit at a partner
    const resident = await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    expect(resident.status).toBe(200);
    const asResident = resident.body.accessToken;
    const transcript = await call<TranscriptSummary>('POST', '/api/me/transcripts', asResident);
    expect([200, 201]).toContain(transcript.status);
    const district = (await portal.passwordLogin('admin_district')).accessToken;
    const partner = await call<{ id: number }>('POST', '/api/partners', district, { name: `撤销测试开放大学${Date.now() % 100000}` });
    const offer = await call<{ id: number }>('POST', `/api/partners/${partner.body.id}/offers`, district, { title: '课程免修', description: '', creditsMilli: 1000, categories: [] });
    const held = (await call<LearningAccountView>('GET', '/api/me/learning-account', asResident)).body.balanceMilli;
    expect(held).toBeGreaterThanOrEqual(1000);
    const conversion = await call<ConversionView>('POST', '/api/me/conversions', asResident, { offerId: offer.body.id, requestKey: randomUUID() });
    expect(conversion.status).toBe(201);

    const page = await portal.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, portal.server.url, 'admin_district');
    await page.locator('#home-admin').click({ timeout: 20_000 });

    // 撤销成绩单: by the link on the transcript
    await page.locator('#admin-transcript-revoke').click({ timeout: 20_000 });
    await page.locator('#transcript-number input').fill(transcript.body.verifyUrl, { timeout: 20_000 });
    await page.locator('#transcript-find').click();
    await page.locator('#transcript-card').getByText('真实有效').waitFor({ timeout: 10_000 });
    // a reason is required before anything is asked
    await page.locator('#transcript-revoke-reason-confirm').click();
    await page.locator('#transcript-card').getByText('请写明原因').waitFor({ timeout: 10_000 });
    expect((await call<TranscriptStatus>('GET', `/api/transcripts/${transcript.body.id}/status`)).body.state).toBe('genuine');
    await page.locator('#transcript-revoke-reason textarea').fill('姓名登记有误，已重新出具');
    await page.locator('#transcript-revoke-reason-confirm').click();
    await confirmModal(page, '确定撤销');
    await page.locator('#transcript-verified').getByText('现在核验这份成绩单，结果是：已撤销').waitFor({ timeout: 10_000 });
    await page.locator('#transcript-card').getByText('姓名登记有误，已重新出具').waitFor();
    expect((await call<TranscriptStatus>('GET', `/api/transcripts/${transcript.body.id}/status`)).body).toMatchObject({ state: 'revoked', stateLabel: '已撤销' });
    // ... and through the resident, the table says the same
    await pickResident(page);
    await page.locator(`#transcript-${transcript.body.id}-state`).getByText('已撤销').waitFor({ timeout: 10_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('53-admin-transcript-revoked'), fullPage: true });

    // the verification page a stranger opens from the QR code says so too
    const verifyPage = await fetch(`${portal.server.url}/verify/${transcript.body.id}`);
    expect(await verifyPage.text()).toContain('已撤销');

    // 撤销学分转换: through the resident
    await page.goBack();
    await page.locator('#admin-conversion-reverse').click({ timeout: 20_000 });
    await pickResident(page);
    await page.locator('#conversion-balance').getByText(`现有学分：${formatCredits(held - 1000)} 学分`).waitFor({ timeout: 10_000 });
    await page.locator(`#conversion-${conversion.body.id}-state`).getByText('有效').waitFor();
    await page.locator(`#conversion-${conversion.body.id}-reverse`).click();
    await page.locator('#conversion-reverse-reason textarea').fill('开放大学未能办理');
    await page.locator('#conversion-reverse-reason-confirm').click();
    await confirmModal(page, '确定撤销');
    await page.locator('#conversion-done').getByText(`已撤销回执 ${conversion.body.receiptNo}`).waitFor({ timeout: 10_000 });
    await page.locator('#conversion-balance').getByText(`现有学分：${formatCredits(held)} 学分`).waitFor({ timeout: 10_000 });
    await page.locator(`#conversion-${conversion.body.id}-state`).getByText('已撤销').waitFor();
    await page.locator('#conversion-filter-standing').click();
    await page.locator(`#conversion-${conversion.body.id}`).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('#conversion-filter-reversed').click();
    await page.locator(`#conversion-${conversion.body.id}`).waitFor({ timeout: 10_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('54-admin-conversion-reversed'), fullPage: true });

    expect((await call<LearningAccountView>('GET', '/api/me/learning-account', asResident)).body.balanceMilli).toBe(held);
    expect(problems).toEqual([]);
  });
});
