import { ACTING_FOR_HEADER, ChildView, MyEnrollment, Page as ListPage, PRIVACY_TEXT_VERSION, TokenPair } from '@lp/shared';
import { screenshotPath, settled, signedInContext, useDemoPortal, watchErrors } from '../support/browser';
import { publishActivitySoon } from '../support/checkin';
import { Client } from 'pg';
import { FakeWechat } from '../support/fake-wechat';
import { TEST_SECRETS } from '../support/test-env';

/** The demo resident 李建国 (41), who adds his son. */
const GUARDIAN_ID = '00000000-0000-4000-8000-000000000002';
/** The demo resident 王秀英 (68), who becomes the child's second guardian. */
const SECOND_GUARDIAN_ID = '00000000-0000-4000-8000-000000000001';

/** WeChat for the child's own phone: the portal exchanges its login codes here. */
const wechat = new FakeWechat(TEST_SECRETS.WECHAT_APP_ID, TEST_SECRETS.WECHAT_APP_SECRET);
beforeAll(() => wechat.start());
afterAll(() => wechat.stop());
const portal = useDemoPortal('lp_e2e_browser_guardians', () => ({ WECHAT_API_BASE: wechat.url }));

/** A birth date ten years back, on the browser machine's calendar: the child is under 14. */
function tenYearsAgo(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 10);
  return d.toISOString().slice(0, 10);
}

