import { test } from 'node:test';
import assert from 'node:assert/strict';
import { populationProblems } from './population';

const ok = { residentTotal: 1000, aged60Plus: 250, under18: 150, employed: 500, migrantWorkers: 80, unemployed: 20, ruralLabor: 0 };

test('figures within the total pass', () => {
  assert.deepEqual(populationProblems(ok), []);
});

test('a group above the total is named, and 60+ with under-18 above it too', () => {
  assert.deepEqual(populationProblems({ ...ok, employed: 1001 }).map((p) => p.field), ['employed']);
  const overlap = populationProblems({ ...ok, aged60Plus: 600, under18: 500 });
  assert.deepEqual(overlap.map((p) => p.message), ['60岁以上和18岁以下人口加起来不能多于常住人口']);
});
