import { CPU_HISTOGRAM_LAYOUT, MEMORY_HISTOGRAM_LAYOUT, type HistogramLayout } from './histogramOptions.js';
import type { Bytes, Fraction, Millicores, Ms } from '../../units.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../../units.js';

/**
 * Recommender settings, defaults as upstream `recommender/config/config.go` and
 * `recommender/model/aggregations_config.go` (55c37cd5, vpa.md §10).
 */
export interface RecommenderConfig {
  /** `--recommender-interval`: how often the recommender loop runs (1 min). */
  recommenderIntervalMs: Ms;
  /** `--recommendation-margin-fraction` (0.15). */
  safetyMarginFraction: Fraction;
  /** `--pod-recommendation-min-cpu-millicores` (25), split evenly over the recommended containers. */
  podMinCpuMillicores: Millicores;
  /** `--pod-recommendation-min-memory-mb` (250, MiB), split evenly. */
  podMinMemoryMb: number;
  targetCpuPercentile: Fraction;
  lowerBoundCpuPercentile: Fraction;
  upperBoundCpuPercentile: Fraction;
  targetMemoryPercentile: Fraction;
  lowerBoundMemoryPercentile: Fraction;
  upperBoundMemoryPercentile: Fraction;
  /** `--confidence-interval-cpu` / `-memory` (24 h): one "day" of history for the confidence. */
  confidenceIntervalCpuMs: Ms;
  confidenceIntervalMemoryMs: Ms;
  /** `--cpu-histogram-decay-half-life` / `--memory-histogram-decay-half-life` (24 h). */
  cpuHistogramDecayHalfLifeMs: Ms;
  memoryHistogramDecayHalfLifeMs: Ms;
  /** `--memory-aggregation-interval` (24 h): one memory peak per container per interval. */
  memoryAggregationIntervalMs: Ms;
  /** `--memory-aggregation-interval-count` (8): aggregates expire after interval × count without samples. */
  memoryAggregationIntervalCount: number;
  /** `--oom-bump-up-ratio` (1.2) and `--oom-min-bump-up-bytes` (100 MiB). */
  oomBumpUpRatio: number;
  oomMinBumpUpBytes: Bytes;
  /** `--round-cpu-millicores` / `--round-memory-bytes` (1 = off): round recommendations up to a multiple. */
  roundCpuMillicores: number;
  roundMemoryBytes: number;
  /** `--container-recommendation-max-allowed-cpu/-memory` (unset). */
  globalMaxAllowed: { cpu?: Millicores; memory?: Bytes };
  /** CPU sample weight: 'constant' = 0.1 (VPA ≥ 1.4.0), 'request' = max(request cores, 0.1) (≤ 1.3.x). */
  cpuSampleWeighting: 'constant' | 'request';
  /** Bucket layouts, as data: the configuration crosses worker threads (capsim tune). */
  cpuHistogramLayout: HistogramLayout;
  memoryHistogramLayout: HistogramLayout;
}

export const DEFAULT_RECOMMENDER_CONFIG: Readonly<RecommenderConfig> = Object.freeze({
  recommenderIntervalMs: MS_PER_MINUTE,
  safetyMarginFraction: 0.15,
  podMinCpuMillicores: 25,
  podMinMemoryMb: 250,
  targetCpuPercentile: 0.9,
  lowerBoundCpuPercentile: 0.5,
  upperBoundCpuPercentile: 0.95,
  targetMemoryPercentile: 0.9,
  lowerBoundMemoryPercentile: 0.5,
  upperBoundMemoryPercentile: 0.95,
  confidenceIntervalCpuMs: 24 * MS_PER_HOUR,
  confidenceIntervalMemoryMs: 24 * MS_PER_HOUR,
  cpuHistogramDecayHalfLifeMs: 24 * MS_PER_HOUR,
  memoryHistogramDecayHalfLifeMs: 24 * MS_PER_HOUR,
  memoryAggregationIntervalMs: 24 * MS_PER_HOUR,
  memoryAggregationIntervalCount: 8,
  oomBumpUpRatio: 1.2,
  oomMinBumpUpBytes: 100 * 1024 * 1024,
  roundCpuMillicores: 1,
  roundMemoryBytes: 1,
  globalMaxAllowed: {},
  cpuSampleWeighting: 'constant',
  cpuHistogramLayout: CPU_HISTOGRAM_LAYOUT,
  memoryHistogramLayout: MEMORY_HISTOGRAM_LAYOUT,
});

/** Updater settings, defaults as upstream `updater/config/config.go` (vpa.md §10). */
export interface UpdaterConfig {
  /** `--updater-interval` (1 min). */
  updaterIntervalMs: Ms;
  /** `--min-replicas` (2): groups with fewer live pods are never disrupted (per-VPA `minReplicas` wins). */
  minReplicas: number;
  /** `--eviction-tolerance` (0.5): fraction of configured replicas that may be down at once. */
  evictionTolerance: Fraction;
  /** `--pod-update-threshold` (0.1): minimum ResourceDiff for an in-bounds update. */
  podUpdateThreshold: number;
  /** `--in-recommendation-bounds-eviction-lifetime-threshold` (12 h). */
  podLifetimeUpdateThresholdMs: Ms;
  /** `--evict-after-oom-threshold` (10 min): an OOM this soon after start is a "quick OOM". */
  evictAfterOomThresholdMs: Ms;
  /** `--in-place-skip-disruption-budget` (false). */
  inPlaceSkipDisruptionBudget: boolean;
  /** In-place timeouts (constants upstream): Deferred 5 min, InProgress 1 h. */
  deferredResizeTimeoutMs: Ms;
  inProgressResizeTimeoutMs: Ms;
}

export const DEFAULT_UPDATER_CONFIG: Readonly<UpdaterConfig> = Object.freeze({
  updaterIntervalMs: MS_PER_MINUTE,
  minReplicas: 2,
  evictionTolerance: 0.5,
  podUpdateThreshold: 0.1,
  podLifetimeUpdateThresholdMs: 12 * MS_PER_HOUR,
  evictAfterOomThresholdMs: 10 * MS_PER_MINUTE,
  inPlaceSkipDisruptionBudget: false,
  deferredResizeTimeoutMs: 5 * MS_PER_MINUTE,
  inProgressResizeTimeoutMs: MS_PER_HOUR,
});