describe('a guardian in the H5 app', () => {
  it('adds his child under 我的孩子 with consent, switches to the child, enrolls them and sees the child’s account', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const guardian = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: GUARDIAN_ID })).body;
    const offering = await publishActivitySoon(portal, teacher, admin, {}, 120);

    const context = await signedInContext(portal.browser, guardian);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(`${portal.server.url}/#/pages/mine/index`);
    await page.locator('#mine-children').click();
    await page.locator('#children-empty').waitFor({ timeout: 20_000 });
    await page.locator('#child-realName input').fill('李小明');
    await page.locator('#bind-birthDate').fill(tenYearsAgo());
    await page.locator('#child-relationship-parent').click();
    await page.locator('#child-consent').click();
    await page.locator('#child-consent').getByText(PRIVACY_TEXT_VERSION).waitFor();
    await page.locator('#child-submit').click();
    await page.locator('#children-list').getByText('李小明', { exact: true }).waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('70-my-children'), fullPage: true });

    const [child] = (await portal.call<ChildView[]>('GET', '/api/me/children', guardian.accessToken)).body;
    expect(child).toMatchObject({ realName: '李小明', consentGiven: true, privacyTextVersion: PRIVACY_TEXT_VERSION });

    // 邀请另一位监护人: the child's grandmother 王秀英 enters the code on her phone and consents herself
    await page.locator(`#child-invitation-make-${child.userId}`).click();
    const shown = (await page.locator(`#child-invitation-code-${child.userId}`).textContent({ timeout: 20_000 }))!;
    expect(shown).toMatch(/^\d{4} \d{4}$/);
    const grandmother = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: SECOND_GUARDIAN_ID })).body;
    const herContext = await signedInContext(portal.browser, grandmother);
    const hers = await herContext.newPage();
    const herProblems = watchErrors(hers);
    await hers.goto(`${portal.server.url}/#/subpackages/learn/pages/children/index`);
    await hers.locator('#join-code input').fill(shown.replace(' ', ''));
    await hers.locator('#join-relationship-grandparent').click();
    await hers.locator('#join-consent').click();
    await hers.locator('#join-submit').click();
    await hers.locator('#children-list').getByText('李小明', { exact: true }).waitFor({ timeout: 20_000 });
    await hers.locator(`#child-${child.userId}`).getByText(/李\*.*（父母，已同意）/).waitFor({ timeout: 20_000 });
    await settled(hers);
    await hers.screenshot({ path: screenshotPath('72-second-guardian'), fullPage: true });
    expect(herProblems).toEqual([]);
    await herContext.close();
    const [again] = (await portal.call<ChildView[]>('GET', '/api/me/children', guardian.accessToken)).body;
    expect(again).toMatchObject({ mayInvite: false, otherGuardians: [{ relationshipLabel: '祖父母', consentGiven: true }] });

    // 为李小明操作: the banner on every page, and the 学习账户 is the child's
    await page.locator(`#child-act-${child.userId}`).click();
    await page.locator('.account-page .acting-banner').getByText('正在为 李小明 操作').waitFor({ timeout: 20_000 });
    // the holder is the child: name masked as everywhere, and no phone of their own (the guardian has one)
    await page.locator('#account-holder').getByText('没有手机号').waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('71-acting-account'), fullPage: true });

    // enrolling now enrolls the child, not the guardian
    await page.goto(`${portal.server.url}/#/subpackages/learn/pages/detail/index?id=${offering.id}`);
    await page.locator('.offering-detail .acting-banner').getByText('正在为 李小明 操作').waitFor({ timeout: 20_000 });
    await page.locator('#detail-enroll').click();
    await page.locator('#detail-enrollment-status').waitFor({ timeout: 20_000 });
    const forChild = (await (
      await fetch(`${portal.server.url}/api/me/enrollments`, { headers: { authorization: `Bearer ${guardian.accessToken}`, [ACTING_FOR_HEADER]: child.userId } })
    ).json()) as ListPage<MyEnrollment>;
    expect(forChild.items.map((e) => e.offeringId)).toContain(offering.id);
    const own = await portal.call<ListPage<MyEnrollment>>('GET', '/api/me/enrollments', guardian.accessToken);
    expect(own.body.items.map((e) => e.offeringId)).not.toContain(offering.id);

    // 回到我自己: the banner goes, the account is his own again
    await page.locator('.offering-detail .acting-banner__back').click();
    await page.locator('#mine-children').waitFor({ timeout: 20_000 });
    expect(await page.locator('.acting-banner').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('hands a child of 14 their account: the guardian gets a one-time code, the child enters it after logging in with their own WeChat and the account is theirs', async () => {
    const guardian = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: GUARDIAN_ID })).body;
    const added = await portal.call<ChildView>('POST', '/api/me/children', guardian.accessToken, {
      realName: '李小华', birthDate: tenYearsAgo(), relationship: 'parent', consent: true,
    });
    expect(added.status).toBe(201);
    // the child has grown up meanwhile: 15 today
    const db = new Client({ connectionString: portal.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE resident_profile SET birth_date = birth_date - interval '5 years' WHERE user_id = $1`, [added.body.userId]);
    } finally {
      await db.end();
    }

    const context = await signedInContext(portal.browser, guardian);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(`${portal.server.url}/#/subpackages/learn/pages/children/index`);
    await page.locator(`#child-${added.body.userId}`).getByText('孩子已满14周岁').waitFor({ timeout: 20_000 });
    await page.locator(`#child-handover-make-${added.body.userId}`).click();
    const shown = (await page.locator(`#child-handover-code-${added.body.userId}`).textContent({ timeout: 20_000 }))!;
    expect(shown).toMatch(/^\d{4} \d{4}$/);
    await page.locator(`#child-handover-${added.body.userId}`).getByText('交接后账户归孩子自己').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('73-handover-code'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();

    // the child's side: on their own phone they log in with their WeChat, find 接收家长给我的账户 and enter the code
    const openid = `o${Date.now().toString(16)}child`;
    const phone = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, timezoneId: 'Asia/Shanghai' });
    await phone.exposeFunction('lpWechatCode', () => wechat.codeFor(openid).code);
    await phone.addInitScript(() => {
      const host = window as unknown as { wx?: unknown; lpWechatCode(): Promise<string> };
      host.wx = {
        login: ({ success, fail }: { success(r: { code: string }): void; fail(e: unknown): void }) => host.lpWechatCode().then((code) => success({ code }), fail),
      };
    });
    const childPage = await phone.newPage();
    const childProblems = watchErrors(childPage);
    await childPage.goto(`${portal.server.url}/`);
    await childPage.locator('#login-wechat').click({ timeout: 30_000 });
    // a fresh login is asked for the resident's details first; the child has them already, under the code
    await childPage.locator('#bind-realName').waitFor({ timeout: 30_000 });
    await childPage.goto(`${portal.server.url}/#/pages/mine/index`);
    await childPage.locator('#mine-handover').click({ timeout: 30_000 });
    await childPage.locator('#handover-steps').getByText('把账户交给孩子').waitFor({ timeout: 20_000 });
    const digits = shown.replace(' ', '');
    await childPage.locator('#handover-code input').fill(digits);
    await settled(childPage);
    await childPage.screenshot({ path: screenshotPath('74-handover-child'), fullPage: true });
    // a code with one digit wrong first, tapped twice before the page can redraw: one request, and the
    // portal's answer stays above the form in its own words
    const sent: string[] = [];
    childPage.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/me/handover') sent.push(r.postData() ?? '');
    });
    await childPage.locator('#handover-code input').fill(`${(Number(digits[0]) + 1) % 10}${digits.slice(1)}`);
    await childPage.locator('#handover-submit').evaluate((button: HTMLElement) => {
      button.click();
      button.click();
    });
    await childPage.locator('.handover-page .error-notice').getByText('交接码不对或已经过期，请让监护人重新生成').waitFor({ timeout: 20_000 });
    expect(sent).toHaveLength(1);
    await childPage.locator('#handover-code input').fill(digits);
    await childPage.locator('#handover-submit').click();
    // logged in again with the same WeChat: the account is the child's own, profile and all
    await childPage.locator('#mine-profile').waitFor({ timeout: 30_000 });
    expect(childProblems).toEqual([]);
    await phone.close();
    const mine = await portal.call<TokenPair>('POST', '/api/auth/wechat/login', undefined, { code: wechat.codeFor(openid).code });
    expect(mine.body.user.id).toBe(added.body.userId);
    // and the guardian no longer has the child
    expect((await portal.call<ChildView[]>('GET', '/api/me/children', guardian.accessToken)).body.map((c) => c.userId)).not.toContain(added.body.userId);
  }, 180_000);
});
