import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHours, isoDuration, maskNameMiddle } from './transcript';

test('a name on the public verification page keeps only its first and last character', () => {
  assert.equal(maskNameMiddle('王秀英'), '王*英');
  assert.equal(maskNameMiddle('王英'), '王*');
  assert.equal(maskNameMiddle('欧阳秀英'), '欧**英');
  assert.equal(maskNameMiddle('𠀀明'), '𠀀*');
  assert.equal(maskNameMiddle('王'), '*');
});

test('学时 are minutes over sixty with at most two decimals', () => {
  assert.equal(formatHours(90), '1.5');
  assert.equal(formatHours(45), '0.75');
  assert.equal(formatHours(20), '0.33');
  assert.equal(formatHours(120), '2');
  assert.equal(formatHours(0), '0');
});

test('xAPI durations are ISO 8601 hours and minutes', () => {
  assert.equal(isoDuration(90), 'PT1H30M');
  assert.equal(isoDuration(45), 'PT45M');
  assert.equal(isoDuration(120), 'PT2H');
  assert.equal(isoDuration(0), 'PT0M');
});
