import type { Ms } from '../../units.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG } from './config.js';
import { setCondition } from './conditions.js';
import { computeReplicasForMetrics, type MetricOutcome } from './metricProposals.js';
import { storeScaleEvent } from './policies.js';
import { normalizeLegacy, normalizeWithBehavior, type NormalizationExplanation } from './normalize.js';
import { tolerancesFor, type Tolerances } from './tolerance.js';
import type {
  CustomMetricValues, HpaBehavior, HpaCondition, HpaControllerConfig, HpaSpec, HpaState, MetricStatus, PodMetricsSample, PodSnapshot,
} from './types.js';

/** One reconcile's inputs: the spec, the scale subresource, the pod and metric snapshots, the clock. */
export interface ReconcileInputs {
  readonly spec: HpaSpec;
  /** `scale.spec.replicas` of the target. */
  readonly currentReplicas: number;
  /** `scale.status.replicas` (observed pods; used by per-pod Object/External targets). */
  readonly statusReplicas: number;
  readonly pods: readonly PodSnapshot[];
  /** metrics.k8s.io items; `undefined` = the resource metrics API call failed. */
  readonly podMetrics: readonly PodMetricsSample[] | undefined;
  readonly custom?: CustomMetricValues;
  readonly now: Ms;
  /** Controller memory for this HPA; `undefined` = no entry yet (seeded with `{current, now}`). */
  readonly state?: HpaState;
}

export type { NormalizationExplanation };

export interface HpaExplanation {
  readonly branch: 'disabled' | 'above-max' | 'below-min' | 'metrics' | 'metrics-failed';
  readonly tolerances: Tolerances;
  readonly metrics: readonly MetricOutcome[];
  /** Index of the metric whose proposal won. */
  readonly winner?: number;
  readonly normalization?: NormalizationExplanation;
  readonly events: readonly { readonly type: 'Normal' | 'Warning'; readonly reason: string; readonly message: string }[];
}

export interface ReconcileResult {
  /** Replicas written to the scale target (= current when not rescaling); `status.desiredReplicas`. */
  readonly desiredReplicas: number;
  readonly rescale: boolean;
  readonly state: HpaState;
  readonly conditions: readonly HpaCondition[];
  readonly currentMetrics: readonly MetricStatus[];
  readonly explanation: HpaExplanation;
}

/**
 * One HPA reconcile (horizontal.go `reconcileAutoscaler`), pure: seed history, branch on
 * disabled / above max / below min / metrics, normalize (legacy or behavior), record the
 * recommendation and (behavior HPAs) the scale event. The scale update is assumed to succeed.
 * @example reconcileHpa({ spec, currentReplicas: 3, statusReplicas: 3, pods, podMetrics, now }).desiredReplicas
 */
