import type { Ms } from '../../units.js';
import type { GroupPodsTiming, PodSample } from './groupPods.js';
import { perPodReplicas, usageRatioReplicas } from './objectExternal.js';
import { plainMetricReplicas, resourceReplicas, type PodProposalDetail } from './replicaCalculator.js';
import type { Tolerances } from './tolerance.js';
import type { CustomMetricValues, MetricSpec, MetricStatus, PodMetricsSample, PodSnapshot, ResourceName } from './types.js';

/** Everything the per-metric computation reads (one reconcile's snapshot). */
export interface MetricInputs {
  readonly pods: readonly PodSnapshot[];
  /** metrics.k8s.io items; `undefined` models a failed call to the resource metrics API. */
  readonly podMetrics: readonly PodMetricsSample[] | undefined;
  readonly custom: CustomMetricValues;
  readonly currentReplicas: number;
  readonly statusReplicas: number;
  readonly tolerances: Tolerances;
  readonly timing: GroupPodsTiming;
}

/** One metric's proposal, or its failure with the ScalingActive=False reason upstream uses. */
export type MetricOutcome =
  | { readonly ok: true; readonly spec: MetricSpec; readonly replicas: number; readonly status: MetricStatus; readonly detail?: PodProposalDetail }
  | { readonly ok: false; readonly spec: MetricSpec; readonly reason: string; readonly message: string };

/** Combined result (horizontal.go `computeReplicasForMetrics`). */
export interface MetricsResult {
  readonly outcomes: readonly MetricOutcome[];
  /** Largest successful proposal; `undefined` when the reconcile must stop (see `failure`). */
  readonly replicas?: number;
  /** Index into `outcomes` of the proposal that won. */
  readonly winner?: number;
  /** First failure when all metrics failed, or some failed and the rest would scale down. */
  readonly failure?: { readonly reason: string; readonly message: string };
}

/**
 * Compute every metric and combine: the max of successful proposals; fail (no scaling) when all
 * metrics failed or when some failed and the max would scale down (never scale down blind).
 */
export function computeReplicasForMetrics(metrics: readonly MetricSpec[], inp: MetricInputs): MetricsResult {
  const outcomes = metrics.map((m) => computeReplicasForMetric(m, inp));
  let replicas = 0;
  let winner: number | undefined;
  outcomes.forEach((o, i) => {
    if (o.ok && (winner === undefined || replicas === 0 || o.replicas > replicas)) {
      replicas = o.replicas;
      winner = i;
    }
  });
  const failures = outcomes.filter((o) => !o.ok);
  const first = failures[0];
  if (first !== undefined && !first.ok && (failures.length >= metrics.length || replicas < inp.currentReplicas)) {
    return { outcomes, failure: { reason: first.reason, message: first.message } };
  }
  return winner === undefined ? { outcomes, replicas } : { outcomes, replicas, winner };
}

const unable = (e: string) => `the HPA was unable to compute the replica count: ${e}`;

