import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Category } from './catalogue';
import { DEFAULT_CREDIT_RULES, cappedGrant, creditsForMinutes, formatCredits, formatMinutes, ruleSetChanges } from './credit';

const tenHoursPerCredit = { minutesPerCredit: 600, roundingStepMilli: 1 as const, rounding: 'down' as const };

test('10 学时 make one credit; two hours make 0.333 rounded down to the milli-credit', () => {
  assert.equal(creditsForMinutes(600, tenHoursPerCredit), 1000);
  assert.equal(creditsForMinutes(120, tenHoursPerCredit), 200);
  assert.equal(creditsForMinutes(100, tenHoursPerCredit), 166);
});

test('rounding to a step goes down, to nearest (half up) or up as the rule says', () => {
  const step = (rounding: 'down' | 'nearest' | 'up') => ({ minutesPerCredit: 600, roundingStepMilli: 100 as const, rounding });
  assert.equal(creditsForMinutes(100, step('down')), 100);
  assert.equal(creditsForMinutes(100, step('nearest')), 200);
  assert.equal(creditsForMinutes(90, step('nearest')), 200);
  assert.equal(creditsForMinutes(89, step('nearest')), 100);
  assert.equal(creditsForMinutes(61, step('up')), 200);
  assert.equal(creditsForMinutes(60, step('up')), 100);
});

test('no minutes, negative or fractional minutes are worth nothing', () => {
  assert.equal(creditsForMinutes(0, tenHoursPerCredit), 0);
  assert.equal(creditsForMinutes(-60, tenHoursPerCredit), 0);
  assert.equal(creditsForMinutes(1.5, tenHoursPerCredit), 0);
});

test('a grant stops at whichever cap is nearer and never goes below zero', () => {
  assert.equal(cappedGrant(500, { category: 300, overall: 1000 }), 300);
  assert.equal(cappedGrant(500, { category: 1000, overall: 200 }), 200);
  assert.equal(cappedGrant(500, { category: -10, overall: 200 }), 0);
});

test('credits and minutes read plainly', () => {
  assert.equal(formatCredits(1250), '1.25');
  assert.equal(formatCredits(3000), '3');
  assert.equal(formatCredits(5), '0.005');
  assert.equal(formatCredits(-200), '-0.2');
  assert.equal(formatMinutes(90), '1小时30分');
  assert.equal(formatMinutes(45), '45分钟');
  assert.equal(formatMinutes(120), '2小时');
});

test('ruleSetChanges lists each changed item old → new, and nothing for an identical version', () => {
  const v1 = { overallYearlyCapMilli: 30_000, rules: DEFAULT_CREDIT_RULES.rules, achievements: DEFAULT_CREDIT_RULES.achievements, note: '说明' };
  assert.deepEqual(ruleSetChanges(v1, { ...v1, rules: [...v1.rules].reverse() }), []);
  const v2 = {
    ...v1,
    overallYearlyCapMilli: 35_500,
    rules: v1.rules.map((r) => (r.category === Category.Health ? { ...r, minutesPerCredit: 450, rounding: 'nearest' as const } : r)),
    achievements: [...v1.achievements.filter((a) => a.code !== 'award_city_first'), { ...v1.achievements[0], code: 'new_one', name: '新证书', level: '初级', creditsMilli: 1500 }],
  };
  assert.deepEqual(ruleSetChanges(v1, v2), [
    { item: '每人每年合计最多', before: '30 学分', after: '35.5 学分' },
    { item: '健康养生 · 多少学时记 1 学分', before: '10 学时（600 分钟）', after: '7.5 学时（450 分钟）' },
    { item: '健康养生 · 取整方式', before: '向下取整', after: '四舍五入' },
    { item: '证书认定 · 市级竞赛（一等奖）', before: '市级竞赛（一等奖）文体艺术 4 学分', after: '不再认定' },
    { item: '证书认定 · 新证书（初级）', before: '没有这一项', after: '新证书（初级）职业技能 1.5 学分' },
  ]);
});
