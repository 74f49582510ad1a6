import { groupPods, type GroupPodsTiming, type PodGrouping, type PodSample } from './groupPods.js';
import { calculateRequests } from './requests.js';
import { isWithinTolerance, type Tolerances } from './tolerance.js';
import { metricUsageRatio, resourceUtilizationRatio } from './utilization.js';
import type { PodSnapshot, ResourceName } from './types.js';

/** How a pod-based proposal was reached, for explanations and tests. */
export interface PodProposalDetail {
  readonly grouping: PodGrouping;
  /** First-pass ratio (over ready samples only). */
  readonly usageRatio: number;
  /** Ratio after filling missing/unready pods (conservative path only). */
  readonly adjustedRatio?: number;
  /** Which rule produced the proposal. */
  readonly rule:
    | 'within-tolerance'
    | 'ratio-times-ready-pods'
    | 'adjusted-within-tolerance-or-direction-flip'
    | 'adjusted-would-reverse-direction'
    | 'adjusted-ratio-times-samples';
  /** Value given to missing pods in the conservative path, if any. */
  readonly missingFilledWith?: 'request-or-target' | 'target' | 'zero';
  readonly unreadyFilledWithZero: boolean;
}

export interface ResourceProposal {
  readonly replicas: number;
  /** Integer percent of request, first pass (what status.currentMetrics reports). */
  readonly utilization: number;
  /** Mean usage per pod, milli-units, first pass. */
  readonly rawAverage: number;
  readonly detail: PodProposalDetail;
}

export interface PlainProposal {
  readonly replicas: number;
  /** Mean usage per sample, milli-units, first pass. */
  readonly usage: number;
  readonly detail: PodProposalDetail;
}

/** An error as the replica calculator words it (condition reason chosen by the caller). */
export interface CalcError {
  readonly error: string;
}

export interface CalcContext {
  readonly currentReplicas: number;
  readonly tolerances: Tolerances;
  readonly timing: GroupPodsTiming;
}

/**
 * Replicas for a Resource/ContainerResource metric with an `averageUtilization` target
 * (replica_calculator.go `GetResourceReplicas`). Fast path: `ceil(ratio × readyPods)`; with missing
 * pods, or unready pods on a scale-up, the conservative re-computation of §4.1 step 8.
 * @returns a proposal, or the upstream error text (e.g. `missing request for cpu in container …`).
 */
export function resourceReplicas(
  pods: readonly PodSnapshot[],
  samples: ReadonlyMap<string, PodSample>,
  resource: ResourceName,
  container: string | undefined,
  targetUtilization: number,
  ctx: CalcContext,
): ResourceProposal | CalcError {
  if (pods.length === 0) return { error: 'no pods returned by selector while calculating replica count' };
  const grouping = groupPods(pods, samples, resource, ctx.timing);
  const values = readyValues(samples, grouping);
  if (values.size === 0) return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const req = calculateRequests(pods, container, resource);
  if (!req.ok) return { error: req.error };
  const first = resourceUtilizationRatio(values, req.requests, targetUtilization);
  if ('error' in first) return first;
  const { usageRatio, utilization, rawAverage } = first;
  const fill = (pod: string) => Math.trunc(((req.requests.get(pod) ?? 0) * Math.max(100, targetUtilization)) / 100);
  const outcome = decide(values, grouping, usageRatio, ctx, fill, 'request-or-target', (m) => {
    const r = resourceUtilizationRatio(m, req.requests, targetUtilization);
    return 'error' in r ? r : r.usageRatio;
  });
  if ('error' in outcome) return outcome;
  return { replicas: outcome.replicas, utilization, rawAverage, detail: { ...outcome.detail, grouping, usageRatio } };
}

/**
 * Replicas for a plain per-pod value: Resource `averageValue` targets and Pods metrics
 * (replica_calculator.go `calcPlainMetricReplicas`). Missing pods count as exactly the target on a scale-down.
 */
export function plainMetricReplicas(
  pods: readonly PodSnapshot[],
  samples: ReadonlyMap<string, PodSample>,
  resource: ResourceName | undefined,
  targetUsage: number,
  ctx: CalcContext,
): PlainProposal | CalcError {
  if (pods.length === 0) return { error: 'no pods returned by selector while calculating replica count' };
  const grouping = groupPods(pods, samples, resource, ctx.timing);
  const values = readyValues(samples, grouping);
  if (values.size === 0) return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const { usageRatio, usage } = metricUsageRatio(values, targetUsage);
  const outcome = decide(values, grouping, usageRatio, ctx, () => targetUsage, 'target', (m) => metricUsageRatio(m, targetUsage).usageRatio);
  if ('error' in outcome) return outcome;
  return { replicas: outcome.replicas, usage, detail: { ...outcome.detail, grouping, usageRatio } };
}

// Samples minus ignored and unready pods; extraneous samples (unknown pods) stay, as upstream.
function readyValues(samples: ReadonlyMap<string, PodSample>, g: PodGrouping): Map<string, number> {
  const values = new Map<string, number>();
  for (const [pod, s] of samples) if (!g.ignored.has(pod) && !g.unready.has(pod)) values.set(pod, s.value);
  return values;
}

type Outcome = { replicas: number; detail: Omit<PodProposalDetail, 'grouping' | 'usageRatio'> } | CalcError;

function decide(
  values: Map<string, number>,
  g: PodGrouping,
  usageRatio: number,
  ctx: CalcContext,
  missingScaleDownValue: (pod: string) => number,
  missingFill: 'request-or-target' | 'target',
  ratioOf: (m: ReadonlyMap<string, number>) => number | CalcError,
): Outcome {
  const cur = ctx.currentReplicas;
  const scaleUpWithUnready = g.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithinTolerance(usageRatio, ctx.tolerances)) return { replicas: cur, detail: { rule: 'within-tolerance', unreadyFilledWithZero: false } };
    return { replicas: Math.ceil(usageRatio * g.readyPodCount), detail: { rule: 'ratio-times-ready-pods', unreadyFilledWithZero: false } };
  }
  let missingFilledWith: PodProposalDetail['missingFilledWith'];
  if (g.missing.size > 0 && usageRatio < 1.0) {
    for (const pod of g.missing) values.set(pod, missingScaleDownValue(pod));
    missingFilledWith = missingFill;
  } else if (g.missing.size > 0 && usageRatio > 1.0) {
    for (const pod of g.missing) values.set(pod, 0);
    missingFilledWith = 'zero';
  }
  if (scaleUpWithUnready) for (const pod of g.unready) values.set(pod, 0);
  const adjusted = ratioOf(values);
  if (typeof adjusted !== 'number') return adjusted;
  const base = { adjustedRatio: adjusted, unreadyFilledWithZero: scaleUpWithUnready, ...(missingFilledWith ? { missingFilledWith } : {}) };
  const flipped = (usageRatio < 1.0 && adjusted > 1.0) || (usageRatio > 1.0 && adjusted < 1.0);
  if (isWithinTolerance(adjusted, ctx.tolerances) || flipped) {
    return { replicas: cur, detail: { ...base, rule: 'adjusted-within-tolerance-or-direction-flip' } };
  }
  const newReplicas = Math.ceil(adjusted * values.size);
  if ((adjusted < 1.0 && newReplicas > cur) || (adjusted > 1.0 && newReplicas < cur)) {
    return { replicas: cur, detail: { ...base, rule: 'adjusted-would-reverse-direction' } };
  }
  return { replicas: newReplicas, detail: { ...base, rule: 'adjusted-ratio-times-samples' } };
}
