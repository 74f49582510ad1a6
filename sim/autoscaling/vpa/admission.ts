import { capRecommendationForContainer } from './capping.js';
import { applyRecommendation, type ContainerResources } from './podResources.js';
import { modeCapabilities } from './updateMode.js';
import { containerPolicyFor, effectivePolicy, type VpaSpec } from './vpaSpec.js';
import type { ContainerRecommendation } from './recommendation.js';

/**
 * The admission controller at pod creation (vpa.md §8; upstream admission-controller resource
 * patches via the capping processor, 55c37cd5): in every mode but Off, each container with a
 * recommendation gets requests := capped target, and limits rescaled by RequestsAndLimits.
 * Containers without a recommendation, or in a mode-Off policy, keep their resources.
 * LimitRange capping is not modelled.
 * @example admitPodResources(vpa, rec, { app: { requests: { cpu: 100 }, limits: { cpu: 200 } } })
 *   // { app: { requests: { cpu: 587, ... }, limits: { cpu: 1174 } } }
 */
export function admitPodResources(
  vpa: VpaSpec,
  recommendation: readonly ContainerRecommendation[] | undefined,
  containers: Readonly<Record<string, ContainerResources>>,
): Record<string, ContainerResources> {
  const out: Record<string, ContainerResources> = {};
  const applies = modeCapabilities(vpa.updateMode).appliesAtCreation;
  for (const [name, current] of Object.entries(containers)) {
    const copy = { requests: { ...current.requests }, limits: { ...current.limits } };
    const rec = applies ? recommendation?.find((r) => r.containerName === name) : undefined;
    if (!rec) {
      out[name] = copy;
      continue;
    }
    const capped = capRecommendationForContainer(rec, containerPolicyFor(vpa, name), current.limits).recommendation;
    out[name] = applyRecommendation(copy, capped.target, effectivePolicy(vpa, name));
  }
  return out;
}
