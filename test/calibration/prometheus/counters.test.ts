import { describe, expect, it } from 'vitest';
import { counterIncrease, valueAt } from '../../../calibration/prometheus/counters.js';
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
