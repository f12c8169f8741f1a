import { OfferingDetail, OfferingKind, OfferingSummary, Page as ListPage, TokenPair } from '@lp/shared';
import { Page } from 'playwright-core';
import { A11yFinding, auditPage, blocking, describeFindings, exclusionsNote } from '../support/a11y';
import { appPages } from '../support/app-pages';
import { PHONE, settled, signedInContext, useDemoPortal } from '../support/browser';

/*
 * Every page of the app (app.config.ts: residents', teachers' and administrators'), opened by the
 * role it is for, on the demo data, checked with axe-core: no serious or critical finding.
 * The 68-year-old demo resident sees the resident pages in 长辈模式, staff see the normal sizes.
 */
const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英, 68

const portal = useDemoPortal('lp_e2e_browser_a11y');

interface DemoIds {
  offeringId: number;
  microLessonId: number;
  teacherId: string;
  teacherOfferingId: number;
  sessionId: number;
  reviewId: number | null;
  certificationId: number | null;
  areaId: number;
  /** The demo district's 百姓学习之星 评选, in 公示. */
  selectionId: number;
  /** The demo district's 活动周, published. */
  campaignId: number;
}

/** Ids from the demo data, read through the API as the pages would, for pages that show one thing. */
async function demoIds(resident: string, teacher: string, admin: string): Promise<DemoIds> {
  const get = async <T>(path: string, token: string): Promise<T> => {
    const res = await portal.call<T>('GET', path, token);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    return res.body;
  };
  const offerings = await get<ListPage<OfferingSummary>>('/api/offerings?limit=50', resident);
  const course = offerings.items.find((o) => o.kind !== OfferingKind.MicroCourse)!;
  const micro = (await get<ListPage<OfferingSummary>>(`/api/offerings?kind=${OfferingKind.MicroCourse}`, resident)).items[0];
  const lessons = (await get<OfferingDetail>(`/api/offerings/${micro.id}`, resident)).lessons;
  const teachers = await get<{ id: string }[]>('/api/teachers', resident);
  const own = (await get<OfferingSummary[]>('/api/teacher/offerings', teacher)).find((o) => o.kind !== OfferingKind.MicroCourse)!;
  const sessions = (await get<OfferingDetail>(`/api/offerings/${own.id}`, teacher)).sessions;
  const reviews = await get<{ id: number }[]>('/api/admin/offerings/reviews', admin);
  const certifications = await get<{ id: number }[]>('/api/certifications', admin);
  const me = await get<{ area: { id: number } }>('/api/me', admin);
  const selections = await get<{ id: number }[]>('/api/selections', admin);
  const campaigns = await get<{ id: number }[]>('/api/public/campaigns', resident);
  return {
    offeringId: course.id,
    microLessonId: lessons[0].id,
    teacherId: teachers[0].id,
    teacherOfferingId: own.id,
    sessionId: sessions[0].id,
    reviewId: reviews[0]?.id ?? null,
    certificationId: certifications[0]?.id ?? null,
    areaId: me.area.id,
    selectionId: selections[0].id,
    campaignId: campaigns[0].id,
  };
}

/** The query a page that shows one thing is opened with; pages not named here need none. */
function queryFor(route: string, ids: DemoIds): string {
  const year = new Date().getFullYear();
  const queries: Record<string, string> = {
    'subpackages/learn/pages/detail/index': `id=${ids.offeringId}`,
    'subpackages/learn/pages/lesson/index': `id=${ids.microLessonId}`,
    'subpackages/learn/pages/teacher/index': `id=${ids.teacherId}`,
    'subpackages/teacher/pages/offering/index': `id=${ids.teacherOfferingId}`,
    'subpackages/teacher/pages/offering-form/index': `id=${ids.teacherOfferingId}`,
    'subpackages/teacher/pages/checkin/index': `sessionId=${ids.sessionId}`,
    'subpackages/teacher/pages/roster/index': `sessionId=${ids.sessionId}`,
    'subpackages/admin/pages/review/index': ids.reviewId === null ? '' : `id=${ids.reviewId}`,
    'subpackages/admin/pages/certification/index': ids.certificationId === null ? '' : `id=${ids.certificationId}`,
    'subpackages/admin/pages/selection/index': `id=${ids.selectionId}`,
    'subpackages/admin/pages/campaign/index': `id=${ids.campaignId}`,
    'subpackages/admin/pages/campaign-form/index': `id=${ids.campaignId}`,
    'subpackages/campaign/pages/landing/index': `id=${ids.campaignId}`,
    'subpackages/admin/pages/population-edit/index': `areaId=${ids.areaId}&year=${year}&name=${encodeURIComponent('明湖区')}`,
  };
  return queries[route] ?? '';
}

/** Waits until the page has drawn its title and what it loads (no 正在加载… left), and stopped moving. */
async function ready(page: Page): Promise<void> {
  await page.locator('.taro-navigation-bar-show .taro-navigation-bar-title').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector('.page-shell .loading-notice'), undefined, { timeout: 20_000 });
  await settled(page);
}

describe('accessibility of every page (axe-core)', () => {
  it('finds no serious or critical problem on any page of the app, for residents, teachers and administrators', async () => {
    const pages = appPages();
    const resident = (await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID })).body;
    const sessions: Record<'learn' | 'teacher' | 'admin', TokenPair> = {
      learn: resident,
      teacher: await portal.passwordLogin('teacher_demo'),
      admin: await portal.passwordLogin('admin_district'),
    };
    const ids = await demoIds(sessions.learn.accessToken, sessions.teacher.accessToken, sessions.admin.accessToken);
    process.stdout.write(`${exclusionsNote()}\ndemo ids: ${JSON.stringify(ids)}\n`);

    const findings: A11yFinding[] = [];
    const rows: string[] = [];
    let audited = 0;
    const audit = async (page: Page, where: string) => {
      const found = await auditPage(page, where);
      findings.push(...found);
      audited += 1;
      rows.push(`  ${where}: ${found.length ? found.map((f) => `${f.rule}(${f.impact})`).join(' ') : 'clean'}`);
    };

    // signed out: the login page, as everyone first meets it
    const outside = await portal.browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
    const login = await outside.newPage();
    await login.goto(`${portal.server.url}/#/pages/login/index`);
    await ready(login);
    await audit(login, 'pages/login/index (signed out)');
    await outside.close();

    for (const { route, area } of pages) {
      // the one-time password change is a staff page; a resident never sees it
      const who = route === 'pages/password/index' ? 'teacher' : area;
      const context = await signedInContext(portal.browser, sessions[who]);
      const page = await context.newPage();
      const query = queryFor(route, ids);
      await page.goto(`${portal.server.url}/#/${route}${query ? `?${query}` : ''}`);
      await ready(page);
      await audit(page, `${route} (${who})`);
      await context.close();
    }

    const serious = findings.filter((f) => f.impact === 'serious').length;
    const critical = findings.filter((f) => f.impact === 'critical').length;
    process.stdout.write(`axe on ${audited} pages:\n${rows.join('\n')}\n`);
    if (findings.length) process.stdout.write(`findings:\n${describeFindings(findings)}\n`);
    process.stdout.write(`a11y: ${audited} pages, ${serious} serious, ${critical} critical\n`);
    expect(audited).toBe(pages.length + 1);
    expect(blocking(findings).map((f) => `${f.where}: ${f.rule}`)).toEqual([]);
  }, 600_000);
});
