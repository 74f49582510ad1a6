import {
  percentileCpuEstimator,
  percentileMemoryEstimator,
  withConfidenceMultiplier,
  withMargin,
  withMinResource,
  type Estimator,
} from './estimator.js';
import { cpuAmountFromCores, memoryAmountFromBytes, scaleResource, type ResourceName, type Resources } from './resourceAmount.js';
import type { AggregateContainerState } from './aggregateState.js';
import type { RecommenderConfig } from './config.js';

/** The six estimators of upstream `podResourceRecommender` (recommender/logic/recommender.go). */
export interface PodEstimators {
  targetCpu: Estimator;
  targetMemory: Estimator;
  lowerBoundCpu: Estimator;
  lowerBoundMemory: Estimator;
  upperBoundCpu: Estimator;
  upperBoundMemory: Estimator;
}

/**
 * The production chain (upstream `CreatePodResourceRecommender`): percentile, then the safety
 * margin, then for the bounds a confidence multiplier — upper `×(1 + 1/c)` (∞ with no history,
 * ×3 at 12 h, ×2 at 24 h, ×1.14 at a week), lower `×(1 + 0.001/c)^−2` (0 with no history,
 * ≈0.6 at 5 min, ≈0.95 at 1 h). The minimum-resource floor is added per pod by
 * `recommendPodResources`.
 */
export function defaultPodEstimators(c: RecommenderConfig): PodEstimators {
  const m = c.safetyMarginFraction;
  return {
    targetCpu: withMargin(m, percentileCpuEstimator(c.targetCpuPercentile)),
    targetMemory: withMargin(m, percentileMemoryEstimator(c.targetMemoryPercentile)),
    lowerBoundCpu: withConfidenceMultiplier(0.001, -2, withMargin(m, percentileCpuEstimator(c.lowerBoundCpuPercentile)), c.confidenceIntervalCpuMs),
    lowerBoundMemory: withConfidenceMultiplier(0.001, -2, withMargin(m, percentileMemoryEstimator(c.lowerBoundMemoryPercentile)), c.confidenceIntervalMemoryMs),
    upperBoundCpu: withConfidenceMultiplier(1, 1, withMargin(m, percentileCpuEstimator(c.upperBoundCpuPercentile)), c.confidenceIntervalCpuMs),
    upperBoundMemory: withConfidenceMultiplier(1, 1, withMargin(m, percentileMemoryEstimator(c.upperBoundMemoryPercentile)), c.confidenceIntervalMemoryMs),
  };
}

/** One container to recommend for: its merged history and the resources its policy controls. */
export interface ContainerToEstimate {
  state: AggregateContainerState;
  controlledResources: readonly ResourceName[];
}

export interface ContainerEstimate {
  target: Resources;
  lowerBound: Resources;
  upperBound: Resources;
}

/**
 * Upstream `GetRecommendedPodResources`: every estimate floored at the pod minimum split evenly
 * over the containers (25m / 250 MiB for one container, 12m / 125 MiB each for two), then
 * filtered to the controlled resources. Containers are visited in name order.
 * @example one container, empty history → target { cpu: 25, memory: 262144000 }
 */
export function recommendPodResources(
  estimators: PodEstimators,
  containers: ReadonlyMap<string, ContainerToEstimate>,
  limits: Pick<RecommenderConfig, 'podMinCpuMillicores' | 'podMinMemoryMb'>,
): Map<string, ContainerEstimate> {
  const out = new Map<string, ContainerEstimate>();
  if (containers.size === 0) return out;
  const fraction = 1 / containers.size;
  const minCpu = scaleResource(cpuAmountFromCores(limits.podMinCpuMillicores * 0.001), fraction);
  const minMemory = scaleResource(memoryAmountFromBytes(limits.podMinMemoryMb * 1024 * 1024), fraction);
  const pick = (cpu: Estimator, memory: Estimator, c: ContainerToEstimate): Resources =>
    filterControlled(
      { cpu: withMinResource(minCpu, cpu)(c.state), memory: withMinResource(minMemory, memory)(c.state) },
      c.controlledResources,
    );
  for (const name of [...containers.keys()].sort()) {
    const c = containers.get(name) as ContainerToEstimate;
    out.set(name, {
      target: pick(estimators.targetCpu, estimators.targetMemory, c),
      lowerBound: pick(estimators.lowerBoundCpu, estimators.lowerBoundMemory, c),
      upperBound: pick(estimators.upperBoundCpu, estimators.upperBoundMemory, c),
    });
  }
  return out;
}

/** Keep only the controlled resources (upstream `FilterControlledResources`). */
export function filterControlled(values: Resources, controlled: readonly ResourceName[]): Resources {
  const out: Resources = {};
  for (const r of controlled) {
    const v = values[r];
    if (v !== undefined) out[r] = v;
  }
  return out;
}
