import { AreaNode, IndicatorCode, OrganisationListItem, StatisticsOverview } from '@lp/shared';
import { Page } from 'playwright-core';
import { screenshotPath, settled, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

/*
 * 学习型组织 through the pages alone (issue 17): the 柳岸社区 admin registers a 学习型社团 with its
 * members and plan; it waits for the street above. The 湖滨街道 admin opens it, scores each criterion
 * and recognises it; the street's 学习型组织 figure on the dashboard moves by one.
 */
const portal = useDemoPortal('lp_e2e_browser_orgs');

const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

async function openOrganisations(page: Page, username: string): Promise<void> {
  await signInOnPage(page, portal.server.url, username);
  await page.locator('#home-admin').click({ timeout: 20_000 });
  await page.locator('#admin-organisations').click({ timeout: 20_000 });
  await page.locator('#organisations-status:visible').waitFor({ timeout: 20_000 });
}

it('a 社区 admin registers a 学习型社团, the 街道 admin recognises it, and the dashboard’s 学习型组织 figure moves', async () => {
  const tree = (await portal.call<AreaNode>('GET', '/api/areas/tree')).body;
  const street = tree.children.find((s) => s.name === '湖滨街道')!;
  const streetToken = (await portal.passwordLogin('admin_street')).accessToken;
  const figure = async () =>
    (await portal.call<StatisticsOverview>('GET', `/api/areas/${street.id}/statistics?year=${thisYear()}`, streetToken)).body.indicators.find(
      (i) => i.code === IndicatorCode.LearningOrganisations,
    )!;
  const before = await figure();
  expect(before.denominator).toBeGreaterThan(0);

  // the community admin registers it
  const community = await portal.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const communityErrors = watchErrors(community);
  await openOrganisations(community, 'admin_community');
  await community.locator('#organisations-register').click();
  await community.locator('#organisation-form-kind-society').click({ timeout: 20_000 });
  await community.locator('#organisation-form-area:visible').getByText('柳岸社区').waitFor({ timeout: 20_000 });
  await community.locator('#organisation-form-name input').fill('柳岸太极拳队');
  await community.locator('#organisation-form-contact input').fill('钱师傅');
  await community.locator('#organisation-form-phone input').fill('13900020001');
  await community.locator('#organisation-form-members textarea').fill('钱师傅\n孙阿姨\n李伯伯');
  await community.locator('#organisation-form-plan textarea').fill('每天早上在社区广场练太极拳，每月请老师来纠正一次动作。');
  await community.locator('#organisation-form-submit').click();
  await community.locator('#organisation-waiting:visible').waitFor({ timeout: 20_000 });
  await community.locator('#organisation-facts:visible').getByText('139****0001').waitFor();
  // it registered it: it is not the one to assess it
  expect(await community.locator('#organisation-panel').count()).toBe(0);
  await settled(community);
  await community.screenshot({ path: screenshotPath('admin-organisation-registered') });

  const waiting = (await portal.call<OrganisationListItem[]>('GET', '/api/learning-organisations?status=applied', streetToken)).body.find((o) => o.name === '柳岸太极拳队')!;
  expect(waiting).toMatchObject({ status: 'applied', kind: 'society', memberCount: 3 });

  // the street admin scores and recognises it
  const streetPage = await portal.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const streetErrors = watchErrors(streetPage);
  await openOrganisations(streetPage, 'admin_street');
  await streetPage.locator(`#organisation-item-${waiting.id}:visible`).click({ timeout: 20_000 });
  await streetPage.locator('#organisation-panel:visible').waitFor({ timeout: 20_000 });
  const scoreFields = streetPage.locator('[id^="organisation-score-"]:visible input');
  await scoreFields.first().waitFor({ timeout: 20_000 });
  const n = await scoreFields.count();
  expect(n).toBeGreaterThan(0);
  // a score left out is named before anything is sent
  await streetPage.locator('#organisation-recognise').click();
  await streetPage.locator('#organisation-panel-error:visible').getByText('请给第 1 项').waitFor();
  for (let i = 0; i < n; i++) await streetPage.locator(`#organisation-score-${i} input`).fill('15');
  await streetPage.locator('#organisation-overall input').fill('每天坚持，队伍稳定');
  await settled(streetPage);
  await streetPage.screenshot({ path: screenshotPath('admin-organisation-assess') });
  await streetPage.locator('#organisation-recognise').click();
  // back on the list, it has left the waiting ones
  await streetPage.locator('#organisations-status:visible').waitFor({ timeout: 20_000 });
  await streetPage.locator(`#organisation-item-${waiting.id}:visible`).waitFor({ state: 'detached', timeout: 20_000 });

  const recognised = (await portal.call<{ status: string; assessments: { totalScore: number }[] }>('GET', `/api/learning-organisations/${waiting.id}`, streetToken)).body;
  expect(recognised.status).toBe('recognised');
  expect(recognised.assessments[0].totalScore).toBe(15 * n);

  // the street's dashboard counts it
  const after = await figure();
  expect(after.numerator).toBe(before.numerator + 1);
  await streetPage.goto(portal.server.url + '/');
  await streetPage.locator('#home-admin').click({ timeout: 20_000 });
  await streetPage.locator('#admin-dashboard').click({ timeout: 20_000 });
  const card = streetPage.locator(`#dashboard-indicator-${IndicatorCode.LearningOrganisations}:visible`);
  await card.waitFor({ timeout: 20_000 });
  expect(await card.getAttribute('data-numerator')).toBe(String(after.numerator));
  await card.getByText(`已创建学习型组织 ${after.numerator} 个`, { exact: false }).waitFor();

  expect(communityErrors).toEqual([]);
  expect(streetErrors).toEqual([]);
});
