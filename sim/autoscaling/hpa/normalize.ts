import type { Ms } from '../../units.js';
import { convertDesiredReplicasWithBehaviorRate } from './behaviorRate.js';
import { convertDesiredReplicasWithRules, type Limited } from './legacyNormalization.js';
import type { RateLimit } from './policies.js';
import { stabilizeLegacy, stabilizeWithBehavior } from './stabilization.js';
import type { HpaBehavior, HpaControllerConfig, HpaSpec, HpaState } from './types.js';

/** What normalization did, for `hpa explain` and `kubectl describe`-like output. */
export interface NormalizationExplanation {
  readonly path: 'legacy' | 'behavior';
  /** The metric proposal (max over metrics, never below 0). */
  readonly proposal: number;
  readonly stabilized: number;
  readonly upWindowSeconds?: number;
  readonly downWindowSeconds: number;
  /** Behavior path: min over the up-window and max over the down-window (both include the proposal). */
  readonly upRecommendation?: number;
  readonly downRecommendation?: number;
  readonly limited: Limited & { readonly rate?: RateLimit };
}

/** Normalized proposal, the new recommendation log, and the AbleToScale reason to set. */
export interface Normalized {
  readonly state: HpaState;
  readonly ableReason: string;
  readonly ableMessage: string;
  readonly explanation: NormalizationExplanation;
}

/**
 * Legacy normalization (horizontal.go `normalizeDesiredReplicas`): max-over-window stabilization, then
 * `convertDesiredReplicasWithRules`.
 */
export function normalizeLegacy(state: HpaState, cur: number, proposal: number, spec: HpaSpec, now: Ms, cfg: HpaControllerConfig): Normalized {
  const s = stabilizeLegacy(state.recommendations, proposal, now, cfg.downscaleStabilizationMs);
  const limited = convertDesiredReplicasWithRules(cur, s.replicas, spec.minReplicas, spec.maxReplicas, cfg);
  const stabilizedDiffers = s.replicas !== proposal;
  return {
    state: { ...state, recommendations: s.recommendations },
    ableReason: stabilizedDiffers ? 'ScaleDownStabilized' : 'ReadyForNewScale',
    ableMessage: stabilizedDiffers ? 'recent recommendations were higher than current one, applying the highest recent recommendation' : 'recommended size matches current size',
    explanation: { path: 'legacy', proposal, stabilized: s.replicas, downWindowSeconds: cfg.downscaleStabilizationMs / 1000, limited },
  };
}

/**
 * Behavior normalization (horizontal.go `normalizeDesiredReplicasWithBehaviors`): two-window
 * stabilization, then the rate limits and min/max of `convertDesiredReplicasWithBehaviorRate`.
 */
export function normalizeWithBehavior(state: HpaState, b: HpaBehavior, cur: number, proposal: number, spec: HpaSpec, now: Ms, cfg: HpaControllerConfig): Normalized {
  const upW = b.scaleUp.stabilizationWindowSeconds ?? 0;
  // maybeInitScaleDownStabilizationWindow: an unset scaleDown window takes the controller flag.
  const downW = b.scaleDown.stabilizationWindowSeconds ?? cfg.downscaleStabilizationMs / 1000;
  const s = stabilizeWithBehavior(state.recommendations, cur, proposal, now, upW * 1000, downW * 1000);
  const limited = convertDesiredReplicasWithBehaviorRate({
    behavior: b, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, current: cur, desired: s.replicas,
    scaleUpEvents: state.scaleUpEvents, scaleDownEvents: state.scaleDownEvents, now,
  });
  const up = proposal >= cur;
  const differs = s.replicas !== proposal;
  return {
    state: { ...state, recommendations: s.recommendations },
    ableReason: !differs ? 'ReadyForNewScale' : up ? 'ScaleUpStabilized' : 'ScaleDownStabilized',
    ableMessage: !differs ? 'recommended size matches current size'
      : up ? 'recent recommendations were lower than current one, applying the lowest recent recommendation'
        : 'recent recommendations were higher than current one, applying the highest recent recommendation',
    explanation: {
      path: 'behavior', proposal, stabilized: s.replicas, upWindowSeconds: upW, downWindowSeconds: downW,
      upRecommendation: s.upRecommendation, downRecommendation: s.downRecommendation, limited,
    },
  };
}