/** One metric (horizontal.go `computeReplicasForMetric`). */
export function computeReplicasForMetric(spec: MetricSpec, inp: MetricInputs): MetricOutcome {
  const ctx = { currentReplicas: inp.currentReplicas, tolerances: inp.tolerances, timing: inp.timing };
  const fail = (reason: string, e: string): MetricOutcome => ({ ok: false, spec, reason, message: unable(e) });
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const reason = spec.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
      const container = spec.type === 'ContainerResource' ? spec.container : undefined;
      const name = container === undefined ? spec.resource : `${spec.resource} (container ${container})`;
      const t = spec.target;
      if (t === undefined || t.type === 'Value') {
        return fail(reason, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
      }
      const samples = resourceSamples(inp.podMetrics, spec.resource, container, inp.timing.now);
      if ('error' in samples) return fail(reason, `unable to get metrics for resource ${spec.resource}: ${samples.error}`);
      if (t.type === 'Utilization') {
        const r = resourceReplicas(inp.pods, samples, spec.resource, container, t.averageUtilization, ctx);
        if ('error' in r) return fail(reason, `failed to get ${spec.resource} utilization: ${r.error}`);
        return { ok: true, spec, replicas: r.replicas, detail: r.detail, status: { type: spec.type, name, averageUtilization: r.utilization, averageValueMilli: r.rawAverage } };
      }
      const r = plainMetricReplicas(inp.pods, samples, spec.resource, t.averageValueMilli, ctx);
      if ('error' in r) return fail(reason, `failed to get ${spec.resource} usage: ${r.error}`);
      return { ok: true, spec, replicas: r.replicas, detail: r.detail, status: { type: spec.type, name, averageValueMilli: r.usage } };
    }
    case 'Pods': {
      const values = inp.custom.pods?.[spec.metricName];
      if (values === undefined) return fail('FailedGetPodsMetric', `failed to get pods metric value: unable to get metric ${spec.metricName}: no metrics returned`);
      if (spec.target.type !== 'AverageValue') return fail('FailedGetPodsMetric', 'invalid pods metric source: an average value target is required');
      const samples = new Map<string, PodSample>(Object.entries(values).map(([pod, v]) => [pod, { value: v, timestamp: inp.timing.now, windowMs: 0 }]));
      const r = plainMetricReplicas(inp.pods, samples, undefined, spec.target.averageValueMilli, ctx);
      if ('error' in r) return fail('FailedGetPodsMetric', `failed to get pods metric value: ${r.error}`);
      return { ok: true, spec, replicas: r.replicas, detail: r.detail, status: { type: 'Pods', name: spec.metricName, averageValueMilli: r.usage } };
    }
    case 'Object':
    case 'External': {
      const reason = spec.type === 'Object' ? 'FailedGetObjectMetric' : 'FailedGetExternalMetric';
      const usage = spec.type === 'Object' ? inp.custom.object?.[spec.metricName] : sumSaturating(inp.custom.external?.[spec.metricName]);
      if (usage === undefined) return fail(reason, `unable to get ${spec.type.toLowerCase()} metric ${spec.metricName}: no metrics returned`);
      if (spec.target.type === 'AverageValue') {
        const r = perPodReplicas(inp.statusReplicas, usage, spec.target.averageValueMilli, inp.tolerances);
        return { ok: true, spec, replicas: r.replicas, status: { type: spec.type, name: spec.metricName, averageValueMilli: r.averageValue } };
      }
      if (spec.target.type !== 'Value') return fail(reason, `invalid ${spec.type.toLowerCase()} metric source: neither a value target nor an average value target was set`);
      const r = usageRatioReplicas(inp.currentReplicas, usage / spec.target.valueMilli, inp.tolerances, inp.pods);
      if (typeof r !== 'number') return fail(reason, r.error);
      return { ok: true, spec, replicas: r, status: { type: spec.type, name: spec.metricName, valueMilli: usage } };
    }
    case 'Unknown':
      return { ok: false, spec, reason: 'InvalidMetricSourceType', message: `the HPA was unable to compute the replica count: unknown metric source type "${spec.rawType}"` };
  }
}

// A pod's usage: the named container, or the sum of all containers (no sample if any lacks the resource).
function resourceSamples(
  list: readonly PodMetricsSample[] | undefined,
  resource: ResourceName,
  container: string | undefined,
  now: Ms,
): Map<string, PodSample> | { error: string } {
  if (list === undefined) return { error: 'unable to fetch metrics from resource metrics API' };
  if (list.length === 0) return { error: 'no metrics returned from resource metrics API' };
  const out = new Map<string, PodSample>();
  for (const m of list) {
    const cs = container === undefined ? m.containers : m.containers.filter((c) => c.name === container);
    if (cs.length === 0) continue;
    let sum = 0;
    let complete = true;
    for (const c of cs) {
      const v = resource === 'cpu' ? c.cpu : c.memory === undefined ? undefined : c.memory * 1000;
      if (v === undefined) complete = false;
      else sum += v;
    }
    if (complete) out.set(m.pod, { value: sum, timestamp: m.timestamp ?? now, windowMs: m.windowMs });
  }
  return out;
}

function sumSaturating(values: readonly number[] | undefined): number | undefined {
  if (values === undefined) return undefined;
  let s = 0;
  for (const v of values) s = Math.min(s + v, Number.MAX_SAFE_INTEGER);
  return s;
}
