import { RESOURCE_NAMES, type Resources } from './resourceAmount.js';
import { applyContainerLimitRange, capToPodLimitRange, type LimitRangeItem, type PodContainerResources } from './limitRange.js';
import { containerPolicyFor, type ContainerPolicy, type PolicySource, type ResourceBounds } from './vpaSpec.js';
import type { ContainerRecommendation } from './recommendation.js';

/**
 * Capping of recommendations by the resource policy, as upstream `utils/vpa/capping.go`
 * (55c37cd5), with the LimitRange parts in `limitRange.ts`.
 */

/** Upstream capping annotations, e.g. `cpu capped to minAllowed`. */
export type CappingAnnotation = `${'cpu' | 'memory'} capped to ${'minAllowed' | 'maxAllowed' | 'container limit' | 'fit Min in container LimitRange' | 'fit Max in container LimitRange'}`;

/**
 * Raise each value to `min` and then lower it to `max`; a bound of 0 or absent is ignored.
 * Returns the capped copy and what was capped.
 */
export function capToMinMax(values: Resources, min: ResourceBounds, max: ResourceBounds): [Resources, CappingAnnotation[]] {
  const out: Resources = { ...values };
  const notes: CappingAnnotation[] = [];
  for (const r of RESOURCE_NAMES) {
    let v = out[r];
    if (v === undefined) continue;
    const lo = min[r];
    if (lo !== undefined && lo !== 0 && v < lo) {
      v = lo;
      notes.push(`${r} capped to minAllowed`);
    }
    const hi = max[r];
    if (hi !== undefined && hi !== 0 && v > hi) {
      v = hi;
      notes.push(`${r} capped to maxAllowed`);
    }
    out[r] = v;
  }
  return [out, notes];
}

/**
 * The recommender's capping (upstream `ApplyVPAPolicy`): target, lower and upper bound capped
 * to the container policy's minAllowed/maxAllowed, with `globalMaxAllowed`
 * (`--container-recommendation-max-allowed-*`) filling in resources the policy leaves unset.
 * The uncapped target is kept as is.
 * @example target 42m, policy minAllowed 50m → target 50m, uncappedTarget 42m
 */
export function applyVpaPolicy(
  rec: ContainerRecommendation,
  policy: ContainerPolicy | undefined,
  globalMaxAllowed: ResourceBounds = {},
): ContainerRecommendation {
  const min = policy?.minAllowed ?? {};
  const max: ResourceBounds = { ...globalMaxAllowed, ...definedOnly(policy?.maxAllowed ?? {}) };
  return {
    ...rec,
    target: capToMinMax(rec.target, min, max)[0],
    lowerBound: capToMinMax(rec.lowerBound, min, max)[0],
    upperBound: capToMinMax(rec.upperBound, min, max)[0],
  };
}

/** The LimitRange items of the pod's namespace, if any (type Container and type Pod). */
export interface LimitRanges {
  container?: LimitRangeItem;
  pod?: LimitRangeItem;
}

/**
 * The updater's and admission controller's capping for one container (upstream
 * `getCappedRecommendationForContainer`): container LimitRange (ratio-preserving), then
 * minAllowed/maxAllowed, then with `controlledValues: RequestsOnly` everything capped at the
 * container's current limit. Annotations describe the target only, as upstream.
 */
export function capRecommendationForContainer(
  rec: ContainerRecommendation,
  policy: ContainerPolicy | undefined,
  container: { requests: Resources; limits: Resources },
  containerLimitRange?: LimitRangeItem,
): { recommendation: ContainerRecommendation; annotations: CappingAnnotation[] } {
  const requestsOnly = policy?.controlledValues === 'RequestsOnly';
  const resources = { name: rec.containerName, requests: container.requests, limits: container.limits };
  const process = (values: Resources): [Resources, CappingAnnotation[]] => {
    const v = { ...values };
    const notes = containerLimitRange ? applyContainerLimitRange(v, resources, containerLimitRange) : [];
    const [capped, policyNotes] = policy ? capToMinMax(v, policy.minAllowed, policy.maxAllowed) : [v, []];
    for (const n of policyNotes) notes.push(n);
    if (requestsOnly) for (const n of capToLimit(capped, container.limits)) notes.push(n);
    return [capped, notes];
  };
  const [target, annotations] = process(rec.target);
  return {
    recommendation: { ...rec, target, lowerBound: process(rec.lowerBound)[0], upperBound: process(rec.upperBound)[0] },
    annotations,
  };
}

/**
 * The capping recommendation processor for a pod (upstream `cappingRecommendationProcessor.Apply`):
 * the pod LimitRange first (which may add the requests of containers without a recommendation
 * as their target), then each container as `capRecommendationForContainer`. Recommendations for
 * containers the pod does not have are dropped.
 * @returns the capped recommendations and, per container, the target's capping annotations.
 */
export function capPodRecommendation(
  recommendations: readonly ContainerRecommendation[],
  containers: readonly PodContainerResources[],
  vpa: PolicySource,
  limitRanges: LimitRanges = {},
): { recommendations: ContainerRecommendation[]; annotations: Record<string, CappingAnnotation[]> } {
  const adjusted = limitRanges.pod ? capToPodLimitRange(recommendations, containers, limitRanges.pod) : recommendations;
  const out: ContainerRecommendation[] = [];
  const annotations: Record<string, CappingAnnotation[]> = {};
  for (const rec of adjusted) {
    const container = containers.find((c) => c.name === rec.containerName);
    if (!container) continue;
    const capped = capRecommendationForContainer(rec, containerPolicyFor(vpa, rec.containerName), container, limitRanges.container);
    if (capped.annotations.length > 0) annotations[rec.containerName] = capped.annotations;
    out.push(capped.recommendation);
  }
  return { recommendations: out, annotations };
}

function capToLimit(values: Resources, limits: Resources): CappingAnnotation[] {
  const notes: CappingAnnotation[] = [];
  for (const r of RESOURCE_NAMES) {
    const limit = limits[r];
    const v = values[r];
    if (limit !== undefined && v !== undefined && v > limit) {
      values[r] = limit;
      notes.push(`${r} capped to container limit`);
    }
  }
  return notes;
}

function definedOnly(b: ResourceBounds): ResourceBounds {
  const out: ResourceBounds = {};
  for (const r of RESOURCE_NAMES) {
    const v = b[r];
    if (v !== undefined) out[r] = v;
  }
  return out;
}
