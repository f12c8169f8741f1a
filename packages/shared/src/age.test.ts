import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, dayTurning } from './age';

test('from the day someone turns an age, compared as text, ageOn says they are that age, and not the day before', () => {
  const days = ['2009-12-31', '2010-01-01', '2010-02-28', '2010-03-01', '2012-02-28', '2012-02-29', '2012-03-01', '2013-06-15'];
  for (const birthDate of ['1996-01-01', '1996-02-29', '1998-02-28', '1999-06-15', '1995-12-31']) {
    const turning = dayTurning(birthDate, 14);
    for (const day of days) {
      const shifted = `${Number(day.slice(0, 4)) - 2010 + Number(turning.slice(0, 4))}${day.slice(4)}`;
      assert.equal(shifted >= turning, ageOn(birthDate, shifted) >= 14, `${birthDate} on ${shifted}`);
    }
  }
  assert.equal(dayTurning('1996-02-29', 14), '2010-02-29');
});
