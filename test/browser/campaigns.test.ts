import { CampaignListItem, CampaignView, TokenPair } from '@lp/shared';
import { PHONE, screenshotPath, settled, signedInContext, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

/*
 * 活动周 through the pages (issue 17): the 湖滨街道 admin creates a 活动周 for the street, adds one
 * of the street's activities and publishes it; 王秀英, who lives in the street, finds it in the
 * banner on 首页 and opens its landing page with its dates, figures and the activity.
 */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英, 柳岸社区, 湖滨街道

const portal = useDemoPortal('lp_e2e_browser_campaigns');

const day = (plus: number) => new Date(Date.now() + 8 * 3600_000 + plus * 86400_000).toISOString().slice(0, 10);

it('an admin creates, fills and publishes a 活动周, and a resident sees it on 首页 and opens its landing page with figures', async () => {
  const admin = await portal.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const adminErrors = watchErrors(admin);
  await signInOnPage(admin, portal.server.url, 'admin_street');
  await admin.locator('#home-admin').click({ timeout: 20_000 });
  await admin.locator('#admin-campaigns').click({ timeout: 20_000 });
  await admin.locator('#campaigns-new:visible').click({ timeout: 20_000 });

  // the form: a 活动周 of the admin's own street
  await admin.locator('#campaign-form-kind-learning_week').click({ timeout: 20_000 });
  await admin.locator('#campaign-form-area:visible').getByText('湖滨街道').first().waitFor({ timeout: 20_000 });
  await admin.locator('#campaign-form-title input').fill('湖滨街道读书学习周');
  await admin.locator('#campaign-form-description textarea').fill('街道各社区学校开放课堂，欢迎来听课。');
  await admin.locator('#campaign-form-year input').fill(day(0).slice(0, 4));
  await admin.locator('#campaign-form-starts input').fill(day(0));
  await admin.locator('#campaign-form-ends input').fill(day(6));
  // a 开放日 shows the district's rule in words with the day it gives
  await admin.locator('#campaign-form-kind-open_day').click();
  await admin.locator('#campaign-form-date-source-rule').click();
  await admin.locator('#campaign-form-rule:visible').getByText(/11月第三个星期五：\d{4}年11月\d+日/).waitFor({ timeout: 20_000 });
  await admin.locator('#campaign-form-kind-learning_week').click();
  await admin.locator('#campaign-form-submit').click();

  // the campaign page: a draft with no activities; add one of the street's and publish
  await admin.locator('#campaign-facts:visible[data-status="draft"]').waitFor({ timeout: 20_000 });
  const streetToken = (await portal.passwordLogin('admin_street')).accessToken;
  const made = (await portal.call<CampaignListItem[]>('GET', '/api/campaigns', streetToken)).body.find((c) => c.title === '湖滨街道读书学习周')!;
  expect(made).toMatchObject({ kind: 'learning_week', status: 'draft', startsOn: day(0), endsOn: day(6), activityCount: 0 });
  const add = admin.locator('[id^="campaign-add-"]:visible').first();
  await add.waitFor({ timeout: 20_000 });
  const offeringId = Number((await add.getAttribute('id'))!.replace('campaign-add-', ''));
  await add.click();
  await admin.locator(`#campaign-activity-${offeringId}:visible`).waitFor({ timeout: 20_000 });
  await admin.locator('#campaign-publish').click();
  await admin.locator('#campaign-facts:visible[data-status="published"]').waitFor({ timeout: 20_000 });
  await settled(admin);
  await admin.screenshot({ path: screenshotPath('admin-campaign-published') });

  const published = (await portal.call<CampaignView>('GET', `/api/public/campaigns/${made.id}`)).body;
  expect(published.activities.map((a) => a.offeringId)).toEqual([offeringId]);

  // the resident: the banner on 首页, then the landing page
  const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID })).body;
  const context = await signedInContext(portal.browser, resident);
  const home = await context.newPage();
  const residentErrors = watchErrors(home);
  await home.goto(`${portal.server.url}/`);
  const banner = home.locator(`#home-campaign-${made.id}:visible`);
  await banner.waitFor({ timeout: 30_000 });
  await banner.getByText('湖滨街道读书学习周').waitFor();
  await settled(home);
  await home.screenshot({ path: screenshotPath('home-campaign-banner') });
  await banner.click();

  await home.locator('#campaign-landing-head:visible').getByText('湖滨街道读书学习周').waitFor({ timeout: 20_000 });
  await home.locator('#campaign-landing-figures-activities').getByText('1 个').waitFor();
  await home.locator('#campaign-landing-figures-participants:visible').waitFor();
  await home.locator(`#campaign-landing-activity-${offeringId}:visible`).waitFor();
  await settled(home);
  await home.screenshot({ path: screenshotPath('campaign-landing'), fullPage: true });
  // an activity card opens the activity
  await home.locator(`#campaign-landing-activity-${offeringId}`).click();
  await home.waitForURL(new RegExp(`learn/pages/detail/index\\?id=${offeringId}`), { timeout: 20_000 });

  // the landing page opens for someone not signed in too
  const outside = await portal.browser.newContext({ viewport: PHONE });
  const anonymous = await outside.newPage();
  await anonymous.goto(`${portal.server.url}/#/subpackages/campaign/pages/landing/index?id=${made.id}`);
  await anonymous.locator('#campaign-landing-head:visible').getByText('湖滨街道读书学习周').waitFor({ timeout: 20_000 });
  await outside.close();
  await context.close();

  expect(adminErrors).toEqual([]);
  expect(residentErrors).toEqual([]);
}, 180_000);
