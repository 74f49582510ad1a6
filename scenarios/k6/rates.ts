import { formatDuration } from '../../sim/traffic/duration.ts';

/**
 * k6 arrival rates are whole numbers per `timeUnit` (k6.md §0). A scaled scenario has
 * fractional rates (SCALE=0.05 turns 250 rps into 12.5), so they are rounded, at a longer time
 * unit when that keeps them closer: 12.5 per second becomes 750 per minute, exactly.
 */

export interface WholeRates {
  /** Multiplier applied to every rate (and to the time unit): 1, 60 or 3600. */
  factor: number;
  timeUnitNs: number;
  timeUnit: string;
  round: (rate: number) => number;
  /** Largest |rounded − exact| / max(exact, 1 % of the peak), over the rates given. */
  maxRelativeError: number;
}

const FACTORS = [1, 60, 3600] as const;
/** A time unit is lengthened only while rounding errs by more than this. */
const GOOD_ENOUGH = 0.001;

/**
 * Pick the time unit for whole-number rates: the scenario's own when its rates are whole,
 * else the first of ×1, ×60, ×3600 whose rounding error is at most 0.1 % (else ×3600).
 * O(rates × 3).
 * @example wholeRates([12.5, 25], 1e9).timeUnit // '1m' (750 and 1500 per minute)
 */
export function wholeRates(rates: readonly number[], timeUnitNs: number): WholeRates {
  let best: WholeRates | undefined;
  for (const factor of FACTORS) {
    const w = candidate(rates, timeUnitNs, factor);
    if (best === undefined || w.maxRelativeError < best.maxRelativeError) best = w;
    if (w.maxRelativeError <= GOOD_ENOUGH) return w;
  }
  return best as WholeRates;
}

function candidate(rates: readonly number[], timeUnitNs: number, factor: number): WholeRates {
  const peak = rates.reduce((a, b) => Math.max(a, b), 0) * factor;
  const floor = Math.max(0.01 * peak, 1e-9);
  let err = 0;
  for (const r of rates) {
    const exact = r * factor;
    err = Math.max(err, Math.abs(Math.round(exact) - exact) / Math.max(exact, floor));
  }
  const ns = timeUnitNs * factor;
  return { factor, timeUnitNs: ns, timeUnit: formatDuration(ns / 1e6), round: (rate) => Math.round(rate * factor), maxRelativeError: err };
}
