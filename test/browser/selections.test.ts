import { AreaNode, NominationView, ObjectionView, SelectionNotice, SelectionView, TokenPair } from '@lp/shared';
import { Page } from 'playwright-core';
import { Client } from 'pg';
import { PHONE, screenshotPath, settled, signInOnPage, signedInContext, useDemoPortal, watchErrors } from '../support/browser';
import { tinyPng } from '../support/files';
import { idNumberFor, uniquePhone } from '../support/factories';

/*
 * A 百姓学习之星 campaign through the pages, from creation to the final list: the street admin opens
 * it and nominates a resident by phone, a resident puts herself forward with a photo, the nominee
 * consents on 我的评选 and another declines, the admin selects within the quota and publishes, the
 * public 公示 page (no sign-in) shows masked names only, an objection is raised there and answered,
 * and the final list is settled. A resident who opted out of rankings after being selected, and one
 * who did not consent, appear in no list: not on the public page, not on the admin dashboard's card.
 * The calendar is moved forward in the database (the server runs as its own process).
 */

const portal = useDemoPortal('lp_e2e_browser_selections');

/** A JSON call that must succeed. */
async function ok<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await portal.call<T>(method, path, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A new demo resident who bound their profile in `communityId`. */
async function resident(realName: string, communityId: number): Promise<{ tokens: TokenPair; phone: string }> {
  const tokens = await ok<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: 'new-resident' });
  const phone = uniquePhone();
  await ok('PUT', '/api/me/profile', tokens.accessToken, { realName, phone, idNumber: idNumberFor('1956-03-08'), birthDate: '1956-03-08', communityId, groups: [] });
  return { tokens, phone };
}

/** Moves the selection's calendar in the database: its nomination window and 公示 as days from today (Shanghai). */
async function moveCalendar(selectionId: number, days: { nominateFrom: number; nominateUntil: number; noticeStart: number; noticeEnd: number }): Promise<void> {
  const db = new Client({ connectionString: portal.databaseUrl });
  await db.connect();
  try {
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    await db.query(
      `UPDATE selection SET nominate_from = ${today} + $2::int, nominate_until = ${today} + $3::int, notice_start = ${today} + $4::int, notice_end = ${today} + $5::int WHERE id = $1`,
      [selectionId, days.nominateFrom, days.nominateUntil, days.noticeStart, days.noticeEnd],
    );
  } finally {
    await db.end();
  }
}

/** A full page load of an H5 route (not only a change of the hash). */
async function open(page: Page, route: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${portal.server.url}/#/${route}`);
}

/** The entries a card of the page lists, as `nominationId name` lines. */
async function entriesOn(page: Page, container: string, entry: string, name: string): Promise<string[]> {
  const rows = page.locator(`${container} ${entry}`);
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push(`${(await row.getAttribute('id'))!.replace(/\D+/g, '')} ${(await row.locator(name).innerText()).trim()}`);
  }
  return out.sort();
}

const FULL_NAMES = ['柳春华', '岸秋菊', '赵不列', '钱不同'];
const STORY_A = '退休后每周到社区学校学书法和智能手机，三年没有缺过课，还教会了楼里六位老人用手机挂号。';
const STORY_B = '坚持读书会五年，带着邻居一起学习防诈骗知识，自己整理了社区的学习资料。';

