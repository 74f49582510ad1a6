import type { HpaBehavior, ScalingPolicy, ScalingRules, SelectPolicy } from './types.js';

/** `spec.behavior.scaleUp|scaleDown` as written by the user (every field optional). */
export interface ScalingRulesInput {
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy?: SelectPolicy;
  readonly policies?: readonly ScalingPolicy[];
  readonly tolerance?: number;
}

const UP_POLICIES: readonly ScalingPolicy[] = Object.freeze([
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
]);
const DOWN_POLICIES: readonly ScalingPolicy[] = Object.freeze([{ type: 'Percent', value: 100, periodSeconds: 15 }]);

/**
 * scaleUp defaults (pkg/apis/autoscaling/v2/defaults.go `GenerateHPAScaleUpRules`): window 0,
 * policies Pods 4/15 s and Percent 100/15 s, selectPolicy Max. Each field is taken from the user if set.
 */
export function scaleUpRulesWithDefaults(r?: ScalingRulesInput): ScalingRules {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 0,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? UP_POLICIES,
    ...(r?.tolerance !== undefined ? { tolerance: r.tolerance } : {}),
  };
}

/**
 * scaleDown defaults (`GenerateHPAScaleDownRules`): Percent 100/15 s, selectPolicy Max; the window
 * stays unset so the controller applies `--horizontal-pod-autoscaler-downscale-stabilization`.
 */
export function scaleDownRulesWithDefaults(r?: ScalingRulesInput): ScalingRules {
  return {
    ...(r?.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: r.stabilizationWindowSeconds } : {}),
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? DOWN_POLICIES,
    ...(r?.tolerance !== undefined ? { tolerance: r.tolerance } : {}),
  };
}

/**
 * Behavior defaults, applied by the API server only when `spec.behavior` is present
 * (`SetDefaults_HorizontalPodAutoscalerBehavior`). `undefined` stays `undefined` (legacy path).
 * @example behaviorWithDefaults({}).scaleUp.policies.length // 2
 */
export function behaviorWithDefaults(b: { readonly scaleUp?: ScalingRulesInput; readonly scaleDown?: ScalingRulesInput } | undefined): HpaBehavior | undefined {
  if (b === undefined) return undefined;
  return { scaleUp: scaleUpRulesWithDefaults(b.scaleUp), scaleDown: scaleDownRulesWithDefaults(b.scaleDown) };
}
