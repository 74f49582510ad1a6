import type { ScenarioSpec } from '../schema.js';
import { blackFriday } from './blackFriday.ts';
import { checkoutPeak } from './checkoutPeak.ts';
import { monthEndSettlement } from './monthEndSettlement.ts';
import { payday, paydayError } from './payday.ts';
import { retryStorm } from './retryStorm.ts';
import { singlesDayError, singlesDayMidnight } from './singlesDayMidnight.ts';
import { steadyAuthorize } from './steadyAuthorize.ts';
import { traceReplay, traceReplayError } from './traceReplay.ts';
import { weekdayDiurnal, weekdayDiurnalError } from './weekdayDiurnal.ts';

/**
 * The scenario library, by name. Plain data with no runtime imports beyond the library's own
 * files, so the k6 scripts can bundle it too.
 */
export const library: Readonly<Record<string, ScenarioSpec>> = Object.freeze({
  [checkoutPeak.name]: checkoutPeak,
  [weekdayDiurnal.name]: weekdayDiurnal,
  [payday.name]: payday,
  [monthEndSettlement.name]: monthEndSettlement,
  [blackFriday.name]: blackFriday,
  [singlesDayMidnight.name]: singlesDayMidnight,
  [retryStorm.name]: retryStorm,
  [steadyAuthorize.name]: steadyAuthorize,
  [traceReplay.name]: traceReplay,
});

export const DEFAULT_SCENARIO = checkoutPeak.name;

/**
 * How far each library scenario's k6 stages are from the curve they stand for (maximum relative
 * error; for trace-replay the largest per-bucket request-count error). 0 for profiles that are
 * piecewise linear as written. See scenarios/curves.ts and scenarios/traceReplay.ts.
 */
export const stageApproximationError: Readonly<Record<string, number>> = Object.freeze({
  [weekdayDiurnal.name]: weekdayDiurnalError,
  [payday.name]: paydayError,
  [singlesDayMidnight.name]: singlesDayError,
  [traceReplay.name]: traceReplayError,
});

/** Names of the library scenarios, sorted. */
export function scenarioNames(): string[] {
  return Object.keys(library).sort();
}

/** The stage approximation error of a library scenario (0 when its stages are the profile itself). */
export function approximationError(name: string): number {
  return stageApproximationError[name] ?? 0;
}
