/**
 * The HorizontalPodAutoscaler controller as pure functions (port of kubernetes/kubernetes
 * pkg/controller/podautoscaler). Entry point for the simulator: `reconcileHpa(inputs, config)`
 * once per sync period per HPA, feeding back `result.state` next time. Times are milliseconds.
 *
 * Layers, bottom-up: tolerance -> groupPods/requests/utilization -> replicaCalculator/objectExternal
 * -> metricProposals (all metrics, max) -> stabilization + policies/behaviorRate or legacyNormalization
 * -> reconcile. Each is exported for tests and explanations.
 */
export type * from './types.js';
export { DEFAULT_HPA_CONTROLLER_CONFIG, UPSTREAM_TEST_HPA_CONTROLLER_CONFIG } from './config.js';
export { isWithinTolerance, tolerancesFor, type Tolerances } from './tolerance.js';
export { groupPods, type PodSample, type PodGrouping, type PodGroup, type GroupPodsTiming } from './groupPods.js';
export { calculateRequests, requestMilli, type RequestsResult } from './requests.js';
export { resourceUtilizationRatio, metricUsageRatio, type ResourceUtilization } from './utilization.js';
export {
  resourceReplicas, plainMetricReplicas,
  type ResourceProposal, type PlainProposal, type PodProposalDetail, type CalcError, type CalcContext,
} from './replicaCalculator.js';
export { usageRatioReplicas, perPodReplicas } from './objectExternal.js';
export { computeReplicasForMetrics, computeReplicasForMetric, type MetricInputs, type MetricOutcome, type MetricsResult } from './metricProposals.js';
export { stabilizeLegacy, stabilizeWithBehavior, type Stabilized } from './stabilization.js';
export { replicasChangeIn, scaleUpLimit, scaleDownLimit, storeScaleEvent, type RateLimit, type PolicyProposal } from './policies.js';
export { convertDesiredReplicasWithBehaviorRate, type BehaviorRateArgs } from './behaviorRate.js';
export { convertDesiredReplicasWithRules, legacyScaleUpLimit, type Limited } from './legacyNormalization.js';
export { behaviorWithDefaults, scaleUpRulesWithDefaults, scaleDownRulesWithDefaults, type ScalingRulesInput } from './defaults.js';
export { setCondition } from './conditions.js';
export { normalizeLegacy, normalizeWithBehavior, type Normalized } from './normalize.js';
export { reconcileHpa, metricLabel, type ReconcileInputs, type ReconcileResult, type HpaExplanation, type NormalizationExplanation } from './reconcile.js';
