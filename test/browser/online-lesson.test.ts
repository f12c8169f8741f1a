import { OfferingDetail, OfferingKind, OfferingSummary, Page as ResultPage, PlaybackState, TokenPair } from '@lp/shared';
import { Browser } from 'playwright-core';
import { screenshotPath, settled, useDemoPortal } from '../support/browser';

const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英 of the demo data

const portal = useDemoPortal('lp_e2e_browser_lesson');
const call = <T>(method: string, path: string, token?: string, body?: unknown) => portal.call<T>(method, path, token, body);

describe('a micro-course lesson in the H5 app', () => {
  it('an enrolled resident opens a lesson from the course page, reads the rule, plays the video, and is told when another device takes over', async () => {
    const login = await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;
    const found = await call<ResultPage<OfferingSummary>>('GET', `/api/offerings?kind=${OfferingKind.MicroCourse}&q=${encodeURIComponent('视频通话')}`);
    const course = (await call<OfferingDetail>('GET', `/api/offerings/${found.body.items[0].id}`)).body;
    const lesson = course.lessons[0];
    expect([200, 201]).toContain((await call('POST', `/api/offerings/${course.id}/enrollments`, token)).status);

    const problems: string[] = [];
    const context = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await context.addInitScript((stored: string) => {
      if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
    }, JSON.stringify({ data: { accessToken: token, refreshToken: login.body.refreshToken, user: login.body.user } }));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${portal.server.url}/#/subpackages/learn/pages/detail/index?id=${course.id}`);
    await page.locator(`#detail-lesson-${lesson.id}-play`).click({ timeout: 20_000 });

    const rule = page.locator('#lesson-rule');
    await rule.waitFor({ timeout: 20_000 });
    expect(await rule.innerText()).toContain('要真的在看才计时：拖动进度条、暂停或离开页面都不计时；每天线上学习最多计 120 分钟');
    expect(await page.locator('#lesson-progress').getAttribute('data-watched')).toBe('0');
    await settled(page);
    await page.screenshot({ path: screenshotPath('60-lesson-page'), fullPage: true });

    // the demo's own video plays on this phone: its length is the lesson's, and time runs
    const video = page.locator('#lesson-video video');
    const started = page.waitForResponse((r) => r.url().endsWith(`/api/lessons/${lesson.id}/playbacks`) && r.status() === 201);
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await started;
    await page.waitForFunction(() => (document.querySelector('#lesson-video video') as HTMLVideoElement).currentTime > 1.5, undefined, { timeout: 15_000 });
    const played = await video.evaluate((v: HTMLVideoElement) => ({ duration: Math.round(v.duration), width: v.videoWidth, at: v.currentTime }));
    process.stdout.write(`lesson video: ${lesson.videoUrl}, ${played.duration} s, ${played.width} px wide, played to ${played.at.toFixed(1)} s\n`);
    expect(played.duration).toBe(lesson.durationSeconds);
    expect(played.width).toBeGreaterThan(0);
    expect(await page.locator('#lesson-video-problem').count()).toBe(0);
    await settled(page);
    await page.screenshot({ path: screenshotPath('60b-lesson-playing'), fullPage: true });
    // … then on another device, which takes over: this phone's next report is refused and it says so
    expect((await call<PlaybackState>('POST', `/api/lessons/${lesson.id}/playbacks`, token, {})).status).toBe(201);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    const takenOver = page.locator('#lesson-taken-over');
    await takenOver.getByText('已在另一台设备上播放，本设备不再计时').waitFor({ timeout: 15_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('61-lesson-taken-over'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('says in plain words when a lesson’s video cannot be played', async () => {
    const login = await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
    const found = await call<ResultPage<OfferingSummary>>('GET', `/api/offerings?kind=${OfferingKind.MicroCourse}&q=${encodeURIComponent('视频通话')}`);
    const course = (await call<OfferingDetail>('GET', `/api/offerings/${found.body.items[0].id}`)).body;
    const lesson = course.lessons[1];
    const context = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await context.addInitScript((stored: string) => {
      if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', stored);
    }, JSON.stringify({ data: { accessToken: login.body.accessToken, refreshToken: login.body.refreshToken, user: login.body.user } }));
    // the video's server is out of reach from this phone
    await context.route('**/media/**', (route) => route.abort('connectionrefused'));
    const page = await context.newPage();
    await page.goto(`${portal.server.url}/#/subpackages/learn/pages/lesson/index?id=${lesson.id}`);
    const video = page.locator('#lesson-video video');
    await video.waitFor({ state: 'attached', timeout: 20_000 });
    await video.evaluate((v: HTMLVideoElement) => v.play().catch(() => undefined));
    const problem = page.locator('#lesson-video-problem');
    await problem.waitFor({ timeout: 20_000 });
    expect(await problem.innerText()).toContain('视频放不出来');
    await settled(page);
    await page.screenshot({ path: screenshotPath('62-lesson-video-unreachable'), fullPage: true });
    await context.close();
  }, 120_000);
});
