import { OfferingDetail, VenueSummary } from '@lp/shared';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotPath, settled } from '../support/browser';
import { freshDatabase } from '../support/global-setup';
import { ServerProcess, startServerProcess } from '../support/server-process';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess(await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, 'lp_e2e_browser_catalogue'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Logs a teacher or admin in through the H5 form and waits for the home page. */
async function staffPage(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.locator('#login-username input').fill(username, { timeout: 20_000 });
  await page.locator('#login-password input').fill('demo12345');
  await page.locator('#login-submit').click();
  await page.locator('#home-greeting').waitFor({ timeout: 20_000 });
  return page;
}

const day = (daysAhead: number) => new Date(Date.now() + 8 * 3600_000 + daysAhead * 86400_000).toISOString().slice(0, 10);

describe('an activity from draft to a resident’s enrollment', () => {
  it('a teacher submits it, an admin approves it, a resident finds it by search and near me, enrolls and sees it in 我的报名', async () => {
    const venues = (await (await fetch(`${server.url}/api/venues`)).json()) as VenueSummary[];
    const venue = venues.find((v) => v.name === '社区学院教学楼')!;
    const title = `老年人智能手机答疑会${Date.now() % 10000}`;
    const problems: string[] = [];
    const watch = (page: Page) => page.on('pageerror', (e) => problems.push(e.message));

    // the teacher writes and submits
    const teacherCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const teacher = await staffPage(teacherCtx, 'teacher_demo');
    watch(teacher);
    await teacher.locator('#home-teacher').click();
    await teacher.locator('#teacher-new-offering').click({ timeout: 20_000 });
    await teacher.locator('#offer-form-kind-activity').click({ timeout: 20_000 });
    await teacher.locator('#offer-form-title input').fill(title);
    await teacher.locator('#offer-form-description textarea').fill('手机用不明白的地方，带上手机来，老师一对一帮您弄好。');
    await teacher.locator('#offer-form-category-digital_literacy').click();
    await teacher.locator(`#offer-form-venue-${venue.id}`).click();
    await teacher.locator('#offer-form-capacity input').fill('20');
    await teacher.locator('#offer-form-session-0-date').fill(day(3));
    await teacher.locator('#offer-form-session-0-start').fill('09:30');
    await teacher.locator('#offer-form-session-0-end').fill('11:00');
    await settled(teacher);
    await teacher.screenshot({ path: screenshotPath('30-teacher-offering-form'), fullPage: true });
    await teacher.locator('#offer-form-submit').click();
    await teacher.waitForURL(/offering\/index\?id=\d+/, { timeout: 20_000 });
    const id = Number(/id=(\d+)/.exec(teacher.url())![1]);
    await teacher.locator('#offering-status').waitFor();
    await settled(teacher);
    await teacher.screenshot({ path: screenshotPath('31-teacher-submitted'), fullPage: true });

    // the district admin approves
    const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const admin = await staffPage(adminCtx, 'admin_district');
    watch(admin);
    await admin.locator('#home-admin').click();
    await admin.locator('#admin-reviews').click({ timeout: 20_000 });
    await admin.locator(`#review-item-${id}`).click({ timeout: 20_000 });
    await settled(admin);
    await admin.screenshot({ path: screenshotPath('32-admin-review'), fullPage: true });
    await admin.locator('#review-approve').click();
    await admin.locator('#reviews-list, #reviews-empty').first().waitFor({ timeout: 20_000 });
    const published = (await (await fetch(`${server.url}/api/offerings/${id}`)).json()) as OfferingDetail;
    expect(published.status).toBe('published');

    // a resident at the venue finds it by keyword and by distance, and enrolls
    const residentCtx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      // Browsers report WGS-84; the app converts to GCJ-02, the datum of WeChat and Chinese maps, in which
      // venues are stored. Here GCJ-02 sits about 0.0023° south and 0.0045° east of WGS-84, so this point
      // lands within a few dozen metres of the venue once converted.
      geolocation: { latitude: venue.latitude + 0.0023, longitude: venue.longitude - 0.0045, accuracy: 20 },
      permissions: ['geolocation'],
    });
    const resident = await residentCtx.newPage();
    watch(resident);
    await resident.goto(server.url + '/');
    await resident.locator('#login-demo-00000000-0000-4000-8000-000000000001').click({ timeout: 20_000 });
    await resident.locator('#home-find').click({ timeout: 20_000 });
    await resident.locator('#learn-search input').fill('手机答疑');
    await resident.locator('#learn-search-submit').click();
    const card = resident.locator(`#learn-results #offering-card-${id}`);
    await card.waitFor({ timeout: 20_000 });
    await settled(resident);
    await resident.screenshot({ path: screenshotPath('33-resident-search'), fullPage: true });

    await resident.locator('#learn-search input').fill('');
    await resident.locator('#learn-search-submit').click();
    await resident.locator('#learn-near-toggle').click();
    await card.waitFor({ timeout: 20_000 });
    await expect(card.textContent()).resolves.toMatch(/离您约\s*\d{1,2}\s*米/);
    // nearest venue first, and at that venue the soonest activity: ours
    await expect(resident.locator('#learn-results .offering-card').first().getAttribute('id')).resolves.toBe(`offering-card-${id}`);
    await settled(resident);
    await resident.screenshot({ path: screenshotPath('34-resident-near-me'), fullPage: true });

    await card.click();
    await resident.locator('#detail-enroll').click({ timeout: 20_000 });
    await resident.locator('#detail-enrollment-status').getByText('已报名', { exact: true }).waitFor({ timeout: 20_000 });
    await settled(resident);
    await resident.screenshot({ path: screenshotPath('35-resident-enrolled'), fullPage: true });

    await resident.goto(server.url + '/#/subpackages/learn/pages/enrollments/index');
    await resident.locator(`#my-enrollment-${id}`).waitFor({ timeout: 20_000 });
    await settled(resident);
    await resident.screenshot({ path: screenshotPath('36-my-enrollments'), fullPage: true });

    const after = (await (await fetch(`${server.url}/api/offerings/${id}`)).json()) as OfferingDetail;
    expect(after.enrolledCount).toBe(1);
    expect(problems).toEqual([]);
    await Promise.all([teacherCtx.close(), adminCtx.close(), residentCtx.close()]);
  });
});
