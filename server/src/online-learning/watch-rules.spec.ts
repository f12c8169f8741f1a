import { creditableFromSeconds, measuredMinutes, requiredWatchSeconds } from './watch-rules';

describe('seconds a lesson needs', () => {
  it('is 90% of its length, rounded up, and at least one', () => {
    expect(requiredWatchSeconds(600)).toBe(540);
    expect(requiredWatchSeconds(61)).toBe(55);
    expect(requiredWatchSeconds(1)).toBe(1);
  });
});

describe('minutes a lesson may credit', () => {
  it('are the whole minutes watched, up to the planned minutes', () => {
    expect(measuredMinutes(10, 540)).toBe(9);
    expect(measuredMinutes(10, 600)).toBe(10);
    expect(measuredMinutes(5, 3600)).toBe(5);
  });

  it('are none for a video watched less than a minute, whatever its author typed', () => {
    expect(measuredMinutes(120, 2)).toBe(0);
    expect(measuredMinutes(120, 59)).toBe(0);
  });
});

describe('seconds from which a lesson may be credited', () => {
  it('are 90% of it and at least a whole minute', () => {
    expect(creditableFromSeconds(600, 10)).toBe(540);
    expect(creditableFromSeconds(30, 1)).toBe(60);
  });

  it('are none for a lesson with no minutes', () => {
    expect(creditableFromSeconds(600, 0)).toBeNull();
  });
});
