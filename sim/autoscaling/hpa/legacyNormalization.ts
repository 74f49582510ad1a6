import type { HpaControllerConfig } from './types.js';

/** A clamp result with the ScalingLimited reason and message upstream sets. */
export interface Limited {
  readonly replicas: number;
  readonly reason: string;
  readonly message: string;
}

/** `int32(max(factor × current, minimum))` (horizontal.go `calculateScaleUpLimit`). */
export function legacyScaleUpLimit(current: number, cfg: Pick<HpaControllerConfig, 'legacyScaleUpFactor' | 'legacyScaleUpMinimum'>): number {
  return Math.trunc(Math.max(cfg.legacyScaleUpFactor * current, cfg.legacyScaleUpMinimum));
}

/**
 * Clamp for HPAs without behavior (horizontal.go `convertDesiredReplicasWithRules`): below min ->
 * min (TooFewReplicas); above `min(max, scaleUpLimit)` -> that (ScaleUpLimit when the rate cap is
 * the smaller, else TooManyReplicas); else DesiredWithinRange. No scale-down rate limit.
 * @example convertDesiredReplicasWithRules(3, 1000, 1, 2000, { legacyScaleUpFactor: 2, legacyScaleUpMinimum: 4 }) // { replicas: 6, reason: 'ScaleUpLimit', … }
 */
export function convertDesiredReplicasWithRules(
  current: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
  cfg: Pick<HpaControllerConfig, 'legacyScaleUpFactor' | 'legacyScaleUpMinimum'>,
): Limited {
  const upLimit = legacyScaleUpLimit(current, cfg);
  const capped: Limited =
    maxReplicas > upLimit
      ? { replicas: upLimit, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
      : { replicas: maxReplicas, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
  if (desired < minReplicas) {
    return { replicas: minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  }
  if (desired > capped.replicas) return capped;
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}