export function reconcileHpa(inp: ReconcileInputs, cfg: HpaControllerConfig = DEFAULT_HPA_CONTROLLER_CONFIG): ReconcileResult {
  const { spec, now } = inp;
  const cur = inp.currentReplicas;
  const tolerances = tolerancesFor(spec, cfg);
  let state: HpaState = inp.state ?? { recommendations: [{ replicas: cur, timestamp: now }], scaleUpEvents: [], scaleDownEvents: [] };
  let conditions = setCondition([], 'AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
  const events: { type: 'Normal' | 'Warning'; reason: string; message: string }[] = [];
  const min = spec.minReplicas;
  const base = { tolerances, metrics: [] as MetricOutcome[], events };

  if (cur === 0 && min !== 0) {
    conditions = setCondition(conditions, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    return { desiredReplicas: 0, rescale: false, state, conditions, currentMetrics: [], explanation: { ...base, branch: 'disabled' } };
  }
  if (cur > spec.maxReplicas || cur < min) {
    const desired = cur > spec.maxReplicas ? spec.maxReplicas : min;
    const reason = cur > spec.maxReplicas ? 'Current number of replicas above Spec.MaxReplicas' : 'Current number of replicas below Spec.MinReplicas';
    const r = rescaleTo(state, spec.behavior, cur, desired, now, conditions, events, reason);
    return { ...r, currentMetrics: [], explanation: { ...base, branch: cur > spec.maxReplicas ? 'above-max' : 'below-min' } };
  }

  const timing = { cpuInitializationPeriodMs: cfg.cpuInitializationPeriodMs, initialReadinessDelayMs: cfg.initialReadinessDelayMs, now };
  const m = computeReplicasForMetrics(spec.metrics, {
    pods: inp.pods, podMetrics: inp.podMetrics, custom: inp.custom ?? {}, currentReplicas: cur, statusReplicas: inp.statusReplicas, tolerances, timing,
  });
  const currentMetrics = m.outcomes.flatMap((o) => (o.ok ? [o.status] : []));
  for (const o of m.outcomes) if (!o.ok) events.push({ type: 'Warning', reason: o.reason, message: o.message });
  const metricsBase = { ...base, metrics: m.outcomes, ...(m.winner !== undefined ? { winner: m.winner } : {}) };
  if (m.failure !== undefined || m.replicas === undefined) {
    const f = m.failure ?? { reason: 'FailedGetResourceMetric', message: 'no metrics' };
    conditions = setCondition(conditions, 'ScalingActive', 'False', f.reason, f.message);
    events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: f.message });
    return { desiredReplicas: cur, rescale: false, state, conditions, currentMetrics, explanation: { ...metricsBase, branch: 'metrics-failed' } };
  }
  const winnerSpec = m.winner !== undefined ? m.outcomes[m.winner]?.spec : undefined;
  conditions = setCondition(conditions, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${winnerSpec ? metricLabel(winnerSpec) : 'its metrics'}`);
  const proposal = Math.max(0, m.replicas);
  const rescaleReason = proposal > cur ? `${winnerSpec ? metricLabel(winnerSpec) : 'metric'} above target` : 'All metrics below target';

  const n = spec.behavior === undefined
    ? normalizeLegacy(state, cur, proposal, spec, now, cfg)
    : normalizeWithBehavior(state, spec.behavior, cur, proposal, spec, now, cfg);
  state = n.state;
  conditions = setCondition(conditions, 'AbleToScale', 'True', n.ableReason, n.ableMessage);
  const l = n.explanation.limited;
  conditions = setCondition(conditions, 'ScalingLimited', l.replicas === n.explanation.stabilized ? 'False' : 'True', l.reason, l.message);
  const explanation: HpaExplanation = { ...metricsBase, branch: 'metrics', normalization: n.explanation };
  if (l.replicas === cur) return { desiredReplicas: cur, rescale: false, state, conditions, currentMetrics, explanation };
  const r = rescaleTo(state, spec.behavior, cur, l.replicas, now, conditions, events, rescaleReason);
  return { ...r, currentMetrics, explanation };
}

function rescaleTo(
  state: HpaState, behavior: HpaBehavior | undefined, cur: number, desired: number, now: Ms,
  conditions: HpaCondition[], events: { type: 'Normal' | 'Warning'; reason: string; message: string }[], reason: string,
): { desiredReplicas: number; rescale: boolean; state: HpaState; conditions: HpaCondition[] } {
  const next = setCondition(conditions, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
  events.push({ type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${reason}` });
  let s = state;
  if (behavior !== undefined && desired !== cur) {
    s = desired > cur
      ? { ...s, scaleUpEvents: storeScaleEvent(s.scaleUpEvents, behavior.scaleUp, desired - cur, now) }
      : { ...s, scaleDownEvents: storeScaleEvent(s.scaleDownEvents, behavior.scaleDown, cur - desired, now) };
  }
  return { desiredReplicas: desired, rescale: true, state: s, conditions: next };
}

/** Metric name as upstream words it in conditions and events ("cpu resource utilization (percentage of request)"). */
export function metricLabel(spec: HpaSpec['metrics'][number]): string {
  switch (spec.type) {
    case 'Resource':
      return spec.target?.type === 'Utilization' ? `${spec.resource} resource utilization (percentage of request)` : `${spec.resource} resource`;
    case 'ContainerResource':
      return spec.target?.type === 'Utilization'
        ? `${spec.resource} container resource utilization (percentage of request)` : `${spec.resource} container resource`;
    case 'Pods':
      return `pods metric ${spec.metricName}`;
    case 'Object':
      return `${spec.describedObject} metric ${spec.metricName}`;
    case 'External':
      return `external metric ${spec.metricName}`;
    case 'Unknown':
      return `unknown metric type ${spec.rawType}`;
  }
}
