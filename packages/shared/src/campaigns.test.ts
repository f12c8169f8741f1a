import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CampaignDateRule, campaignRuleDate, campaignRuleInWords, campaignRuleProblems, DEFAULT_OPEN_DAY_RULE, describeCampaignRule } from './campaigns';

const weekOfMonth: CampaignDateRule = { kind: 'week_of_month', month: 11, n: 3, weekday: 5 };

test('the default 开放日 is the third Friday of November', () => {
  assert.equal(campaignRuleDate(DEFAULT_OPEN_DAY_RULE, 2024), '2024-11-15');
  assert.equal(campaignRuleDate(DEFAULT_OPEN_DAY_RULE, 2025), '2025-11-21');
  assert.equal(campaignRuleDate(DEFAULT_OPEN_DAY_RULE, 2026), '2026-11-20');
  assert.equal(campaignRuleDate(DEFAULT_OPEN_DAY_RULE, 2027), '2027-11-19');
  // 1 November 2030 is a Friday: the third Friday is the 15th
  assert.equal(campaignRuleDate(DEFAULT_OPEN_DAY_RULE, 2030), '2030-11-15');
});

test('the Friday of the week holding the 15th (weeks Monday to Sunday, week 1 holds the 1st)', () => {
  // 1 November 2025 is a Saturday: week 1 runs 27 Oct – 2 Nov, week 3 is 10–16 Nov
  assert.equal(campaignRuleDate(weekOfMonth, 2025), '2025-11-14');
  assert.equal(campaignRuleDate(weekOfMonth, 2026), '2026-11-13');
  // 1 November 2024 is a Friday: both readings agree
  assert.equal(campaignRuleDate(weekOfMonth, 2024), '2024-11-15');
  assert.equal(campaignRuleDate(weekOfMonth, 2030), '2030-11-15');
});

test('the two readings differ in 2025 by a week', () => {
  assert.notEqual(campaignRuleDate(DEFAULT_OPEN_DAY_RULE, 2025), campaignRuleDate(weekOfMonth, 2025));
});

test('every allowed rule gives a day inside its month, on its weekday, for fifty years', () => {
  for (const kind of ['nth_weekday', 'week_of_month'] as const) {
    for (let n = 1; n <= 4; n += 1) {
      for (let weekday = 1; weekday <= 7; weekday += 1) {
        for (let month = 1; month <= 12; month += 1) {
          const rule = { kind, month, n, weekday };
          if (campaignRuleProblems(rule).length > 0) continue;
          for (let year = 2000; year < 2050; year += 1) {
            const day = campaignRuleDate(rule, year);
            const d = new Date(`${day}T00:00:00Z`);
            assert.equal(d.toISOString().slice(0, 10), day);
            assert.equal(d.getUTCMonth() + 1, month, `${JSON.stringify(rule)} ${year}`);
            assert.equal(((d.getUTCDay() + 6) % 7) + 1, weekday);
          }
        }
      }
    }
  }
});

test('rules that could leave the month are refused in words', () => {
  assert.deepEqual(campaignRuleProblems({ ...weekOfMonth, n: 1 }), ['只能选第二到第四周']);
  assert.deepEqual(campaignRuleProblems({ ...DEFAULT_OPEN_DAY_RULE, n: 5 }), ['只能选第一到第四个']);
  assert.deepEqual(campaignRuleProblems({ ...DEFAULT_OPEN_DAY_RULE, month: 13, weekday: 0 }), ['月份要在1到12之间', '请选择星期几']);
});

test('a rule reads in words with the day it gives', () => {
  assert.equal(campaignRuleInWords(DEFAULT_OPEN_DAY_RULE, 2026), '11月第三个星期五：2026年11月20日');
  assert.match(describeCampaignRule(weekOfMonth), /^11月第三周的星期五/);
});
