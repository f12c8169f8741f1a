import { AreaNode, IndicatorCode, StatisticsOverview, TokenPair, VolunteerView } from '@lp/shared';
import { uniquePhone, idNumberFor } from '../support/factories';
import { screenshotPath, settled, signedInContext, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

const portal = useDemoPortal('lp_e2e_browser_registers');
const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

describe('the registers in the browser', () => {
  it('a street administrator registers a 专职 worker on the register page, sees the phone masked, records 72 学时, and 成人教育专职工作者 moves', async () => {
    const { server, browser, call } = portal;
    const token = (await portal.passwordLogin('admin_street')).accessToken;
    const tree = (await call<AreaNode>('GET', '/api/areas/tree')).body;
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const staffOf = async () =>
      (await call<StatisticsOverview>('GET', `/api/areas/${street.id}/statistics?year=${year}`, token)).body.indicators.find((i) => i.code === IndicatorCode.EducationStaff)!;
    const before = await staffOf();

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, server.url, 'admin_street');
    await page.locator('#home-admin').click({ timeout: 20_000 });
    await page.locator('#admin-registers-workers').click();
    await page.locator('#worker-form:visible').waitFor({ timeout: 20_000 });

    const phone = uniquePhone();
    await page.locator('#worker-name input').fill('欧阳专职');
    await page.locator('#worker-phone input').fill(phone);
    await page.locator('#worker-qualifications input').fill('高级讲师、心理咨询师');
    await page.locator('#worker-joined input').fill(`${year}-01-05`);
    await page.locator('#worker-register').click();
    const row = page.locator('[id^="worker-"][data-phone]').filter({ hasText: '欧阳专职' });
    await row.waitFor({ timeout: 10_000 });
    await row.getByText(`手机：${phone.slice(0, 3)}****${phone.slice(-4)}`).waitFor();
    await row.getByText('资格：高级讲师、心理咨询师').waitFor();
    expect(await page.locator('body').innerText()).not.toContain(phone);
    expect((await staffOf()).numerator).toBe(before.numerator + 1);

    // 72 学时 of continuing education reach the default requirement
    await row.locator('[id$="-train"]').click();
    await page.locator('#training-hours input').fill('72');
    await page.locator('#training-what input').fill('社区教育工作者岗位培训');
    await page.locator('#training-save').click();
    await row.getByText(`${year}年继续教育 72 学时，要求 72 学时：已达到`).waitFor({ timeout: 10_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('60-admin-registers-workers'), fullPage: true });

    // a wrong phone is refused in plain words and nothing is added
    const rows = await page.locator('[id^="worker-"][data-phone]').count();
    await page.locator('#worker-name input').fill('号码不对');
    await page.locator('#worker-phone input').fill('1234');
    await page.locator('#worker-register').click();
    await page.getByText('手机号格式不对，应为11位数字').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('[id^="worker-"][data-phone]').count()).toBe(rows);
    expect(problems).toEqual([]);
  });

  it('a resident joins the 志愿者 register from their own page and sees their 档案', async () => {
    const { server, browser, call } = portal;
    const tree = (await call<AreaNode>('GET', '/api/areas/tree')).body;
    const community = tree.children.find((s) => s.name === '湖滨街道')!.children[0];
    const resident = (await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: 'new-resident' })).body;
    const bound = await call('PUT', '/api/me/profile', resident.accessToken, {
      realName: '司马志愿', phone: uniquePhone(), idNumber: idNumberFor('1958-04-12'), birthDate: '1958-04-12', communityId: community.id, groups: [],
    });
    expect(bound.status).toBe(201);

    const context = await signedInContext(browser, resident);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(`${server.url}/#/subpackages/learn/pages/volunteer/index`);
    await page.locator('#volunteer-join:visible').waitFor({ timeout: 20_000 });
    await page.locator('#volunteer-join-skills input').fill('摄影、教用手机');
    await page.locator('#volunteer-join-submit').click();
    await page.locator('#volunteer-record').getByText(community.name).waitFor({ timeout: 10_000 });
    await page.locator('#volunteer-record').getByText('摄影、教用手机').waitFor();
    await page.locator('#volunteer-services-empty').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('61-resident-volunteer'), fullPage: true });
    const stored = await call<VolunteerView>('GET', '/api/me/volunteer', resident.accessToken);
    expect(stored.body).toMatchObject({ realName: '司马志愿', skills: ['摄影', '教用手机'], area: { id: community.id }, joinedBy: 'self' });
    await context.close();
    expect(problems).toEqual([]);
  });
});
