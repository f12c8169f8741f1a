import {
  CheckInDisplay,
  CheckInMethod,
  CheckInResult,
  GeofencePolicy,
  LearnerCode,
  LiveRoster,
  OfferingDetail,
  TokenPair,
} from '@lp/shared';
import { Browser, Page } from 'playwright-core';
import { screenshotPath, settled, useDemoPortal } from '../support/browser';
import { publishActivitySoon } from '../support/checkin';

/** The demo resident 王秀英 (bound to 柳岸社区). */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001';
/** The demo resident 李建国. */
const SECOND_RESIDENT_ID = '00000000-0000-4000-8000-000000000002';

const portal = useDemoPortal('lp_e2e_browser_checkin');
const call = <T>(method: string, path: string, token?: string, body?: unknown) => portal.call<T>(method, path, token, body);

/** Collects uncaught errors of a page; the test expects none. */
function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(e.message));
}

describe('check-in with the H5 app and the real server', () => {
  it('the teacher shows the rotating code, a resident types it, and the teacher’s counts and roster update without a reload', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const resident = await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    expect(resident.status).toBe(200);
    const offering = await publishActivitySoon(portal, teacher, admin);
    const sessionId = offering.sessions[0].id;
    expect((await call('POST', `/api/offerings/${offering.id}/enrollments`, resident.body.accessToken)).status).toBe(201);
    const problems: string[] = [];

    // the teacher signs in on the H5 login form and goes from the activity's page to its 签到 screen
    const teacherPage = await portal.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    watch(teacherPage, problems);
    await teacherPage.goto(portal.server.url + '/');
    await teacherPage.locator('#login-username input').fill('teacher_demo', { timeout: 20_000 });
    await teacherPage.locator('#login-password input').fill('demo12345');
    await teacherPage.locator('#login-submit').click();
    await teacherPage.locator('#home-teacher').waitFor({ timeout: 20_000 });
    await teacherPage.goto(`${portal.server.url}/#/subpackages/teacher/pages/offering/index?id=${offering.id}`);
    await teacherPage.locator(`#teacher-session-checkin-${sessionId}:visible`).click({ timeout: 20_000 });

    const codeDisplay = teacherPage.locator('#checkin-code-display');
    await codeDisplay.waitFor({ timeout: 20_000 });
    expect(await teacherPage.locator('#checkin-state').getAttribute('data-state')).toBe('open');
    expect(await teacherPage.locator('#checkin-qr').getAttribute('data-qr')).toMatch(/^http:\/\/localhost:\d+\/c\/[A-Za-z0-9_-]{24}$/);
    await teacherPage.locator('#checkin-counts[data-arrived="0"]').waitFor({ timeout: 10_000 });
    await settled(teacherPage);
    await teacherPage.screenshot({ path: screenshotPath('20-checkin-teacher-qr'), fullPage: true });
    // a mark that a reload would wipe out
    await teacherPage.evaluate(() => Object.assign(window, { lpNoReload: true }));

    // the resident, already signed in on this phone, picks today's activity and types the code read from the screen
    const residentContext = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await residentContext.addInitScript((stored: string) => {
      if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
    }, JSON.stringify({ data: { accessToken: resident.body.accessToken, refreshToken: resident.body.refreshToken, user: resident.body.user } }));
    const residentPage = await residentContext.newPage();
    watch(residentPage, problems);
    await residentPage.goto(`${portal.server.url}/#/subpackages/learn/pages/checkin/index`);
    await residentPage.locator(`#checkin-session-${sessionId}`).click({ timeout: 20_000 });
    const code = await codeDisplay.getAttribute('data-code');
    expect(code).toMatch(/^\d{6}$/);
    await residentPage.locator('#checkin-code input').fill(code!);
    await residentPage.locator('#checkin-submit').click();
    const result = residentPage.locator('#checkin-result');
    await result.getByText('签到成功').waitFor({ timeout: 15_000 });
    await result.getByText(offering.title).waitFor();
    await result.getByText('1.5 学时').waitFor();
    await settled(residentPage);
    await residentPage.screenshot({ path: screenshotPath('21-checkin-resident-success'), fullPage: true });

    // the teacher's screen hears it over the live stream: no reload
    await teacherPage.locator('#checkin-counts[data-arrived="1"]').waitFor({ timeout: 15_000 });
    expect(await teacherPage.evaluate(() => (window as unknown as { lpNoReload?: boolean }).lpNoReload)).toBe(true);
    await teacherPage.locator('#checkin-roster').click();
    const line = teacherPage.locator(`#roster-arrived-${RESIDENT_ID}`);
    await line.getByText('王秀英').waitFor({ timeout: 15_000 });
    await teacherPage.locator('#roster-counts[data-arrived="1"]').waitFor();
    await settled(teacherPage);
    await teacherPage.screenshot({ path: screenshotPath('22-checkin-teacher-roster'), fullPage: true });

    // 导出签到表 downloads an .xlsx with the teacher's token
    const [download] = await Promise.all([teacherPage.waitForEvent('download', { timeout: 15_000 }), teacherPage.locator('#roster-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // the server holds exactly this: 王秀英 arrived by the spoken code
    const roster = await call<LiveRoster>('GET', `/api/teacher/sessions/${sessionId}/roster`, teacher.accessToken);
    expect(roster.status).toBe(200);
    expect(roster.body.counts.arrived).toBe(1);
    expect(roster.body.lines.find((l) => l.residentId === RESIDENT_ID)).toMatchObject({ status: 'arrived', method: CheckInMethod.Code, enrolled: true });
    expect(problems).toEqual([]);
    await residentContext.close();
  });

  it('the teacher confirms a 待核对 check-in and does a 代签 that shows whom it found before saving', async () => {
    const teacher = await portal.passwordLogin('teacher_demo');
    const admin = await portal.passwordLogin('admin_district');
    const login = async (userId: string) => (await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId })).body;
    const [wang, li] = [await login(RESIDENT_ID), await login(SECOND_RESIDENT_ID)];
    const offering = await publishActivitySoon(portal, teacher, admin, { geofencePolicy: GeofencePolicy.Flag });
    const sessionId = offering.sessions[0].id;
    for (const r of [wang, li]) expect((await call('POST', `/api/offerings/${offering.id}/enrollments`, r.accessToken)).status).toBe(201);
    // 王秀英 said no to location at check-in: accepted without one, waiting for the teacher
    expect((await call('PUT', '/api/me/location-consent', wang.accessToken, { given: false })).status).toBe(200);
    const code = (await call<CheckInDisplay>('GET', `/api/teacher/sessions/${sessionId}/qr`, teacher.accessToken)).body.code;
    const flagged = await call<CheckInResult>('POST', '/api/check-ins', wang.accessToken, { sessionId, code });
    expect(flagged.body).toMatchObject({ flagged: true, review: 'pending' });
    const learnerCode = (await call<LearnerCode>('GET', '/api/me/learner-code', li.accessToken)).body.content;

    const problems: string[] = [];
    const context = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await context.addInitScript((stored: string) => {
      if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
    }, JSON.stringify({ data: { accessToken: teacher.accessToken, refreshToken: teacher.refreshToken, user: teacher.user } }));
    const page = await context.newPage();
    watch(page, problems);
    await page.goto(`${portal.server.url}/#/subpackages/teacher/pages/roster/index?sessionId=${sessionId}`);

    // 待核对: the teacher sees 王秀英 and confirms her
    const review = page.locator('#review-list');
    await review.getByText('王秀英').waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('23-checkin-teacher-review'), fullPage: true });
    await page.locator(`#review-confirm-${flagged.body.id}`).click();
    await review.waitFor({ state: 'detached', timeout: 15_000 });

    // 代签 by 学习码: the masked name comes first, the save only on 确认代签
    await page.locator('#proxy-by-learnerCode').click();
    await page.locator('#proxy-learnerCode input').fill(learnerCode);
    await page.locator('#proxy-submit').click();
    await page.locator('#proxy-found-name').getByText('李**').waitFor({ timeout: 15_000 });
    const before = await call<LiveRoster>('GET', `/api/teacher/sessions/${sessionId}/roster`, teacher.accessToken);
    expect(before.body.lines.find((l) => l.residentId === SECOND_RESIDENT_ID)?.status).toBe('not_arrived');
    await settled(page);
    await page.screenshot({ path: screenshotPath('24-checkin-teacher-proxy-found'), fullPage: true });
    await page.locator('#proxy-confirm').click();
    await page.locator('#proxy-done').waitFor({ timeout: 15_000 });

    const roster = await call<LiveRoster>('GET', `/api/teacher/sessions/${sessionId}/roster`, teacher.accessToken);
    expect(roster.body.lines.find((l) => l.residentId === RESIDENT_ID)).toMatchObject({ flagged: true, review: 'confirmed' });
    expect(roster.body.lines.find((l) => l.residentId === SECOND_RESIDENT_ID)).toMatchObject({ status: 'arrived', method: CheckInMethod.Proxy });
    expect(problems).toEqual([]);
    await context.close();
  });
});
