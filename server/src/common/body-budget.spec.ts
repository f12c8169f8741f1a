import { DEFAULT_BODY_LIMITS, overBudget, textOverBudget } from './body-budget';

const limits = DEFAULT_BODY_LIMITS;

describe('the body budget', () => {
  it.each([
    ['an ordinary form', { realName: '王秀英', groups: ['elderly'], communityId: 1 }],
    ['a full credit rule set', { effectiveFrom: '2026-01-01', overallYearlyCapMilli: 1, note: 'a,b:c', rules: Array.from({ length: 20 }, () => ({ a: 1, b: 2, c: 3, d: 4, e: 5 })), achievements: Array.from({ length: 200 }, () => ({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 'x:"y",[z]' })) }],
    ['empty containers', { a: [], b: {}, c: [[], {}] }],
  ])('takes %s, counted alike from its text and its object', (_what, value) => {
    expect(textOverBudget(JSON.stringify(value, null, 2), limits)).toBeNull();
    expect(overBudget(value, limits)).toBeNull();
  });

  it.each([
    ['20,000 fields', Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, 1])), 413],
    ['65 fields in one object', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, 1])), 413],
    ['2,001 array elements', { ids: Array.from({ length: 2001 }, (_, i) => i) }, 413],
    ['40 objects of 60 fields', { rows: Array.from({ length: 40 }, () => Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, 1]))) }, 413],
    ['17 levels', JSON.parse('{"a":'.repeat(17) + '1' + '}'.repeat(17)) as unknown, 400],
  ])('refuses %s from its text and its object alike', (_what, value, status) => {
    expect(textOverBudget(JSON.stringify(value), limits)?.status).toBe(status);
    expect(overBudget(value, limits)?.status).toBe(status);
  });

  it('does not count what is inside strings', () => {
    const text = JSON.stringify({ note: ',:[{'.repeat(5000), escaped: '\\",:'.repeat(1000) });
    expect(textOverBudget(text, limits)).toBeNull();
  });
});
