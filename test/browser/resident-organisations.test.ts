import { AreaNode, OrganisationListItem, TokenPair } from '@lp/shared';
import { idNumberFor, uniquePhone } from '../support/factories';
import { screenshotPath, settled, signedInContext, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

/*
 * A resident's 学习型社团 through the pages (issue 17): from 我的 she applies for a society of her own
 * community with its members and plan and sees it 申请中; the 湖滨街道 admin (the area above her
 * community) scores and recognises it; her page then says 已认定 with the next review date.
 */
const portal = useDemoPortal('lp_e2e_browser_resident_orgs');

it('a resident applies for a 学习型社团, the 街道 admin recognises it, and the resident sees 已认定', async () => {
  const { server, browser, call } = portal;
  const tree = (await call<AreaNode>('GET', '/api/areas/tree')).body;
  const street = tree.children.find((s) => s.name === '湖滨街道')!;
  const community = street.children.find((c) => c.name === '柳岸社区')!;
  const resident = (await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: 'new-resident' })).body;
  const bound = await call('PUT', '/api/me/profile', resident.accessToken, {
    realName: '欧阳社长', phone: uniquePhone(), idNumber: idNumberFor('1957-09-01'), birthDate: '1957-09-01', communityId: community.id, groups: [],
  });
  expect(bound.status).toBe(201);

  const context = await signedInContext(browser, resident);
  const page = await context.newPage();
  const residentErrors = watchErrors(page);
  await page.goto(`${server.url}/#/pages/mine/index`);
  await page.locator('#mine-organisations').click({ timeout: 20_000 });
  await page.locator('#organisation-community:visible').getByText('柳岸社区').waitFor({ timeout: 20_000 });

  // a plan too short is refused in plain words and nothing is written
  await page.locator('#organisation-kind-society').click();
  await page.locator('#organisation-apply-name input').fill('柳岸合唱团');
  await page.locator('#organisation-apply-contact input').fill('欧阳社长');
  await page.locator('#organisation-apply-phone input').fill('13900030001');
  await page.locator('#organisation-apply-members textarea').fill('欧阳社长、周阿姨、吴伯伯');
  await page.locator('#organisation-apply-plan textarea').fill('唱歌');
  await page.locator('#organisation-apply-submit').click();
  await page.locator('#organisation-apply-error:visible .error-notice__message').getByText('学习计划应为10到2000个字').waitFor({ timeout: 20_000 });
  expect((await call<OrganisationListItem[]>('GET', '/api/me/learning-organisations', resident.accessToken)).body).toEqual([]);

  await page.locator('#organisation-apply-plan textarea').fill('每周三下午在社区活动室练合唱，每季度办一次汇报演出。');
  await page.locator('#organisation-apply-submit').click();
  await page.locator('[data-status="applied"]').getByText('申请中').waitFor({ timeout: 20_000 });
  const [applied] = (await call<OrganisationListItem[]>('GET', '/api/me/learning-organisations', resident.accessToken)).body;
  expect(applied).toMatchObject({ kind: 'society', name: '柳岸合唱团', area: { id: community.id }, memberCount: 3 });
  await settled(page);
  await page.screenshot({ path: screenshotPath('resident-organisation-applied'), fullPage: true });

  // the street admin scores and recognises it on the admin pages
  const streetPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const streetErrors = watchErrors(streetPage);
  await signInOnPage(streetPage, server.url, 'admin_street');
  await streetPage.locator('#home-admin').click({ timeout: 20_000 });
  await streetPage.locator('#admin-organisations').click({ timeout: 20_000 });
  await streetPage.locator(`#organisation-item-${applied.id}:visible`).click({ timeout: 20_000 });
  await streetPage.locator('#organisation-panel:visible').waitFor({ timeout: 20_000 });
  const scoreFields = streetPage.locator('[id^="organisation-score-"]:visible input');
  await scoreFields.first().waitFor({ timeout: 20_000 });
  const n = await scoreFields.count();
  for (let i = 0; i < n; i++) await streetPage.locator(`#organisation-score-${i} input`).fill('15');
  await streetPage.locator('#organisation-overall input').fill('坚持排练，成员稳定');
  await streetPage.locator('#organisation-recognise').click();
  await streetPage.locator('#organisations-status:visible').waitFor({ timeout: 20_000 });

  // the resident sees it recognised, with the next review date
  await page.reload();
  const card = page.locator(`#organisation-${applied.id}[data-status="recognised"]`);
  await card.waitFor({ timeout: 20_000 });
  expect(await page.locator(`#organisation-${applied.id}-status`).innerText()).toBe('已认定');
  await card.getByText('下次复核在', { exact: false }).waitFor();
  await settled(page);
  await page.screenshot({ path: screenshotPath('resident-organisation-recognised'), fullPage: true });
  expect(residentErrors).toEqual([]);
  expect(streetErrors).toEqual([]);
});
