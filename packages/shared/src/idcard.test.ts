import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdCardNumber, idCardBirthDate, maskIdCard, maskName, maskPhone, withIdCardChecksum, isMobilePhone } from './idcard';
import { ageOn, shanghaiDate } from './age';

test('a number built with its checksum is valid and a changed digit is not', () => {
  const id = withIdCardChecksum('33021319560314002');
  assert.equal(checkIdCardNumber(id), null);
  const flipped = id.slice(0, 16) + String((Number(id[16]) + 1) % 10) + id[17];
  assert.equal(checkIdCardNumber(flipped), 'checksum');
});

test('the published GB 11643 example 11010519491231002X is valid', () => {
  assert.equal(checkIdCardNumber('11010519491231002X'), null);
  assert.equal(checkIdCardNumber('11010519491231002x'), null);
});

test('an impossible birth date and a wrong length are refused for what they are', () => {
  assert.equal(checkIdCardNumber(withIdCardChecksum('33021319560231002')), 'birth_date');
  assert.equal(checkIdCardNumber('3302131956031400'), 'format');
  assert.equal(idCardBirthDate('330213195603140021'), '1956-03-14');
});

test('masks keep only what a list needs', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskIdCard('11010519491231002X'), '1101**********002X');
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('欧阳小明'), '欧阳**');
});

test('mobile numbers start with 1 and a second digit of 3-9', () => {
  assert.ok(isMobilePhone('13900001111'));
  assert.ok(!isMobilePhone('12900001111'));
  assert.ok(!isMobilePhone('1390000111'));
});

test('age turns on the birthday, and Shanghai dates roll over at 16:00 UTC', () => {
  assert.equal(ageOn('1966-06-01', '2026-05-31'), 59);
  assert.equal(ageOn('1966-06-01', '2026-06-01'), 60);
  assert.equal(shanghaiDate(new Date('2026-12-31T15:59:59Z')), '2026-12-31');
  assert.equal(shanghaiDate(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
});
