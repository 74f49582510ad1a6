import { describe, expect, it } from 'vitest';
import { counterIncrease, interpolatedIncrease, valueAt } from '../../../calibration/prometheus/counters.js';
import { series } from './support.js';

const s = series({}, [[10, 5], [11, 7], [12, 7], [13, 2], [14, 4]]);

describe('counters read as an instant query and increase read them', () => {
  it('valueAt: the latest sample at or before the instant; before the first, the given default', () => {
    expect(valueAt(s, 11.5)).toBe(7);
    expect(valueAt(s, 14)).toBe(4);
    expect(valueAt(s, 9)).toBeNaN();
    expect(valueAt(s, 9, 0)).toBe(0);
  });

  it('counterIncrease: growth between two instants, a drop counted as a reset (the new value is all growth), as Prometheus does', () => {
    expect(counterIncrease(s, 10, 12, false)).toBe(2);
    expect(counterIncrease(s, 12, 14, false)).toBe(2 + 2); // reset to 0 then 2, then +2
  });

  it('a counter created by its first increment (appearing after scraping began) grew from 0', () => {
    expect(counterIncrease(s, 0, 11, true)).toBe(7);
    expect(counterIncrease(s, 0, 11, false)).toBe(2);
  });
});

describe('interpolatedIncrease: the growth between two instants exactly, each end on the line between its samples', () => {
  it('ends inside sample intervals take the interpolated share of them', () => {
    // 10→11 grows 2: 10.5 is at 6; 11→12 grows 0; 11.5 is at 7.
    expect(interpolatedIncrease(s, 10.5, 11.5, false)).toBeCloseTo(1, 12);
    expect(interpolatedIncrease(s, 10, 11, false)).toBe(2);
  });

  it('an interval holding a reset contributes nothing partial; outside the samples nothing is invented', () => {
    expect(interpolatedIncrease(s, 12.5, 14, false)).toBe(2 + 2);
    expect(interpolatedIncrease(s, 14, 20, false)).toBe(0);
  });
});
