import { AreaNode, Page as ListPage, maskName, ResidentGroup, ResidentListItem, TokenPair } from '@lp/shared';
import { idNumberFor, uniquePhone } from '../support/factories';
import { screenshotPath, settled, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

const portal = useDemoPortal('lp_e2e_browser_residents');

describe('the residents table on a desktop browser', () => {
  it('a street administrator finds a resident by whole name and by whole phone, filters by community and group, and pages', async () => {
    const { server, browser, call } = portal;
    const tree = (await call<AreaNode>('GET', '/api/areas/tree')).body;
    const street = tree.children.find((s) => s.name === '湖滨街道')!;
    const community = street.children[0];
    // a resident binds a profile in the mini program (here through the API, as a script would)
    const resident = (await call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: 'new-resident' })).body;
    const phone = uniquePhone();
    const idNumber = idNumberFor('1956-02-03');
    const bound = await call('PUT', '/api/me/profile', resident.accessToken, {
      realName: '欧阳春燕', phone, idNumber, birthDate: '1956-02-03', communityId: community.id, groups: [ResidentGroup.Unemployed],
    });
    expect(bound.status).toBe(201);
    const row = `#resident-${resident.user.id}`;

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, server.url, 'admin_street');
    await page.locator('#home-admin').click({ timeout: 20_000 });
    await page.locator('#admin-residents').click();
    await page.locator('#residents-table:visible').waitFor({ timeout: 20_000 });
    await settled(page);
    await page.screenshot({ path: screenshotPath('20-admin-residents-street'), fullPage: true });

    // the street has more residents than one page: forward and back again
    const firstRows = await page.locator('#residents-table [id^="resident-"]').count();
    expect(firstRows).toBe(20);
    await page.locator('#residents-next').click();
    await page.locator('#residents-number').getByText('第 2 页').waitFor({ timeout: 10_000 });
    await page.locator('#residents-previous').click();
    await page.locator('#residents-number').getByText('第 1 页').waitFor({ timeout: 10_000 });

    const searchFor = async (text: string) => {
      await page.locator('#residents-search input').fill(text);
      await page.locator('#residents-search-go').click();
    };
    // the whole name finds exactly this resident, masked
    await searchFor('欧阳春燕');
    await page.locator(row).waitFor({ timeout: 10_000 });
    expect(await page.locator('#residents-table [id^="resident-"]').count()).toBe(1);
    await page.locator(row).getByText(maskName('欧阳春燕')).waitFor();
    await page.locator(row).getByText(`${phone.slice(0, 3)}****${phone.slice(-4)}`).waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('21-admin-residents-search'), fullPage: true });
    // a part of the name finds nobody; a part of a phone number is refused in plain words
    await searchFor('欧阳');
    await page.locator('#residents-empty').getByText('没有找到这位居民').waitFor({ timeout: 10_000 });
    await searchFor(phone.slice(0, 7));
    await page.getByText('手机号要输入完整的11位才能查找').waitFor({ timeout: 10_000 });
    await searchFor(phone);
    await page.locator(row).waitFor({ timeout: 10_000 });
    expect(await page.locator('#residents-table [id^="resident-"]').count()).toBe(1);
    const shown = await page.locator('body').innerText();
    expect(shown).not.toContain(phone);
    expect(shown).not.toContain(idNumber);

    // without the search: the community, then the group, narrow the table to rows that match
    await page.locator('#residents-search-clear').click();
    await page.locator(`#residents-area-${community.id}`).click();
    await page.locator('#residents-area').getByText(`湖滨街道 › ${community.name}`).waitFor({ timeout: 10_000 });
    await page.locator(`#residents-group-${ResidentGroup.Unemployed}`).click();
    await page.locator(row).waitFor({ timeout: 10_000 });
    const token = (await portal.passwordLogin('admin_street')).accessToken;
    const expected = await call<ListPage<ResidentListItem>>(
      'GET', `/api/admin/residents?areaId=${community.id}&group=${ResidentGroup.Unemployed}&limit=20`, token,
    );
    const ids = await page.locator('#residents-table [id^="resident-"]').evaluateAll((els) => els.map((e) => e.id.slice('resident-'.length)));
    expect(ids).toEqual(expected.body.items.map((i) => i.userId));
    await settled(page);
    await page.screenshot({ path: screenshotPath('22-admin-residents-filtered'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
