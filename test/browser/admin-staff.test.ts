import { Page } from 'playwright-core';
import { Page as StaffPage, StaffListItem } from '@lp/shared';
import { screenshotPath, settled, useDemoPortal, watchErrors } from '../support/browser';

/*
 * Staff accounts through the pages alone (issue 15): the district's super-admin opens 教师和管理员账号,
 * creates a teacher of 湖滨街道成人学校 (choosing the street and the school with real mouse clicks),
 * reads the temporary password shown once; the teacher logs in, is sent to 修改密码, is refused a weak
 * password in Chinese, picks a good one and lands on the teacher's workbench.
 */
const portal = useDemoPortal('lp_e2e_browser_staff');

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(portal.server.url + '/');
  await page.locator('#login-username input').fill(username, { timeout: 20_000 });
  await page.locator('#login-password input').fill(password);
  await page.locator('#login-submit').click();
}

/** The account as the staff API lists it to the district's super-admin. */
async function listed(username: string): Promise<StaffListItem | undefined> {
  const token = (await portal.passwordLogin('admin_district')).accessToken;
  const res = await portal.call<StaffPage<StaffListItem>>('GET', `/api/admin/staff?q=${username}`, token);
  return res.body.items.find((s) => s.username === username);
}

it('a super-admin creates a teacher on the pages; the teacher must change the temporary password, then lands on the teacher home', async () => {
  const admin = await portal.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const adminErrors = watchErrors(admin);
  await logIn(admin, 'admin_district', 'demo12345');
  await admin.locator('#home-admin').click({ timeout: 20_000 });
  await admin.locator('#admin-staff').click({ timeout: 20_000 });
  await admin.locator('#staff-table').waitFor({ timeout: 20_000 });
  await admin.locator('#staff-create').click();

  const username = `hubin_${Date.now() % 100000}`;
  await admin.locator('#staff-form-name input').fill('林老师', { timeout: 20_000 });
  await admin.locator('#staff-form-username input').fill(username);
  await admin.locator('#staff-form-role-teacher').click();
  // the area chooser and the school chooser answer real mouse clicks
  // (a button's label does not take the pointer: the click goes to the button, as a person's does)
  await admin.locator('[id^="staff-form-area-"]', { hasText: '湖滨街道' }).click({ timeout: 20_000 });
  await admin.locator('#staff-form-area .area-drill__name').getByText('湖滨街道').waitFor({ timeout: 10_000 });
  await admin.locator('[id^="staff-form-school-"]', { hasText: '湖滨街道成人学校' }).click({ timeout: 20_000 });
  await admin.locator('#staff-form-summary').getByText('湖滨街道成人学校').waitFor({ timeout: 10_000 });
  await admin.locator('#staff-form-submit').click();

  await admin.locator('#staff-temporary-password').getByText('只显示这一次').waitFor({ timeout: 20_000 });
  const temporary = (await admin.locator('#staff-temporary-password-value').innerText()).trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
  await settled(admin);
  await admin.screenshot({ path: screenshotPath('50-admin-staff-temporary-password'), fullPage: true });
  expect(await listed(username)).toMatchObject({ role: 'teacher', school: { name: '湖滨街道成人学校' }, area: { name: '湖滨街道' }, passwordChangeRequired: true });
  await admin.locator('#staff-temporary-password-done').click();

  // back on the table: search finds the new account, waiting for its first password change
  await admin.locator('#staff-search input').fill(username, { timeout: 20_000 });
  await admin.locator('#staff-search-go').click();
  await admin.locator(`#staff-${username}-status`).getByText('待改初始密码').waitFor({ timeout: 20_000 });
  await settled(admin);
  await admin.screenshot({ path: screenshotPath('51-admin-staff-table'), fullPage: true });

  const teacher = await (await portal.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const teacherErrors = watchErrors(teacher);
  await logIn(teacher, username, temporary);
  await teacher.locator('#password-current input').fill(temporary, { timeout: 20_000 });
  await teacher.locator('#password-new input').fill('aaaaaaaaaaaaaaaa');
  await teacher.locator('#password-again input').fill('aaaaaaaaaaaaaaaa');
  await teacher.locator('#password-submit').click();
  await teacher.locator('#password-error').getByText('重复').waitFor({ timeout: 20_000 });
  await settled(teacher);
  await teacher.screenshot({ path: screenshotPath('52-teacher-first-password-refused'), fullPage: true });

  const chosen = '湖滨的桂花开了-Lp-2026';
  await teacher.locator('#password-new input').fill(chosen);
  await teacher.locator('#password-again input').fill(chosen);
  await teacher.locator('#password-submit').click();
  await teacher.locator('#teacher-who').waitFor({ timeout: 20_000 });
  await teacher.locator('#teacher-who').getByText('湖滨街道成人学校').waitFor({ timeout: 20_000 });
  await settled(teacher);
  await teacher.screenshot({ path: screenshotPath('53-teacher-home-after-password-change'), fullPage: true });
  expect((await listed(username))?.passwordChangeRequired).toBe(false);

  // the temporary password no longer opens the account
  const old = await fetch(`${portal.server.url}/api/auth/password/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: temporary }) });
  expect(old.status).toBe(401);

  // the admin resets the password (a new one, shown once), then disables the account: the teacher's session ends
  await admin.locator(`#staff-${username}-reset`).click();
  await admin.locator('.taro__modal').getByText('重设', { exact: true }).click({ timeout: 10_000 });
  await admin.locator('#staff-temporary-password-value').waitFor({ timeout: 20_000 });
  const reset = (await admin.locator('#staff-temporary-password-value').innerText()).trim();
  expect(reset).not.toBe(temporary);
  await admin.locator('#staff-temporary-password-done').click();
  await admin.locator(`#staff-${username}-toggle`).click();
  await admin.locator('.taro__modal').getByText('停用', { exact: true }).click({ timeout: 10_000 });
  await admin.locator(`#staff-${username}-status`).getByText('已停用').waitFor({ timeout: 20_000 });
  await settled(admin);
  await admin.screenshot({ path: screenshotPath('54-admin-staff-disabled'), fullPage: true });
  expect((await listed(username))?.status).toBe('disabled');
  // the teacher's next call is refused and the app returns to the login page
  await teacher.locator('#teacher-offerings').click();
  await teacher.locator('#login-username').waitFor({ timeout: 20_000 });
  expect((await fetch(`${portal.server.url}/api/auth/password/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: reset }) })).status).toBe(403);
  expect(adminErrors).toEqual([]);
  expect(teacherErrors).toEqual([]);
}, 180_000);
