import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotPath, settled, watchErrors } from '../support/browser';
import { idNumberFor, uniquePhone } from '../support/factories';
import { FakeWechat } from '../support/fake-wechat';
import { ownDatabase, productionSettings, type OwnDatabase } from '../support/production';
import { startProductionEntry, type ServerProcess } from '../support/server-process';
import { testCertificate, type TestCertificate } from '../support/tls';

/*
 * A real district goes live (issue 15): an empty database in production mode, `district:init`, and
 * from there the pages alone. The super-admin imports the area tree, adds a school, a venue, a
 * teacher and a 街道 admin; the teacher changes the first password and publishes an activity; the
 * 街道 admin approves it; a resident logs in through WeChat (the local protocol server over https,
 * trusted through NODE_EXTRA_CA_CERTS, and a wx.login stand-in injected by this test only), binds a
 * profile, enrolls and checks in with the spoken code; the teacher closes the session; the dashboard
 * shows one resident served. No SQL and no API call of the test's own.
 */
const APP_ID = 'wx0123456789abcdef';
const DISTRICT = { name: '明湖区', code: '330299000000' };
const STREET = { name: '湖滨街道', code: '330299001000' };
const COMMUNITY = { name: '柳岸社区', code: '330299001001' };
/** Where the classroom is, in GCJ-02 as Chinese maps and WeChat give it. */
const VENUE = { latitude: 29.8683, longitude: 121.544 };
const ADMIN = { username: 'minghu_admin', password: '明湖区学分银行-开通-2026' };
const INIT_CLI = resolve(__dirname, '..', '..', 'server', 'dist', 'commands', 'district-init-cli.js');
const MINUTE = 60_000;

let db: OwnDatabase;
let tls: TestCertificate;
let wechat: FakeWechat;
let server: ServerProcess;
let browser: Browser;
let settings: Record<string, string>;

beforeAll(async () => {
  db = await ownDatabase('lp_golive');
  tls = testCertificate();
  settings = productionSettings({ WECHAT_APP_ID: APP_ID });
  wechat = await new FakeWechat(APP_ID, settings.WECHAT_APP_SECRET).start({ key: tls.key, cert: tls.cert });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await wechat?.stop();
  tls?.remove();
  await db?.drop();
});

