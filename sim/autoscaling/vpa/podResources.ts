import { RESOURCE_NAMES, type ResourceName, type Resources } from './resourceAmount.js';
import type { ContainerPolicy } from './vpaSpec.js';

/** A container's requests and limits (cpu millicores, memory bytes). */
export interface ContainerResources {
  requests: Resources;
  limits: Resources;
}

/**
 * The resources a pod gets when the VPA applies `target` (admission controller, or an in-place
 * resize): controlled requests := target; with `RequestsAndLimits` each limit keeps its original
 * limit/request ratio (`limit × newRequest / request`, floored; limit := request when the
 * original request was unset or equal to the limit; no limit stays no limit).
 * Resources not controlled, or a container in mode Off, keep their values.
 * @example request 100m limit 200m, target 150m → request 150m, limit 300m
 */
export function applyRecommendation(
  current: ContainerResources,
  target: Resources,
  policy: Pick<ContainerPolicy, 'mode' | 'controlledResources' | 'controlledValues'>,
): ContainerResources {
  const requests: Resources = { ...current.requests };
  const limits: Resources = { ...current.limits };
  if (policy.mode === 'Off') return { requests, limits };
  for (const r of RESOURCE_NAMES) {
    const t = target[r];
    if (t === undefined || !policy.controlledResources.includes(r)) continue;
    requests[r] = t;
    if (policy.controlledValues === 'RequestsOnly') continue;
    const limit = proportionalLimit(r, current.limits[r], current.requests[r], t);
    // Without a proportional limit the pod keeps whatever limit it had (upstream patches none).
    if (limit !== undefined) limits[r] = limit;
  }
  return { requests, limits };
}

/**
 * Upstream `getProportionalResourceLimit` (utils/vpa/limit_and_request_scaling.go) without a
 * LimitRange default: undefined when there is no limit or no recommendation.
 */
export function proportionalLimit(
  _resource: ResourceName,
  originalLimit: number | undefined,
  originalRequest: number | undefined,
  recommended: number,
): number | undefined {
  if (originalLimit === undefined || originalLimit === 0) return undefined;
  if (recommended === 0) return undefined;
  if (originalRequest === undefined || originalRequest === 0) return recommended;
  if (originalRequest === originalLimit) return recommended;
  // Exact integer arithmetic as Go's big.Int: memory products overflow 2^53.
  const q = (BigInt(Math.trunc(originalLimit)) * BigInt(Math.trunc(recommended))) / BigInt(Math.trunc(originalRequest));
  return q > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(q);
}
