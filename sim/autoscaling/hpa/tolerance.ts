import type { HpaControllerConfig, HpaSpec } from './types.js';

/** Asymmetric tolerance band around a usage ratio of 1.0 (KEP-4951). */
export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

/**
 * True when no scaling is warranted: `1 - down <= ratio <= 1 + up` (both edges inclusive,
 * as `Tolerances.isWithin` in replica_calculator.go).
 * @example isWithinTolerance(1.1, { scaleDown: 0.1, scaleUp: 0.1 }) // true
 */
export function isWithinTolerance(ratio: number, t: Tolerances): boolean {
  return 1 - t.scaleDown <= ratio && ratio <= 1 + t.scaleUp;
}

/**
 * The tolerances for one HPA: the controller flag, overridden per direction by
 * `behavior.scaleUp|scaleDown.tolerance` when set (horizontal.go `tolerancesForHpa`, gate on).
 */
export function tolerancesFor(spec: Pick<HpaSpec, 'behavior'>, cfg: Pick<HpaControllerConfig, 'tolerance'>): Tolerances {
  return {
    scaleDown: spec.behavior?.scaleDown.tolerance ?? cfg.tolerance,
    scaleUp: spec.behavior?.scaleUp.tolerance ?? cfg.tolerance,
  };
}