/** `npm run district:init -w @lp/server -- --name … --code …` as the IT office runs it. */
function districtInit(): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [INIT_CLI, '--name', DISTRICT.name, '--code', DISTRICT.code], {
      env: { PATH: process.env.PATH ?? '', ...settings, DATABASE_URL: db.url, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
}

/** China's wall-clock date and time of an instant, as the activity form takes them. */
function chinaTime(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

async function desktop(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  return { context, page, problems: watchErrors(page) };
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(server.url + '/');
  await page.locator('#login-username input').fill(username, { timeout: 30_000 });
  await page.locator('#login-password input').fill(password);
  await page.locator('#login-submit').click();
}

/** A handed-out password is changed on 修改密码 before anything else opens. */
async function changeFirstPassword(page: Page, temporary: string, chosen: string): Promise<void> {
  await page.locator('#password-current input').fill(temporary, { timeout: 30_000 });
  await page.locator('#password-new input').fill(chosen);
  await page.locator('#password-again input').fill(chosen);
  await page.locator('#password-submit').click();
}

async function openAdmin(page: Page, entry: string): Promise<void> {
  await page.goto(server.url + '/');
  await page.locator('#home-admin').click({ timeout: 30_000 });
  await page.locator(`#${entry}`).click({ timeout: 30_000 });
}

/** Creates a staff account on 教师和管理员账号 and reads the temporary password shown once. */
async function createStaff(page: Page, fill: (page: Page) => Promise<void>, name: string, username: string): Promise<string> {
  await openAdmin(page, 'admin-staff');
  await page.locator('#staff-create').click({ timeout: 30_000 });
  await page.locator('#staff-form-name input').fill(name, { timeout: 30_000 });
  await page.locator('#staff-form-username input').fill(username);
  await fill(page);
  await page.locator('#staff-form-submit').click();
  await page.locator('#staff-temporary-password').getByText('只显示这一次').waitFor({ timeout: 30_000 });
  const temporary = (await page.locator('#staff-temporary-password-value').innerText()).trim();
  await page.locator('#staff-temporary-password-done').click();
  return temporary;
}

it('a district goes live from an empty database through the pages alone', async () => {
  // 0. the IT office: migrations ran (ownDatabase), then district:init, then the production entry
  const init = await districtInit();
  process.stdout.write(`district:init → exit ${init.code}: ${init.output.trim()}\n`);
  expect(init.code).toBe(0);
  const again = await districtInit();
  expect(again.code).toBe(1);
  process.stdout.write(`district:init again → exit ${again.code}: ${again.output.trim().split('\n').pop()}\n`);
  server = await startProductionEntry(db.url, { ...settings, WECHAT_API_BASE: wechat.url, NODE_EXTRA_CA_CERTS: tls.caFile });

  // 1. the super-admin: area tree from the official list, a school, a venue, a teacher, a 街道 admin
  const admin = await desktop();
  await logIn(admin.page, ADMIN.username, ADMIN.password);
  await admin.page.locator('#home-admin').waitFor({ timeout: 30_000 });
  await openAdmin(admin.page, 'admin-areas');
  await admin.page.locator('#areas-table').waitFor({ timeout: 30_000 });
  const list = ['统计用区划代码,名称,城乡分类代码', `${DISTRICT.code},${DISTRICT.name},`, `${STREET.code},${STREET.name},111`, `${COMMUNITY.code},${COMMUNITY.name},111`].join('\n');
  await admin.page.locator('#areas-import-file').setInputFiles({ name: '区划代码.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + list) });
  await admin.page.locator('#areas-import-preview').getByText('将改动 2 项').waitFor({ timeout: 30_000 });
  await admin.page.locator('#areas-import-apply').click();
  await admin.page.locator('#areas-import-result').getByText('已导入，改动了 2 项').waitFor({ timeout: 30_000 });
  await admin.page.locator('#areas-table').getByText(COMMUNITY.name).waitFor({ timeout: 30_000 });
  await settled(admin.page);
  await admin.page.screenshot({ path: screenshotPath('80-golive-area-tree'), fullPage: true });

  await openAdmin(admin.page, 'admin-schools');
  await admin.page.locator('#schools-add').click({ timeout: 30_000 });
  await admin.page.locator('#school-form-name input').fill('湖滨街道成人学校', { timeout: 30_000 });
  await admin.page.locator('#school-form-type-street_school').click();
  await admin.page.locator('[id^="school-form-area-"]', { hasText: STREET.name }).click();
  await admin.page.locator('#school-form-address input').fill('湖滨路18号');
  await admin.page.locator('#school-form-save').click();
  await admin.page.locator('#schools-table').getByText('湖滨街道成人学校').waitFor({ timeout: 30_000 });

  await openAdmin(admin.page, 'admin-venues');
  await admin.page.locator('#venues-add').click({ timeout: 30_000 });
  await admin.page.locator('#venue-form-name input').fill('湖滨街道市民学校教室', { timeout: 30_000 });
  await admin.page.locator('[id^="venue-form-area-"]', { hasText: STREET.name }).click();
  await admin.page.locator('#venue-form-address input').fill('湖滨路18号二楼');
  await admin.page.locator('#venue-form-latitude input').fill(String(VENUE.latitude));
  await admin.page.locator('#venue-form-longitude input').fill(String(VENUE.longitude));
  await admin.page.locator('#venue-form-capacity input').fill('40');
  await admin.page.locator('#venue-form-save').click();
  await admin.page.locator('#venues-table').getByText('湖滨街道市民学校教室').waitFor({ timeout: 30_000 });
  await settled(admin.page);
  await admin.page.screenshot({ path: screenshotPath('81-golive-venues'), fullPage: true });

  const teacherTemporary = await createStaff(
    admin.page,
    async (page) => {
      await page.locator('#staff-form-role-teacher').click();
      await page.locator('[id^="staff-form-area-"]', { hasText: STREET.name }).click({ timeout: 30_000 });
      await page.locator('[id^="staff-form-school-"]', { hasText: '湖滨街道成人学校' }).click({ timeout: 30_000 });
    },
    '林老师',
    'hubin_lin',
  );
  const streetTemporary = await createStaff(
    admin.page,
    async (page) => {
      await page.locator('#staff-form-role-admin').click();
      await page.locator('[id^="staff-form-area-"]', { hasText: STREET.name }).click({ timeout: 30_000 });
    },
    '周主任',
    'hubin_zhou',
  );
  await admin.page.locator('#staff-table').getByText('hubin_zhou').waitFor({ timeout: 30_000 });
  await settled(admin.page);
  await admin.page.screenshot({ path: screenshotPath('82-golive-staff'), fullPage: true });

  // 2. the teacher: first password, then an activity starting in a few minutes at the new venue
  const teacher = await desktop();
  await logIn(teacher.page, 'hubin_lin', teacherTemporary);
  await changeFirstPassword(teacher.page, teacherTemporary, '林老师的书法课-Hubin-2026');
  await teacher.page.locator('#teacher-who').getByText('湖滨街道成人学校').waitFor({ timeout: 30_000 });
  await teacher.page.locator('#teacher-new-offering').click();
  await teacher.page.locator('#offer-form-kind-activity').click({ timeout: 30_000 });
  const title = '智能手机入门体验课';
  await teacher.page.locator('#offer-form-title input').fill(title);
  await teacher.page.locator('#offer-form-description textarea').fill('带上手机来，老师教您扫码、视频通话和查医保。');
  await teacher.page.locator('#offer-form-category-digital_literacy').click();
  await teacher.page.locator('[id^="offer-form-venue-"]', { hasText: '湖滨街道市民学校教室' }).click();
  await teacher.page.locator('#offer-form-capacity input').fill('30');
  // the first whole minute at least three minutes away: time enough to approve and enroll before it starts
  let startsAt = new Date(Math.ceil((Date.now() + 3 * MINUTE) / MINUTE) * MINUTE);
  // a session is one day's: near midnight (Shanghai) it starts at 00:00 instead, and ends by 23:59 of its day
  if (chinaTime(startsAt).time >= '23:55') startsAt = new Date(Date.parse(`${chinaTime(new Date(startsAt.getTime() + 15 * MINUTE)).date}T00:00:00+08:00`));
  const start = chinaTime(startsAt);
  const end = chinaTime(new Date(startsAt.getTime() + 60 * MINUTE));
  await teacher.page.locator('#offer-form-session-0-date').fill(start.date);
  await teacher.page.locator('#offer-form-session-0-start').fill(start.time);
  await teacher.page.locator('#offer-form-session-0-end').fill(end.date === start.date ? end.time : '23:59');
  await teacher.page.locator('#offer-form-submit').click();
  await teacher.page.waitForURL(/offering\/index\?id=\d+/, { timeout: 30_000 });
  const offeringPage = teacher.page.url();
  await teacher.page.locator('#offering-status').waitFor({ timeout: 30_000 });

  // 3. the 街道 admin: first password, then approves the activity
  const street = await desktop();
  await logIn(street.page, 'hubin_zhou', streetTemporary);
  await changeFirstPassword(street.page, streetTemporary, '湖滨街道的学习地图-Zhou-2026');
  // a changed password opens the admin's own workbench
  await street.page.locator('#admin-reviews').click({ timeout: 30_000 });
  await street.page.locator('[id^="review-item-"]', { hasText: title }).click({ timeout: 30_000 });
  await street.page.locator('#review-approve').click({ timeout: 30_000 });
  await street.page.locator('#reviews-list, #reviews-empty').first().waitFor({ timeout: 30_000 });
  await settled(street.page);
  await street.page.screenshot({ path: screenshotPath('83-golive-approved'), fullPage: true });

  // 4. a resident in WeChat: logs in, binds a profile, finds the activity and enrolls
  // the resident is in the classroom: the phone reports WGS-84, about 0.0023° north and 0.0045° west of
  // the GCJ-02 point the venue was typed in, which the app converts back to within a few metres
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    timezoneId: 'Asia/Shanghai',
    geolocation: { latitude: VENUE.latitude + 0.0023, longitude: VENUE.longitude - 0.0045, accuracy: 20 },
    permissions: ['geolocation'],
  });
  await phone.exposeFunction('lpWechatCode', () => wechat.codeFor().code);
  await phone.addInitScript(() => {
    const host = window as unknown as { wx?: unknown; lpWechatCode(): Promise<string> };
    host.wx = {
      login: ({ success, fail }: { success(r: { code: string }): void; fail(e: unknown): void }) => host.lpWechatCode().then((code) => success({ code }), fail),
    };
  });
  const resident = await phone.newPage();
  const residentProblems = watchErrors(resident);
  await resident.goto(server.url + '/');
  await resident.locator('#login-wechat').click({ timeout: 30_000 });
  await resident.locator('#bind-realName input').fill('赵桂兰', { timeout: 30_000 });
  await resident.locator('#bind-phone input').fill(uniquePhone());
  await resident.locator('#bind-idNumber input').fill(idNumberFor('1957-08-09'));
  await resident.locator('[id^="bind-street-"]', { hasText: STREET.name }).click();
  await resident.locator('[id^="bind-community-"]', { hasText: COMMUNITY.name }).click();
  await resident.locator('#bind-submit').click();
  await resident.locator('#home-greeting').getByText(COMMUNITY.name).waitFor({ timeout: 30_000 });
  await resident.locator('#home-find').click();
  await resident.locator('#learn-search input').fill('智能手机', { timeout: 30_000 });
  await resident.locator('#learn-search-submit').click();
  await resident.locator('#learn-results .offering-card', { hasText: title }).click({ timeout: 30_000 });
  await resident.locator('#detail-enroll').click({ timeout: 30_000 });
  await resident.locator('#detail-enrollment-status').getByText('已报名', { exact: true }).waitFor({ timeout: 30_000 });
  await settled(resident);
  await resident.screenshot({ path: screenshotPath('84-golive-resident-enrolled'), fullPage: true });

  // 5. check-in with the code the teacher's screen shows, spoken aloud in the room
  await teacher.page.goto(offeringPage);
  await teacher.page.locator('[id^="teacher-session-checkin-"]:visible').first().click({ timeout: 30_000 });
  const display = teacher.page.locator('#checkin-code-display');
  await display.waitFor({ timeout: 30_000 });
  await resident.goto(`${server.url}/#/subpackages/learn/pages/checkin/index`);
  await resident.locator('[id^="checkin-session-"]', { hasText: title }).click({ timeout: 30_000 });
  const code = await display.getAttribute('data-code');
  expect(code).toMatch(/^\d{6}$/);
  await resident.locator('#checkin-code input').fill(code!);
  await resident.locator('#checkin-submit').click();
  await resident.locator('#checkin-result').getByText('签到成功').waitFor({ timeout: 30_000 });
  await teacher.page.locator('#checkin-counts[data-arrived="1"]').waitFor({ timeout: 30_000 });
  await settled(resident);
  await resident.screenshot({ path: screenshotPath('85-golive-resident-checked-in'), fullPage: true });

  // 6. a minute into the class the teacher closes check-in: the minute present goes to the credit bank
  await teacher.page.locator('#checkin-roster').click();
  await teacher.page.waitForTimeout(Math.max(0, startsAt.getTime() + 75_000 - Date.now()));
  await teacher.page.locator('#roster-close').click({ timeout: 30_000 });
  await teacher.page.locator('.taro__modal .taro-model__confirm').getByText('结束签到').click({ timeout: 30_000 });
  await teacher.page.locator('#roster-closed').getByText('到场 1 人').waitFor({ timeout: 30_000 });
  await settled(teacher.page);
  await teacher.page.screenshot({ path: screenshotPath('86-golive-session-closed'), fullPage: true });

  // 7. the super-admin's dashboard: one resident served this year
  await openAdmin(admin.page, 'admin-dashboard');
  const participation = admin.page.locator('#dashboard-indicator-participation:visible');
  await participation.waitFor({ timeout: 30_000 });
  await admin.page.locator('#dashboard-indicator-participation:visible[data-numerator="1"]').waitFor({ timeout: 30_000 });
  await participation.getByText('已服务 1 人', { exact: false }).waitFor();
  await settled(admin.page);
  await admin.page.screenshot({ path: screenshotPath('87-golive-dashboard'), fullPage: true });

  expect([...admin.problems, ...teacher.problems, ...street.problems, ...residentProblems]).toEqual([]);
  // nothing personal the resident typed reached the production server's log
  expect(server.output()).not.toContain('赵桂兰');
  await Promise.all([admin.context.close(), teacher.context.close(), street.context.close(), phone.close()]);
}, 900_000);
