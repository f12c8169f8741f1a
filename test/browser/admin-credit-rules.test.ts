import { RuleSetVersions } from '@lp/shared';
import { Page } from 'playwright-core';
import { apiToken, getJson, screenshotPath, settled, signInOnPage, useDemoPortal, watchErrors } from '../support/browser';

const portal = useDemoPortal('lp_e2e_browser_credit_rules');

/** 2027-01-01 → 2027年1月1日, as the page writes days. */
const dayText = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Taro's H5 modal (showModal) is part of the page: its confirm button is pressed like any other. */
async function confirmModal(page: Page, confirmText: string): Promise<void> {
  await page.locator('.taro__modal').getByText(confirmText, { exact: true }).click({ timeout: 10_000 });
}

/** The text of a row of the change table, one line per cell, to compare with what the test changed. */
async function changeRows(page: Page): Promise<string[]> {
  const rows = page.locator('#rule-changes [id^="rule-change-"]');
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | ').trim());
}

describe('学分规则版本 in the H5 app', () => {
  it('the district admin edits the rules in force, reads every change old → new and the day, publishes, and sees the version listed from that day', async () => {
    const token = await apiToken(portal.server.url, 'admin_district');
    const before = await getJson<RuleSetVersions>(portal.server.url, '/api/credit-rules/versions', token);
    const current = before.versions.find((v) => v.state === 'in_force')!;
    expect(current).toBeDefined();
    // the first of next month (from tomorrow), one of the days the page offers
    const [y, m] = before.earliestEffectiveFrom.split('-').map(Number);
    const chosen = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    const yesterday = new Date(Date.parse(`${before.today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

    const page = await portal.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchErrors(page);
    await signInOnPage(page, portal.server.url, 'admin_district');
    await page.locator('#home-admin').click({ timeout: 20_000 });
    await page.locator('#admin-credit-rules').click({ timeout: 20_000 });
    await page.locator(`#rule-version-${current.version}-state`).getByText('正在实行').waitFor({ timeout: 20_000 });
    await page.locator('#rule-current').getByText(`正在实行：第 ${current.version} 版`).waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath('50-admin-credit-rules-versions'), fullPage: true });

    // a version's details open under its row
    await page.locator(`#rule-version-${current.version}-open`).click();
    await page.locator(`#rule-set-${current.version}`).getByText('健康养生').waitFor({ timeout: 10_000 });

    await page.locator('#rule-edit').click();
    await page.locator('#rule-editor').waitFor({ timeout: 10_000 });
    await page.locator('#rule-health-hours input').fill('5');
    await page.locator('#rule-health-rounding-up').click();
    await page.locator('#rule-overall input').fill('35');
    await page.locator('#rule-achievement-award_district_first-toggle').click();

    // a past day is refused on the page before anything is sent
    await page.locator('#rule-day-input input').fill(yesterday);
    await page.locator('#rule-check').click();
    await page.locator('#rule-problem').getByText('生效日期最早是').waitFor({ timeout: 10_000 });

    await page.locator(`#rule-day-${chosen}`).click();
    expect(await page.locator('#rule-day-input input').inputValue()).toBe(chosen);
    await page.locator('#rule-check').click();
    await page.locator('#rule-review-when').getByText(`从 ${dayText(chosen)} 起实行，接替第 ${current.version} 版`).waitFor({ timeout: 10_000 });
    const rows = await changeRows(page);
    expect(rows).toEqual(
      expect.arrayContaining([
        '每人每年合计最多 | 30 学分 | 35 学分',
        '健康养生 · 多少学时记 1 学分 | 10 学时（600 分钟） | 5 学时（300 分钟）',
        '健康养生 · 取整方式 | 向下取整 | 向上取整',
        expect.stringMatching(/^证书认定 · 区级竞赛（一等奖） \| .* \| 不再认定$/),
      ]),
    );
    expect(rows).toHaveLength(4);
    await page.locator('#rule-review').scrollIntoViewIfNeeded();
    await settled(page);
    await page.screenshot({ path: screenshotPath('51-admin-credit-rules-changes'), fullPage: true });

    await page.locator('#rule-publish').click();
    await confirmModal(page, '确认发布');
    const made = current.version + 1;
    await page.locator('#rule-published').getByText(`已发布第 ${made} 版，${dayText(chosen)} 起实行`).waitFor({ timeout: 10_000 });
    await page.locator(`#rule-version-${made}-from`).getByText(dayText(chosen)).waitFor({ timeout: 10_000 });
    await page.locator(`#rule-version-${made}-state`).getByText('尚未生效').waitFor();
    await page.locator(`#rule-version-${current.version}-state`).getByText('正在实行').waitFor();
    await page.locator('#rule-published').scrollIntoViewIfNeeded();
    await settled(page);
    await page.screenshot({ path: screenshotPath('52-admin-credit-rules-published'), fullPage: true });

    // the filter shows only what is still to come
    await page.locator('#rule-filter-scheduled').click();
    await page.locator(`#rule-version-${current.version}`).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator(`#rule-version-${made}`).waitFor();

    const after = await getJson<RuleSetVersions>(portal.server.url, '/api/credit-rules/versions', token);
    const published = after.versions.find((v) => v.version === made)!;
    expect({ effectiveFrom: published.effectiveFrom, state: published.state, cap: published.overallYearlyCapMilli }).toEqual({ effectiveFrom: chosen, state: 'scheduled', cap: 35_000 });
    expect(published.rules.find((r) => r.category === 'health')).toMatchObject({ minutesPerCredit: 300, rounding: 'up' });
    expect(published.achievements.map((a) => a.code)).not.toContain('award_district_first');
    expect(after.versions.find((v) => v.version === current.version)).toMatchObject({ state: 'in_force', effectiveUntil: expect.any(String) });
    expect(problems).toEqual([]);
  });
});