describe('百姓学习之星 in the browser', () => {
  it('runs from creation and nomination through consent, review, 公示 with an objection, to the final list; opted-out and non-consenting residents are never shown', async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const { browser, server } = portal;
    const adminToken = (await portal.passwordLogin('admin_street')).accessToken;
    const tree = await ok<AreaNode>('GET', '/api/areas/tree');
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const community = street.children[0];
    const a = await resident('柳春华', community.id);
    const b = await resident('岸秋菊', community.id);
    const c = await resident('赵不列', community.id);
    const d = await resident('钱不同', community.id);

    // 1. the street admin opens this year's selection from the admin home
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, server.url, 'admin_street');
    await page.locator('#home-admin').click({ timeout: 20_000 });
    await page.locator('#admin-selections').click({ timeout: 20_000 });
    await page.locator('#selection-new:visible').waitFor({ timeout: 20_000 });
    const title = `湖滨街道${year}年度百姓学习之星评选`;
    await page.locator('#selection-new-title input').fill(title);
    await page.locator('#selection-new-quota input').fill('3');
    await page.locator('#selection-new-submit').click();
    await page.locator('#selection-title:visible').getByText(title).waitFor({ timeout: 20_000 });
    const selection = (await ok<SelectionView[]>('GET', '/api/selections', adminToken)).find((s) => s.title === title)!;
    expect(selection).toMatchObject({ kind: 'star', year, quota: 3, status: 'open', area: { id: street.id } });
    const adminRoute = `subpackages/admin/pages/selection/index?id=${selection.id}`;

    // 2. the admin nominates 柳春华 by the phone she bound
    await page.locator('#selection-nominate:visible').click();
    await page.locator(`#nominate-selection-${selection.id}:visible`).waitFor({ timeout: 20_000 });
    await page.locator('#nominate-phone input').fill(a.phone);
    await page.locator('#nominate-story textarea').fill(STORY_A);
    await page.locator('#nominate-submit').click();
    await page.locator('#nominate-result[data-consent="pending"]').waitFor({ timeout: 20_000 });

    // 3. 岸秋菊 puts herself forward with a photo
    const bContext = await signedInContext(browser, b.tokens);
    const bPage = await bContext.newPage();
    await open(bPage, `subpackages/learn/pages/nominate/index?id=${selection.id}`);
    await bPage.locator('#nominate-self').waitFor({ timeout: 20_000 });
    await bPage.locator('#nominate-story textarea').fill(STORY_B);
    await bPage.locator('#nominate-file').setInputFiles({ name: 'reading.png', mimeType: 'image/png', buffer: tinyPng() });
    await bPage.locator('#nominate-photos[data-count="1"]').waitFor({ timeout: 20_000 });
    await bPage.locator('#nominate-submit').click();
    await bPage.locator('#nominate-result[data-consent="given"]').waitFor({ timeout: 20_000 });
    await bContext.close();

    // 赵不列 nominates herself and 钱不同 is nominated by the admin (through the API)
    const nc = await ok<NominationView>('POST', `/api/selections/${selection.id}/nominations`, c.tokens.accessToken, { story: STORY_B });
    const nd = await ok<NominationView>('POST', `/api/selections/${selection.id}/nominations`, adminToken, { story: STORY_A, nomineePhone: d.phone });

    // 4. on 我的评选 柳春华 reads what will be shown and agrees; 钱不同 declines
    const aContext = await signedInContext(browser, a.tokens);
    const aPage = await aContext.newPage();
    await open(aPage, 'pages/mine/index');
    await aPage.locator('#mine-nominations').click({ timeout: 20_000 });
    const na = (await ok<NominationView[]>('GET', '/api/me/selection-nominations', a.tokens.accessToken))[0];
    expect(na).toMatchObject({ selectionId: selection.id, awaitingMyConsent: true, consent: 'pending' });
    const shown = aPage.locator(`#my-nomination-${na.id}-shown`);
    await shown.waitFor({ timeout: 20_000 });
    expect(await shown.innerText()).toContain('姓名（只显示部分');
    await aPage.locator(`#my-nomination-${na.id}-accept`).click();
    await aPage.locator(`#my-nomination-${na.id}[data-consent="given"]`).waitFor({ timeout: 20_000 });
    await settled(aPage);
    await aPage.screenshot({ path: screenshotPath('70-resident-nomination-consent'), fullPage: true });
    await aContext.close();

    const dContext = await signedInContext(browser, d.tokens);
    const dPage = await dContext.newPage();
    await open(dPage, 'subpackages/learn/pages/nominations/index');
    await dPage.locator(`#my-nomination-${nd.id}-decline`).click({ timeout: 20_000 });
    await dPage.locator(`#my-nomination-${nd.id}[data-consent="declined"]`).waitFor({ timeout: 20_000 });
    await dContext.close();

    // 5. review: consent and evidence as the API gives them; the photo opens; 钱不同 cannot be selected
    await open(page, adminRoute);
    await page.locator(`#nomination-${na.id}:visible`).waitFor({ timeout: 20_000 });
    const reviewed = await ok<NominationView[]>('GET', `/api/selections/${selection.id}/nominations`, adminToken);
    expect(reviewed.map((n) => [n.nomineeName, n.consent]).sort()).toEqual([['岸秋菊', 'given'], ['柳春华', 'given'], ['赵不列', 'given'], ['钱不同', 'declined']].sort());
    for (const n of reviewed) {
      expect(await page.locator(`#nomination-${n.id}`).getAttribute('data-consent')).toBe(n.consent);
      const learning = await page.locator(`#nomination-${n.id}-learning`).innerText();
      if (n.learning) expect(learning).toContain(`共 ${n.learning.records} 条`);
      else expect(learning).toContain('同意以后才能看到');
    }
    expect(reviewed.find((n) => n.id === nd.id)!.learning).toBeNull();
    const nb = reviewed.find((n) => n.nomineeName === '岸秋菊')!;
    await page.locator(`#nomination-${nb.id}-photo-0-image`).waitFor({ timeout: 20_000 });
    expect(await page.locator(`#nomination-${nd.id}-select`).count()).toBe(0);
    for (const n of [na, nb, nc]) {
      await page.locator(`#nomination-${n.id}-select`).click();
      await page.locator(`#nomination-${n.id}[data-status="selected"]`).waitFor({ timeout: 20_000 });
    }
    await settled(page);
    await page.screenshot({ path: screenshotPath('71-admin-selection-review'), fullPage: true });

    // 赵不列 opts out of rankings after being selected
    await ok('PUT', '/api/me/ranking-opt-out', c.tokens.accessToken, { optOut: true });

    // 6. nominations close; 公示 starts today and the admin publishes
    await moveCalendar(selection.id, { nominateFrom: -20, nominateUntil: -1, noticeStart: 0, noticeEnd: 6 });
    await open(page, adminRoute);
    await page.locator('#selection-publish-submit').click({ timeout: 20_000 });
    await page.locator('#selection-facts[data-status="notice"]').waitFor({ timeout: 20_000 });

    // 7. the public page, without signing in: masked names of the consenting, nobody opted out
    const visitor = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
    const publicPage = await visitor.newPage();
    const publicProblems = watchErrors(publicPage);
    const publicRoute = `subpackages/learn/pages/selection-notice/index?areaId=${street.id}`;
    await open(publicPage, publicRoute);
    const card = `#notice-${selection.id}`;
    await publicPage.locator(`${card} #notice-entry-${na.id}`).waitFor({ timeout: 20_000 });
    await publicPage.waitForFunction(() => document.title.includes('评选公示'));
    await publicPage.locator('#notice-home').waitFor();
    const notice = await ok<SelectionNotice>('GET', `/api/public/selections/${selection.id}`);
    const expected = [`${na.id} 柳*华`, `${nb.id} 岸*菊`].sort();
    expect(notice.entries.map((e) => `${e.nominationId} ${e.maskedName}`).sort()).toEqual(expected);
    expect(await entriesOn(publicPage, card, '.notice-entry', '.notice-entry__name')).toEqual(expected);
    const publicText = await publicPage.locator('body').innerText();
    for (const name of FULL_NAMES) expect(publicText).not.toContain(name);
    expect(publicText).not.toMatch(/赵\*列|钱\*同/);
    expect(publicText).toContain(community.name);
    expect(publicText).toContain(STORY_A);
    const listed = (await ok<SelectionView[]>('GET', `/api/public/selections?areaId=${street.id}`)).find((s) => s.id === selection.id)!;
    expect(listed).toMatchObject({ status: 'notice', selectedCount: 2 });

    // 8. an objection from the public page, answered by the admin (contact masked)
    await publicPage.locator(`#notice-${selection.id}-object-${na.id}`).click();
    await publicPage.locator(`#notice-${selection.id}-contact input`).fill('13912345678');
    await publicPage.locator(`#notice-${selection.id}-reason textarea`).fill('想核实她是否真的每周都参加学习。');
    await publicPage.locator(`#notice-${selection.id}-send`).click();
    await publicPage.locator(`#notice-${selection.id}-receipt`).getByText('已收到您的异议').waitFor({ timeout: 20_000 });
    await settled(publicPage);
    await publicPage.screenshot({ path: screenshotPath('72-public-selection-notice'), fullPage: true });

    const [objection] = await ok<ObjectionView[]>('GET', `/api/selections/${selection.id}/objections`, adminToken);
    expect(objection).toMatchObject({ nominationId: na.id, contactMasked: '139****5678', answeredAt: null });
    await open(page, adminRoute);
    const row = page.locator(`#objection-${objection.id}[data-answered="no"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('139****5678');
    expect(await page.locator('body').innerText()).not.toContain('13912345678');
    await page.locator(`#objection-${objection.id}-text textarea`).fill('经核实，她每周都参加书法课，有签到记录。');
    await page.locator(`#objection-${objection.id}-reject`).click();
    await page.locator(`#objection-${objection.id}-answer`).getByText('异议不成立').waitFor({ timeout: 20_000 });

    // 9. 公示 has ended: the admin settles the final list
    await moveCalendar(selection.id, { nominateFrom: -30, nominateUntil: -8, noticeStart: -7, noticeEnd: -1 });
    await open(page, adminRoute);
    await page.locator('#selection-finalise-submit').click({ timeout: 20_000 });
    await page.locator('#selection-final').waitFor({ timeout: 20_000 });
    expect((await ok<SelectionView>('GET', `/api/selections/${selection.id}`, adminToken)).status).toBe('final');

    await open(publicPage, publicRoute);
    await publicPage.locator(`${card}[data-status="final"] #notice-entry-${na.id}`).waitFor({ timeout: 20_000 });
    expect(await publicPage.locator(`#notice-${selection.id}-state`).innerText()).toContain('最终名单');
    const final = await ok<SelectionNotice>('GET', `/api/public/selections/${selection.id}`);
    expect(final.entries.map((e) => `${e.nominationId} ${e.maskedName}`).sort()).toEqual(expected);
    expect(await entriesOn(publicPage, card, '.notice-entry', '.notice-entry__name')).toEqual(expected);
    expect(await publicPage.locator(`#notice-${selection.id}-objection`).count()).toBe(0);
    const finalText = await publicPage.locator('body').innerText();
    for (const name of FULL_NAMES) expect(finalText).not.toContain(name);
    await visitor.close();

    // 10. the admin dashboard's card shows the same final list, and nobody opted out
    await open(page, 'subpackages/admin/pages/dashboard/index');
    const dashboardCard = `#dashboard-selection-${selection.id}`;
    await page.locator(`${dashboardCard}[data-status="final"] .dashboard-selection__entry`).first().waitFor({ timeout: 30_000 });
    const dashboardNames = (await page.locator(`${dashboardCard} .dashboard-selection__entry`).allInnerTexts()).map((t) => t.split(/\s/)[0]).sort();
    expect(dashboardNames).toEqual(final.entries.map((e) => e.maskedName).sort());
    const dashboardText = await page.locator('#dashboard-selections').innerText();
    expect(dashboardText).not.toMatch(/赵|钱/);
    expect(problems).toEqual([]);
    expect(publicProblems).toEqual([]);
  });
});
