import { partitionKeyYear } from './error.filter';

describe('partitionKeyYear', () => {
  const detail = (value: string, column = 'created_at') => `Partition key of the failing row contains (${column}) = (${value}).`;

  it('reads the Shanghai year of a timestamptz in any session time zone', () => {
    expect(partitionKeyYear(detail('2027-03-01 10:00:00+08'))).toBe(2027);
    // 16:30 UTC on New Year's Eve is already the next year in Shanghai
    expect(partitionKeyYear(detail('2027-12-31 16:30:00+00'))).toBe(2028);
    expect(partitionKeyYear(detail('2027-12-31 15:59:59.999+00'))).toBe(2027);
    expect(partitionKeyYear(detail('2028-01-01 02:00:00-05:30'))).toBe(2028);
  });

  it('reads a year key as it is, and nothing from what is not a partition key', () => {
    expect(partitionKeyYear(detail('2080', 'session_year'))).toBe(2080);
    expect(partitionKeyYear(undefined)).toBeNull();
    expect(partitionKeyYear('Failing row contains (1, x).')).toBeNull();
    expect(partitionKeyYear(detail('infinity'))).toBeNull();
  });
});
