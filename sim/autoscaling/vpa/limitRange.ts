import { RESOURCE_NAMES, type ResourceName, type Resources } from './resourceAmount.js';
import type { CappingAnnotation } from './capping.js';
import type { ContainerRecommendation } from './recommendation.js';

/**
 * LimitRange capping of recommendations, as upstream `utils/vpa/capping.go` and
 * `limit_and_request_scaling.go` (55c37cd5). Units: cpu millicores, memory bytes; an absent
 * value counts as 0 (Go's zero Quantity), and a 0 bound means "no bound".
 */

/** One `LimitRange` item: Min/Max bounds and the Default limit. */
export interface LimitRangeItem {
  min?: Resources;
  max?: Resources;
  /** The default *limit* the LimitRange gives containers without one. */
  default?: Resources;
}

/** A container of the pod being capped: its current (status, else spec) requests and limits. */
export interface PodContainerResources {
  name: string;
  requests: Resources;
  limits: Resources;
}

const v = (r: Resources | undefined, name: ResourceName): number => r?.[name] ?? 0;

/**
 * Upstream `GetBoundaryRequest`: the request that keeps the container's limit/request ratio
 * when its limit sits at `boundary` (`request × boundary / limit`, floored); the boundary
 * itself when there is no request; 0 (no bound) when there is no limit nor default limit.
 */
export function boundaryRequest(request: number, limit: number, boundary: number, defaultLimit: number): number {
  const lim = limit === 0 ? defaultLimit : limit;
  if (lim === 0) return 0;
  if (request === 0) return boundary;
  return mulDiv(request, boundary, lim, 'floor');
}

/**
 * Upstream `applyContainerLimitRange`: raise each value to the container LimitRange Min
 * (as a request: the larger of Min and the ratio-preserving request) and lower it to Max
 * (ratio-preserving). Mutates `values`; returns the annotations.
 */
export function applyContainerLimitRange(values: Resources, container: PodContainerResources, lr: LimitRangeItem): CappingAnnotation[] {
  const notes: CappingAnnotation[] = [];
  for (const r of RESOURCE_NAMES) {
    const rec = values[r];
    if (rec === undefined) continue;
    const req = v(container.requests, r);
    const lim = v(container.limits, r);
    const dflt = v(lr.default, r);
    let min = lr.min === undefined ? 0 : boundaryRequest(req, lim, v(lr.min, r), dflt);
    if (v(lr.min, r) > min) min = v(lr.min, r);
    const max = lr.max === undefined ? 0 : boundaryRequest(req, lim, v(lr.max, r), dflt);
    let out = rec;
    if (min !== 0 && out < min) {
      out = min;
      notes.push(`${r} capped to fit Min in container LimitRange`);
    }
    if (max !== 0 && out > max) {
      out = max;
      notes.push(`${r} capped to fit Max in container LimitRange`);
    }
    values[r] = out;
  }
  return notes;
}

/**
 * Upstream `capProportionallyToPodLimitRange`: containers without a recommendation but with
 * requests get their requests as target; then for upper bound, target and lower bound, CPU then
 * memory, the pod's summed limits (proportional to the recommendation) must fit the pod
 * LimitRange: below Min every recommendation is scaled up (CPU rounded up, memory floored),
 * beyond Max every one is scaled down (floored).
 * @example targets 15m + 100m, limits = requests, pod Min 150m → 20m and 131m
 */
export function capToPodLimitRange(
  recommendations: readonly ContainerRecommendation[],
  containers: readonly PodContainerResources[],
  lr: LimitRangeItem,
): ContainerRecommendation[] {
  const recs: ContainerRecommendation[] = recommendations.map((r) => structuredClone(r));
  for (const c of containers) {
    if (recs.some((r) => r.containerName === c.name) || Object.keys(c.requests).length === 0) continue;
    recs.push({ containerName: c.name, target: { ...c.requests }, lowerBound: {}, upperBound: {}, uncappedTarget: {} });
  }
  for (const field of ['upperBound', 'target', 'lowerBound'] as const) {
    for (const r of RESOURCE_NAMES) applyPodLimitRange(recs, containers, lr, r, field);
  }
  return recs;
}

/** Upstream `applyPodLimitRange` for one resource and one field. Mutates `recs`. */
export function applyPodLimitRange(
  recs: ContainerRecommendation[],
  containers: readonly PodContainerResources[],
  lr: LimitRangeItem,
  r: ResourceName,
  field: 'target' | 'lowerBound' | 'upperBound',
): void {
  const minLimit = v(lr.min, r);
  const maxLimit = v(lr.max, r);
  const zipped = containers.map((c) => ({ c, rec: recs.find((x) => x.containerName === c.name) }));
  let sumLimit = 0;
  let sumRecommendation = 0;
  for (const { c, rec } of zipped) {
    const recommendation = rec ? v(rec[field], r) : v(c.requests, r);
    const limit = proportionalLimitWithDefault(v(c.limits, r), v(c.requests, r), recommendation, v(lr.default, r));
    if (limit !== undefined) sumLimit += limit;
    sumRecommendation += recommendation;
  }
  if (minLimit <= sumLimit && minLimit <= sumRecommendation && (maxLimit === 0 || maxLimit >= sumLimit)) return;
  if (minLimit > sumRecommendation && sumLimit !== 0) {
    for (const { rec } of zipped) {
      if (!rec) continue;
      const value = v(rec[field], r);
      rec[field][r] = sumRecommendation === 0 ? value : mulDiv(value, minLimit, sumRecommendation, r === 'cpu' ? 'ceil' : 'floor');
    }
    return;
  }
  if (sumLimit === 0) return;
  let targetTotal = 0;
  if (minLimit > sumLimit) targetTotal = minLimit;
  if (maxLimit !== 0 && maxLimit < sumLimit) targetTotal = maxLimit;
  for (const { rec } of zipped) {
    // Upstream scales the recommendation itself here (its variable is named "limit").
    if (!rec) continue;
    rec[field][r] = mulDiv(v(rec[field], r), targetTotal, sumLimit, 'floor');
  }
}

/** Upstream `getProportionalResourceLimit` including the LimitRange default limit. */
function proportionalLimitWithDefault(limit: number, request: number, recommendation: number, defaultLimit: number): number | undefined {
  const lim = limit === 0 ? defaultLimit : limit;
  if (lim === 0 || recommendation === 0) return undefined;
  if (request === 0 || request === lim) return recommendation;
  return mulDiv(lim, recommendation, request, 'floor');
}

/** a × b / c on integers, exactly (Go big.Int), rounded as asked; c = 0 returns a. */
function mulDiv(a: number, b: number, c: number, round: 'floor' | 'ceil'): number {
  if (c === 0) return a;
  const n = BigInt(Math.trunc(a)) * BigInt(Math.trunc(b));
  const d = BigInt(Math.trunc(c));
  let q = n / d;
  if (round === 'ceil' && q * d !== n) q += 1n;
  return Number(q);
}

