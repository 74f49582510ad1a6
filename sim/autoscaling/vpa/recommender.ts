import { AggregateContainerState } from './aggregateState.js';
import { applyVpaPolicy } from './capping.js';
import { DEFAULT_RECOMMENDER_CONFIG, type RecommenderConfig } from './config.js';
import { ContainerState } from './containerState.js';
import { GO_ZERO_TIME_MS } from './decayingHistogram.js';
import { getConfidence } from './estimator.js';
import { defaultPodEstimators, recommendPodResources, type ContainerToEstimate } from './podRecommender.js';
import { RESOURCE_NAMES, type Resources } from './resourceAmount.js';
import { effectivePolicy, type PolicySource } from './vpaSpec.js';
import type { ContainerRecommendationWithHistory } from './recommendation.js';
import type { Bytes, Millicores, Ms } from '../../units.js';

/** Which container instance a sample belongs to. */
export interface ContainerRef {
  pod: string;
  container: string;
  /**
   * The aggregation key besides the container name. Upstream keys aggregates by the pod's full
   * label set, so pods of two ReplicaSets (before/after a rollout) aggregate apart and merge at
   * recommendation time. Default '' (all pods together).
   */
  group?: string;
}

/**
 * The recommender's model of a VPA's pods (upstream `clusterState` restricted to one VPA):
 * one `ContainerState` per container instance feeding one `AggregateContainerState` per
 * (group, container name). Mutated by the sample methods; read by `recommend`.
 */
export class RecommenderState {
  private readonly aggregates = new Map<string, { container: string; state: AggregateContainerState }>();
  private readonly containers = new Map<string, ContainerState>();

  constructor(readonly config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG) {}

  /** Record a container's current requests (used by request-weighted CPU and by OOM bumps). */
  setRequests(ref: ContainerRef, request: { cpu?: Millicores; memory?: Bytes }, nowMs: Ms): void {
    this.container(ref, nowMs).request = { ...request };
  }

  /** One metrics snapshot's CPU usage; false if dropped (negative, or not newer than the last). */
  addCpuSample(ref: ContainerRef, usage: Millicores, atMs: Ms): boolean {
    return this.container(ref, atMs).addCpuSample(usage, atMs);
  }

  /** One metrics snapshot's memory working set; false if dropped (negative, or older than the last). */
  addMemorySample(ref: ContainerRef, usage: Bytes, atMs: Ms): boolean {
    return this.container(ref, atMs).addMemorySample(usage, atMs);
  }

  /**
   * An OOM kill; `requestedMemory` defaults to the recorded request (0 if none).
   * False when discarded as too old.
   */
  recordOom(ref: ContainerRef, atMs: Ms, requestedMemory?: Bytes): boolean {
    const c = this.container(ref, atMs);
    return c.recordOom(atMs, requestedMemory ?? c.request.memory ?? 0);
  }

  /** Forget a pod's container instances (its aggregated history stays, as upstream). */
  removePod(pod: string): void {
    for (const key of [...this.containers.keys()]) if (key.startsWith(`${pod}\u0000`)) this.containers.delete(key);
  }

  /** Drop aggregates that had no CPU sample for interval × count (upstream hourly GC). */
  garbageCollect(nowMs: Ms): void {
    for (const [key, a] of [...this.aggregates]) if (a.state.isExpired(nowMs)) this.aggregates.delete(key);
  }

  /** Aggregates merged by container name (deep copies; expired aggregates skipped). */
  mergedByContainer(nowMs: Ms): Map<string, AggregateContainerState> {
    const out = new Map<string, AggregateContainerState>();
    for (const key of [...this.aggregates.keys()].sort()) {
      const { container, state } = this.aggregates.get(key) as { container: string; state: AggregateContainerState };
      if (state.isExpired(nowMs)) continue;
      const merged = out.get(container) ?? new AggregateContainerState(this.config, state.creationTimeMs);
      merged.merge(state.clone());
      out.set(container, merged);
    }
    return out;
  }

  private container(ref: ContainerRef, nowMs: Ms): ContainerState {
    const key = `${ref.pod}\u0000${ref.container}`;
    let c = this.containers.get(key);
    if (!c) {
      c = new ContainerState(this.aggregate(ref, nowMs), this.config);
      this.containers.set(key, c);
    }
    return c;
  }

  private aggregate(ref: ContainerRef, nowMs: Ms): AggregateContainerState {
    const key = `${ref.group ?? ''}\u0000${ref.container}`;
    let a = this.aggregates.get(key);
    if (!a) {
      a = { container: ref.container, state: new AggregateContainerState(this.config, nowMs) };
      this.aggregates.set(key, a);
    }
    return a.state;
  }
}

/**
 * The recommendation the VPA recommender would write to the VPA status at `nowMs`: per
 * container (sorted by name, mode-Off containers left out) target, lower and upper bound after
 * the estimator chain, controlled-resource filtering, optional rounding up and capping by
 * minAllowed/maxAllowed, plus the uncapped target and the history it was based on.
 * Pure: reads `state`, changes nothing.
 * @example recommend(state, vpa, now)[0].target // { cpu: 587, memory: 1238659775 }
 */
export function recommend(state: RecommenderState, vpa: PolicySource, nowMs: Ms): ContainerRecommendationWithHistory[] {
  const config = state.config;
  const toEstimate = new Map<string, ContainerToEstimate>();
  for (const [name, agg] of state.mergedByContainer(nowMs)) {
    const policy = effectivePolicy(vpa, name);
    if (policy.mode === 'Off') continue;
    toEstimate.set(name, { state: agg, controlledResources: policy.controlledResources });
  }
  const estimates = recommendPodResources(defaultPodEstimators(config), toEstimate, config);
  const out: ContainerRecommendationWithHistory[] = [];
  for (const [name, est] of estimates) {
    const agg = (toEstimate.get(name) as ContainerToEstimate).state;
    const target = roundUp(est.target, config);
    const capped = applyVpaPolicy(
      { containerName: name, target, lowerBound: roundUp(est.lowerBound, config), upperBound: roundUp(est.upperBound, config), uncappedTarget: { ...target } },
      effectivePolicy(vpa, name),
      config.globalMaxAllowed,
    );
    const hasSamples = agg.firstSampleStartMs !== GO_ZERO_TIME_MS;
    out.push({
      ...capped,
      history: {
        ...(hasSamples ? { firstSampleMs: agg.firstSampleStartMs, lastSampleMs: agg.lastSampleStartMs } : {}),
        historyMs: hasSamples ? agg.lastSampleStartMs - agg.firstSampleStartMs : 0,
        totalSamples: agg.totalSamplesCount,
        confidenceCpu: getConfidence(agg, config.confidenceIntervalCpuMs),
        confidenceMemory: getConfidence(agg, config.confidenceIntervalMemoryMs),
      },
    });
  }
  return out;
}

/** `--round-cpu-millicores` / `--round-memory-bytes`: round up to a multiple (1 or less = off). */
function roundUp(values: Resources, c: Pick<RecommenderConfig, 'roundCpuMillicores' | 'roundMemoryBytes'>): Resources {
  const out: Resources = { ...values };
  for (const r of RESOURCE_NAMES) {
    const v = out[r];
    const scale = r === 'cpu' ? c.roundCpuMillicores : c.roundMemoryBytes;
    if (v !== undefined && scale > 1) out[r] = Math.ceil(v / scale) * scale;
  }
  return out;
}
