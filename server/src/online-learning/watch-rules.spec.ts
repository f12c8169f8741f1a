import { countedSeconds, MAX_HEARTBEAT_GAP_SECONDS, measuredMinutes, requiredWatchSeconds } from './watch-rules';

describe('seconds a heartbeat counts', () => {
  it('counts playing in step with the clock, rounded down', () => {
    expect(countedSeconds(15_000, 0, 15)).toBe(15);
    expect(countedSeconds(15_400, 30, 45)).toBe(15);
    expect(countedSeconds(14_800, 30, 45)).toBe(14);
  });

  it('counts no more than the clock moved, even when the video plays faster', () => {
    expect(countedSeconds(15_000, 0, 30)).toBe(15);
    expect(countedSeconds(10_000, 0, 8)).toBe(8);
  });

  it('counts nothing when paused, idle or going back', () => {
    expect(countedSeconds(15_000, 120, 120)).toBe(0);
    expect(countedSeconds(600_000, 120, 120)).toBe(0);
    expect(countedSeconds(15_000, 120, 60)).toBe(0);
  });

  it('counts nothing for a jump forward (dragging the progress bar)', () => {
    expect(countedSeconds(15_000, 0, 600)).toBe(0);
    expect(countedSeconds(2_000, 100, 300)).toBe(0);
  });

  it('counts at most the largest gap after a long silence', () => {
    expect(countedSeconds(600_000, 0, 600)).toBe(MAX_HEARTBEAT_GAP_SECONDS);
  });

  it('counts nothing when no time passed or the clock went back', () => {
    expect(countedSeconds(0, 0, 5)).toBe(0);
    expect(countedSeconds(-5_000, 0, 5)).toBe(0);
  });
});

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
