import { CheckInDisplay, CheckInMethod, LiveRoster, TeacherTodaySession, TokenPair } from '@lp/shared';
import { Page } from 'playwright-core';
import { screenshotPath, settled, signedInContext, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';
import { publishActivitySoon, shanghaiMidnightAfter } from '../support/checkin';

/** The demo resident 王秀英, 68 (bound to 柳岸社区). */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };

const portal = useDemoPortal('lp_e2e_browser_checkin_link');

/** Counts the taps (clicks) a person makes on the page from now on, across its in-app navigation. */
async function countTaps(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { lpTaps: number };
    w.lpTaps = 0;
    document.addEventListener('click', () => (w.lpTaps += 1), true);
  });
  return () => page.evaluate(() => (window as unknown as { lpTaps: number }).lpTaps);
}

const MINUTE = 60_000;

describe('扫一扫 opens the check-in, at a phone’s width', () => {
  it('a 68-year-old resident opens the link the QR holds, signs in, and is checked in with no tap after signing in', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const wang = await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    expect(wang.status).toBe(200);
    const offering = await publishActivitySoon(portal, teacher, admin);
    const sessionId = offering.sessions[0].id;
    expect((await portal.call('POST', `/api/offerings/${offering.id}/enrollments`, wang.body.accessToken)).status).toBe(201);
    const shown = await portal.call<CheckInDisplay>('GET', `/api/teacher/sessions/${sessionId}/qr`, teacher.accessToken);
    const link = shown.body.qr!;
    expect(link).toMatch(/^http:\/\/localhost:\d+\/c\/[A-Za-z0-9_-]{24}$/);

    // a phone's ordinary browser (not WeChat) opens the link: scan with WeChat, or type the spoken code
    const context = await portal.browser.newContext(PHONE);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await page.goto(link);
    await page.getByText('请用微信扫码').waitFor({ timeout: 15_000 });
    await page.getByText('也可以输入签到码').waitFor();
    const h5 = await page.locator('#checkin-link-h5').getAttribute('href');
    expect(h5).toBe(`/#/subpackages/learn/pages/checkin/index?q=${encodeURIComponent(link)}`);
    await page.screenshot({ path: screenshotPath('25-checkin-link-outside-wechat'), fullPage: true });

    // WeChat's rule opens the check-in page with the link in q, as the demo's link does here;
    // not signed in, she is taken to sign in and the scan is kept
    await page.goto(new URL(h5!, link).toString());
    const demoLogin = page.locator(`#login-demo-${RESIDENT_ID}`);
    await demoLogin.waitFor({ timeout: 20_000 });
    await demoLogin.scrollIntoViewIfNeeded();
    await demoLogin.click();
    const taps = await countTaps(page);

    // back from signing in: the kept scan is sent, nothing more to tap
    const result = page.locator('#checkin-result');
    await result.getByText('签到成功').waitFor({ timeout: 30_000 });
    await result.getByText(offering.title).waitFor();
    const tapsAfterLogin = await taps();
    expect(tapsAfterLogin).toBeLessThanOrEqual(1);
    await settled(page);
    await page.screenshot({ path: screenshotPath('26-checkin-link-checked-in'), fullPage: true });

    const roster = await portal.call<LiveRoster>('GET', `/api/teacher/sessions/${sessionId}/roster`, teacher.accessToken);
    const line = roster.body.lines.find((l) => l.residentId === RESIDENT_ID);
    expect(line).toMatchObject({ status: 'arrived', method: CheckInMethod.Scan });
    expect(problems).toEqual([]);
    process.stdout.write(`link ${link} → /c/ page (Chinese, demo link) → check-in page → demo sign-in → 签到成功 with ${tapsAfterLogin} taps after signing in; roster: ${line?.method}${line?.offline ? ' (sent as kept scan)' : ''}\n`);
    await context.close();
  });

  it('the teacher opens a session’s QR from 今天的课 in two taps from 首页', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const offering = await publishActivitySoon(portal, teacher, admin);
    const sessionId = offering.sessions[0].id;
    const today = await portal.call<TeacherTodaySession[]>('GET', '/api/teacher/sessions/today', teacher.accessToken);
    expect(today.body.map((s) => s.sessionId)).toContain(sessionId);

    const context = await portal.browser.newContext(PHONE);
    const page = await context.newPage();
    const problems = watchErrors(page);
    await signInOnPage(page, portal.server.url, 'teacher_demo');
    const taps = await countTaps(page);

    const workbench = page.locator('#home-teacher');
    await workbench.scrollIntoViewIfNeeded();
    await workbench.click();
    const session = page.locator(`#teacher-today-${sessionId}`);
    await session.waitFor({ timeout: 20_000 });
    await session.getByText(offering.title).waitFor();
    await session.getByText('正在签到').waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('27-teacher-today'), fullPage: true });
    await session.scrollIntoViewIfNeeded();
    await session.click();

    const qr = page.locator('#checkin-qr');
    await qr.waitFor({ timeout: 20_000 });
    expect(await qr.getAttribute('data-qr')).toMatch(/^http:\/\/localhost:\d+\/c\/[A-Za-z0-9_-]{24}$/);
    expect(await page.locator('#checkin-code-display').getAttribute('data-code')).toMatch(/^\d{6}$/);
    const tapCount = await taps();
    expect(tapCount).toBe(2);
    await settled(page);
    await page.screenshot({ path: screenshotPath('28-teacher-today-qr'), fullPage: true });
    expect(problems).toEqual([]);
    process.stdout.write(`teacher: 首页 → 教师工作台 → 今天的课 (${today.body.length} sessions) → QR screen in ${tapCount} taps\n`);
    await context.close();
  });

  it('just before midnight a resident can pick, to type the code, an activity starting just after it, once its check-in is open', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const wang = await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    // 00:10 Shanghai time; check-in opens 30 minutes before, at 23:40 the day before
    const midnight = shanghaiMidnightAfter(30);
    const offering = await publishActivitySoon(portal, teacher, admin, { checkInOpensMinutes: 30 }, (midnight + 10 * MINUTE - Date.now()) / MINUTE);
    const sessionId = offering.sessions[0].id;
    expect((await portal.call('POST', `/api/offerings/${offering.id}/enrollments`, wang.body.accessToken)).status).toBe(201);

    const context = await signedInContext(portal.browser, wang.body);
    const page = await context.newPage();
    const problems = watchErrors(page);
    const choices = async (at: number) => {
      await page.clock.setFixedTime(new Date(at));
      await page.goto(`${portal.server.url}/#/subpackages/learn/pages/checkin/index`);
      await page.locator('.checkin-sessions').or(page.getByText('今天没有您报名的课程或活动')).first().waitFor({ timeout: 20_000 });
      return page.locator(`#checkin-session-${sessionId}`);
    };
    // 23:30: not open yet, so not offered
    expect(await (await choices(midnight - 30 * MINUTE)).count()).toBe(0);
    // 23:50: open, offered with its time, and can be picked
    const choice = await choices(midnight - 10 * MINUTE);
    await choice.getByText(offering.title).waitFor();
    await choice.click();
    expect(await choice.getAttribute('aria-checked')).toBe('true');
    await settled(page);
    await page.screenshot({ path: screenshotPath('29-checkin-before-midnight'), fullPage: true });
    expect(problems).toEqual([]);
    process.stdout.write(`check-in page at 23:30 and 23:50 Shanghai time for an activity at 00:10: offered only at 23:50\n`);
    await context.close();
  });
});
