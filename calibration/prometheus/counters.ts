import type { PromSeries } from './queryRange.js';

/**
 * The value of a series at time `tS` as an instant query would see it: the latest sample at or
 * before `tS`. Before the first sample: `before` (0 for a counter created after scraping began,
 * NaN when unknown). O(log n).
 */
export function valueAt(s: PromSeries, tS: number, before = Number.NaN): number {
  let lo = 0;
  let hi = s.timesS.length - 1;
  if (hi < 0 || tS < (s.timesS[0] as number)) return before;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s.timesS[mid] as number) <= tS) lo = mid;
    else hi = mid - 1;
  }
  return s.values[lo] as number;
}

/**
 * How much a counter grew between two instants, counting a reset (a value lower than the one
 * before it: the process restarted) as Prometheus' `increase` does: the new value is all growth
 * since the reset. Unlike `increase` it does not extrapolate to the window's edges: both ends are
 * sample values. `startsAtZero`: the counter did not exist before its first sample (a labelled
 * counter created by its first increment), so growth before it starts from 0. O(samples in window).
 * @example counterIncrease(series, 100, 105) // CPU seconds used over those 5 s
 */
export function counterIncrease(s: PromSeries, fromS: number, toS: number, startsAtZero: boolean): number {
  const before = startsAtZero ? 0 : Number.NaN;
  let prev = valueAt(s, fromS, before);
  let total = 0;
  for (let i = 0; i < s.timesS.length; i++) {
    const t = s.timesS[i] as number;
    if (t <= fromS) continue;
    if (t > toS) break;
    const v = s.values[i] as number;
    if (Number.isNaN(prev)) prev = startsAtZero ? 0 : v;
    total += v >= prev ? v - prev : v;
    prev = v;
  }
  return total;
}

/**
 * counterIncrease with both ends interpolated linearly between the samples around them (as the
 * shared runs' truth.json measures the load window): the growth from `fromS` to `toS` exactly,
 * not from the samples before them. Across a reset the partial interval counts nothing.
 * @example interpolatedIncrease(cpu, runStartS, runStartS + 90, false) // CPU seconds over those 90 s
 */
export function interpolatedIncrease(s: PromSeries, fromS: number, toS: number, startsAtZero: boolean): number {
  return counterIncrease(s, fromS, toS, startsAtZero) + partialGrowth(s, toS) - partialGrowth(s, fromS);
}

/** Growth from the last sample at or before t to t, on the line to the next sample (0 at a reset, outside the samples). */
function partialGrowth(s: PromSeries, t: number): number {
  const n = s.timesS.length;
  if (n === 0 || t < (s.timesS[0] as number)) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s.timesS[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  if (lo === n - 1) return 0;
  const a = s.values[lo] as number;
  const b = s.values[lo + 1] as number;
  if (b < a) return 0;
  const t0 = s.timesS[lo] as number;
  return ((b - a) * (t - t0)) / ((s.timesS[lo + 1] as number) - t0);
}
