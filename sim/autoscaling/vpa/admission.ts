import { capPodRecommendation, type LimitRanges } from './capping.js';
import { applyRecommendation, type ContainerResources } from './podResources.js';
import { modeCapabilities } from './updateMode.js';
import { effectivePolicy, type VpaSpec } from './vpaSpec.js';
import type { ContainerRecommendation } from './recommendation.js';

/**
 * The admission controller at pod creation (vpa.md §8; upstream admission-controller resource
 * patches via the capping processor, 55c37cd5): in every mode but Off, each container with a
 * recommendation gets requests := capped target, and limits rescaled by RequestsAndLimits.
 * Containers without a recommendation, or in a mode-Off policy, keep their resources.
 * LimitRanges, when given, cap as in the updater.
 * @example admitPodResources(vpa, rec, { app: { requests: { cpu: 100 }, limits: { cpu: 200 } } })
 *   // { app: { requests: { cpu: 587, ... }, limits: { cpu: 1174 } } }
 */
export function admitPodResources(
  vpa: VpaSpec,
  recommendation: readonly ContainerRecommendation[] | undefined,
  containers: Readonly<Record<string, ContainerResources>>,
  limitRanges: LimitRanges = {},
): Record<string, ContainerResources> {
  const pod = Object.entries(containers).map(([name, c]) => ({ name, requests: c.requests, limits: c.limits }));
  const applies = modeCapabilities(vpa.updateMode).appliesAtCreation && recommendation !== undefined;
  const capped = applies ? capPodRecommendation(recommendation, pod, vpa, limitRanges).recommendations : [];
  const out: Record<string, ContainerResources> = {};
  for (const { name, requests, limits } of pod) {
    const copy = { requests: { ...requests }, limits: { ...limits } };
    const rec = capped.find((r) => r.containerName === name);
    out[name] = rec ? applyRecommendation(copy, rec.target, effectivePolicy(vpa, name)) : copy;
  }
  return out;
}
