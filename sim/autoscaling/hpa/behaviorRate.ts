import type { Ms } from '../../units.js';
import type { Limited } from './legacyNormalization.js';
import { scaleDownLimit, scaleUpLimit, type RateLimit } from './policies.js';
import type { HpaBehavior, ScaleEvent } from './types.js';

/** Input of the behavior rate limit (horizontal.go `NormalizationArg`). */
export interface BehaviorRateArgs {
  readonly behavior: HpaBehavior;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly current: number;
  /** The stabilized recommendation. */
  readonly desired: number;
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
  readonly now: Ms;
}

/**
 * Rate limits and min/max after stabilization (horizontal.go `convertDesiredReplicasWithBehaviorRate`):
 * max is only enforced when scaling up and min only when scaling down; a limit below (above) the
 * current count on a scale-up (scale-down) is replaced by the current count.
 * @returns the limited replicas, the ScalingLimited reason, and the policy computation used.
 */
export function convertDesiredReplicasWithBehaviorRate(a: BehaviorRateArgs): Limited & { readonly rate?: RateLimit } {
  if (a.desired > a.current) {
    const rate = scaleUpLimit(a.current, a.scaleUpEvents, a.scaleDownEvents, a.behavior.scaleUp, a.now);
    const limit = Math.max(rate.limit, a.current);
    const capped: Limited =
      a.maxReplicas > limit
        ? { replicas: limit, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
        : { replicas: a.maxReplicas, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    if (a.desired > capped.replicas) return { ...capped, rate };
    return { ...withinRange(a.desired), rate };
  }
  if (a.desired < a.current) {
    const rate = scaleDownLimit(a.current, a.scaleUpEvents, a.scaleDownEvents, a.behavior.scaleDown, a.now);
    const limit = Math.min(rate.limit, a.current);
    const floor: Limited =
      a.minReplicas < limit
        ? { replicas: limit, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
        : { replicas: a.minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    if (a.desired < floor.replicas) return { ...floor, rate };
    return { ...withinRange(a.desired), rate };
  }
  return withinRange(a.desired);
}

function withinRange(replicas: number): Limited {
  return { replicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}
