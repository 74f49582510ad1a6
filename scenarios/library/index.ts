import type { ScenarioSpec } from '../schema.js';
import { checkoutPeak } from './checkoutPeak.js';

/**
 * The scenario library, by name. Plain data with no runtime imports, so the k6 scripts can
 * bundle it too.
 */
export const library: Readonly<Record<string, ScenarioSpec>> = Object.freeze({
  [checkoutPeak.name]: checkoutPeak,
});

export const DEFAULT_SCENARIO = checkoutPeak.name;

/** Names of the library scenarios, sorted. */
export function scenarioNames(): string[] {
  return Object.keys(library).sort();
}
