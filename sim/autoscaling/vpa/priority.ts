import { RESOURCE_NAMES, type ResourceName } from './resourceAmount.js';
import { isObserved, type UpdaterPod } from './updaterPod.js';
import type { ContainerRecommendation } from './recommendation.js';

/** Upstream `PodPriority` (updater/priority/update_priority_calculator.go, 55c37cd5). */
export interface PodPriority {
  /** Some request lies outside [lowerBound, upperBound], or is missing. */
  outsideRecommendedRange: boolean;
  /** Some target is above its request, or a request is missing. */
  scaleUp: boolean;
  /** Σ over resources of |Σ request − Σ target| / max(Σ request, 1), in milli-units. */
  resourceDiff: number;
}

/**
 * Upstream `defaultPriorityProcessor.GetUpdatePriority`: compares the pod's requests with the
 * (capped) recommendation, container by container, skipping containers not observed by the VPA.
 * @example request 2 cores, target 10 → { scaleUp: true, outsideRecommendedRange: false, resourceDiff: 4 }
 */
export function getUpdatePriority(pod: UpdaterPod, recommendations: readonly ContainerRecommendation[] | undefined): PodPriority {
  let outsideRecommendedRange = false;
  let scaleUp = false;
  const totalRequest: Partial<Record<ResourceName, number>> = {};
  const totalRecommended: Partial<Record<ResourceName, number>> = {};
  for (const container of pod.containers) {
    if (!isObserved(pod, container.name)) continue;
    const rec = recommendations?.find((r) => r.containerName === container.name);
    if (!rec) continue;
    for (const r of RESOURCE_NAMES) {
      const target = rec.target[r];
      if (target === undefined) continue;
      totalRecommended[r] = (totalRecommended[r] ?? 0) + milli(r, target);
      const request = container.requests[r];
      if (request === undefined) {
        // Upstream treats a missing request as 0 (ignoring namespace defaults).
        scaleUp = true;
        outsideRecommendedRange = true;
        continue;
      }
      totalRequest[r] = (totalRequest[r] ?? 0) + milli(r, request);
      if (milli(r, target) > milli(r, request)) scaleUp = true;
      const lower = rec.lowerBound[r];
      const upper = rec.upperBound[r];
      if ((lower !== undefined && request < lower) || (upper !== undefined && request > upper)) outsideRecommendedRange = true;
    }
  }
  let resourceDiff = 0;
  for (const r of RESOURCE_NAMES) {
    const rec = totalRecommended[r];
    if (rec === undefined) continue;
    const req = Math.max(totalRequest[r] ?? 0, 1);
    resourceDiff += Math.abs(req - rec) / req;
  }
  return { outsideRecommendedRange, scaleUp, resourceDiff };
}

/**
 * Upstream `PodPriority.Less`: a scale-up outranks any scale-down; otherwise the larger
 * ResourceDiff wins.
 */
export function priorityLess(p: PodPriority, other: PodPriority): boolean {
  if (p.scaleUp !== other.scaleUp) return other.scaleUp;
  return p.resourceDiff < other.resourceDiff;
}

// Quantities compare as MilliValue(): millicores for CPU, bytes × 1000 for memory.
function milli(r: ResourceName, v: number): number {
  return r === 'cpu' ? v : v * 1000;
}
