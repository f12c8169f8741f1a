import { test } from 'node:test';
import assert from 'node:assert/strict';
import { populationProblems, withStoredOrganisations } from './population';

const ok = { residentTotal: 1000, aged60Plus: 250, under18: 150, employed: 500, migrantWorkers: 80, unemployed: 20, ruralLabor: 0, organisations: 12, learningOrganisations: 9 };

test('figures within the total pass', () => {
  assert.deepEqual(populationProblems(ok), []);
});

test('a group above the total is named, and 60+ with under-18 above it too', () => {
  assert.deepEqual(populationProblems({ ...ok, employed: 1001 }).map((p) => p.field), ['employed']);
  const overlap = populationProblems({ ...ok, aged60Plus: 600, under18: 500 });
  assert.deepEqual(overlap.map((p) => p.message), ['60岁以上和18岁以下人口加起来不能多于常住人口']);
});

test('organisations are not compared with 常住人口, but no more 学习型组织 than organisations', () => {
  assert.deepEqual(populationProblems({ ...ok, residentTotal: 5, aged60Plus: 1, under18: 1, employed: 1, migrantWorkers: 1, unemployed: 1, organisations: 30, learningOrganisations: 30 }), []);
  assert.deepEqual(populationProblems({ ...ok, learningOrganisations: 13 }), [
    { field: 'learningOrganisations', message: '已创建的学习型组织不能多于各类组织数' },
  ]);
});

test('an update without the organisation figures keeps the stored ones, or 0 for a new entry', () => {
  const { organisations, learningOrganisations, ...people } = ok;
  assert.deepEqual(withStoredOrganisations(people, { organisations: 7, learningOrganisations: 5 }), { ...people, organisations: 7, learningOrganisations: 5 });
  assert.deepEqual(withStoredOrganisations(people, null), { ...people, organisations: 0, learningOrganisations: 0 });
  assert.deepEqual(withStoredOrganisations({ ...people, learningOrganisations: 6 }, { organisations: 7, learningOrganisations: 5 }), { ...people, organisations: 7, learningOrganisations: 6 });
  assert.deepEqual(withStoredOrganisations({ ...people, organisations, learningOrganisations }, null), ok);
});
