import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cappedGrant, creditsForMinutes, formatCredits, formatMinutes } from './credit';

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
