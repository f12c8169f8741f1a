import { AccessLogEntry, CheckInDisplay, GeofencePolicy, MyAccessLogEntry, Page as ListPage, ResidentListItem, TokenPair } from '@lp/shared';
import { screenshotPath, settled, signedInContext, useDemoPortal, watchErrors } from '../support/browser';
import { publishActivitySoon } from '../support/checkin';

/** The demo resident 王秀英 (柳岸社区). */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001';

const portal = useDemoPortal('lp_e2e_browser_rights');

describe('residents\' rights in the H5 app', () => {
  it('after an admin looks 王秀英 up, she reads it in 我的数据 and 谁看过我的信息, and the admin finds it in 个人信息查看记录', async () => {
    const admin = await portal.passwordLogin('admin_district');
    const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID })).body;
    const profile = await portal.call<{ realName: string }>('GET', '/api/me/profile', resident.accessToken);
    const found = await portal.call<ListPage<ResidentListItem>>('POST', '/api/admin/residents/search', admin.accessToken, { q: profile.body.realName });
    expect(found.status).toBe(200);
    expect(found.body.items.map((i) => i.userId)).toContain(RESIDENT_ID);
    const log = await portal.call<MyAccessLogEntry[]>('GET', '/api/me/access-log', resident.accessToken);
    expect(log.body.map((e) => e.kind)).toContain('resident-lookup');

    // 我的 → 我的数据: her own numbers in full, sections in large type, the look-up among them
    const context = await signedInContext(portal.browser, resident);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(`${portal.server.url}/#/pages/mine/index`);
    await page.locator('#mine-my-data').click();
    await page.locator('#my-data-profile').waitFor({ timeout: 20_000 });
    await page.locator('#my-data-profile').getByText(profile.body.realName).waitFor();
    for (const id of ['#my-data-enrollments', '#my-data-attendance', '#my-data-records', '#my-data-ledger', '#my-data-consents', '#my-data-access']) {
      await page.locator(id).waitFor();
    }
    await page.locator('#my-data-access').getByText('管理员查找居民').first().waitFor();
    await page.locator('#my-data-location').getByText('还没有问过您').waitFor();
    const size = await page.locator('#my-data-access .access-log-row').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    const download = page.waitForEvent('download');
    await page.locator('#my-data-download').click();
    expect((await download).suggestedFilename()).toMatch(/^我的数据-\d{4}-\d{2}-\d{2}\.json$/);
    await settled(page);
    await page.screenshot({ path: screenshotPath('60-my-data'), fullPage: true });

    // 谁看过我的信息: when, which role of which area, why — not who
    await page.goto(`${portal.server.url}/#/pages/mine/index`);
    await page.locator('#mine-access-log').click();
    const list = page.locator('#access-log-list');
    await list.getByText('管理员查找居民').first().waitFor({ timeout: 20_000 });
    expect(await list.textContent()).not.toContain(admin.user.displayName);
    await settled(page);
    await page.screenshot({ path: screenshotPath('61-access-log'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();

    // the admin's 个人信息查看记录, from the admin home
    const entries = await portal.call<ListPage<AccessLogEntry>>('GET', `/api/admin/access-log?residentId=${RESIDENT_ID}`, admin.accessToken);
    const entry = entries.body.items.find((e) => e.kind === 'resident-lookup')!;
    const adminContext = await signedInContext(portal.browser, admin);
    const adminPage = await adminContext.newPage();
    const adminProblems = watchErrors(adminPage);
    await adminPage.goto(`${portal.server.url}/#/subpackages/admin/pages/home/index`);
    await adminPage.locator('#admin-access-log').click();
    await adminPage.locator(`#access-audit-${entry.id}`).waitFor({ timeout: 20_000 });
    await adminPage.locator(`#access-audit-resident-${entry.id}`).click();
    await adminPage.locator('#access-audit-narrowed').waitFor();
    await adminPage.locator(`#access-audit-${entry.id}`).waitFor();
    await settled(adminPage);
    await adminPage.screenshot({ path: screenshotPath('62-admin-access-log'), fullPage: true });
    expect(adminProblems).toEqual([]);
    await adminContext.close();
  }, 180_000);

  it('the first check-in at an activity that checks the place asks about location once; after 不同意 she is checked in for the teacher to confirm', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID })).body;
    const offering = await publishActivitySoon(portal, teacher, admin, { geofencePolicy: GeofencePolicy.Flag });
    const sessionId = offering.sessions[0].id;
    expect((await portal.call('POST', `/api/offerings/${offering.id}/enrollments`, resident.accessToken)).status).toBe(201);
    const code = (await portal.call<CheckInDisplay>('GET', `/api/teacher/sessions/${sessionId}/qr`, teacher.accessToken)).body.code;

    const context = await signedInContext(portal.browser, resident);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(`${portal.server.url}/#/subpackages/learn/pages/checkin/index`);
    await page.locator(`#checkin-session-${sessionId}`).click({ timeout: 20_000 });
    expect(code).toMatch(/^\d{6}$/);
    await page.locator('#checkin-code input').fill(code!);
    await page.locator('#checkin-submit').click();
    const ask = page.locator('#checkin-location-ask');
    await ask.getByText('可以用您的位置吗？').waitFor({ timeout: 15_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('63-checkin-location-question'), fullPage: true });
    await page.locator('#checkin-location-no').click();
    const result = page.locator('#checkin-result');
    await result.getByText('签到成功').waitFor({ timeout: 15_000 });
    await page.locator('#checkin-result-flag').getByText('本人不同意使用位置', { exact: false }).waitFor();
    const answer = await portal.call<{ given: boolean | null }>('GET', '/api/me/location-consent', resident.accessToken);
    expect(answer.body.given).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
