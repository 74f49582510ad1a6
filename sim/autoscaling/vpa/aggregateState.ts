import { DecayingHistogram, GO_ZERO_TIME_MS } from './decayingHistogram.js';
import { MIN_SAMPLE_WEIGHT, histogramOptionsFor } from './histogramOptions.js';
import { coresFromCpuAmount } from './resourceAmount.js';
import type { RecommenderConfig } from './config.js';
import type { HistogramCheckpoint } from './histogram.js';
import type { Bytes, Millicores, Ms } from '../../units.js';

/** Upstream checkpoint `VerticalPodAutoscalerCheckpointStatus` (the parts that hold data). */
export interface AggregateCheckpoint {
  version: 'v3';
  firstSampleStartMs: Ms;
  lastSampleStartMs: Ms;
  totalSamplesCount: number;
  cpuHistogram: HistogramCheckpoint;
  memoryHistogram: HistogramCheckpoint;
}

/**
 * The usage history of one group of containers (upstream
 * `recommender/model/aggregate_container_state.go`, 55c37cd5): a decaying CPU usage histogram
 * (cores) and a decaying histogram of per-window memory peaks (bytes), plus the first/last CPU
 * sample times and count that drive confidence and expiry. Mutable; times are epoch ms.
 */
export class AggregateContainerState {
  readonly cpu: DecayingHistogram;
  readonly memoryPeaks: DecayingHistogram;
  /** Go's zero time until the first CPU sample. */
  firstSampleStartMs: Ms = GO_ZERO_TIME_MS;
  lastSampleStartMs: Ms = GO_ZERO_TIME_MS;
  totalSamplesCount = 0;

  constructor(
    private readonly config: RecommenderConfig,
    /** When the aggregate was created: expiry of an aggregate that never got a CPU sample counts from here. */
    readonly creationTimeMs: Ms,
  ) {
    this.cpu = new DecayingHistogram(histogramOptionsFor(config.cpuHistogramLayout), config.cpuHistogramDecayHalfLifeMs);
    this.memoryPeaks = new DecayingHistogram(histogramOptionsFor(config.memoryHistogramLayout), config.memoryHistogramDecayHalfLifeMs);
  }

  /**
   * One CPU usage sample. Weight: `minSampleWeight` (0.1) as upstream since 1.4.0, or
   * `max(request cores, 0.1)` with `cpuSampleWeighting: 'request'` (≤ 1.3.x).
   */
  addCpuSample(usage: Millicores, atMs: Ms, request?: Millicores): void {
    const weight =
      this.config.cpuSampleWeighting === 'request'
        ? Math.max(coresFromCpuAmount(request ?? 0), MIN_SAMPLE_WEIGHT)
        : MIN_SAMPLE_WEIGHT;
    this.cpu.addSample(coresFromCpuAmount(usage), weight, atMs);
    if (atMs > this.lastSampleStartMs) this.lastSampleStartMs = atMs;
    if (this.firstSampleStartMs === GO_ZERO_TIME_MS || atMs < this.firstSampleStartMs) this.firstSampleStartMs = atMs;
    this.totalSamplesCount++;
  }

  /** A memory peak (weight 1) stamped at its window end. */
  addMemoryPeak(bytes: Bytes, windowEndMs: Ms): void {
    this.memoryPeaks.addSample(bytes, 1, windowEndMs);
  }

  /** Remove a previously added memory peak (same value and stamp). */
  subtractMemoryPeak(bytes: Bytes, windowEndMs: Ms): void {
    this.memoryPeaks.subtractSample(bytes, 1, windowEndMs);
  }

  /** Fold `other` in (upstream `MergeContainerState`); `other`'s histograms may be rescaled. */
  merge(other: AggregateContainerState): void {
    this.cpu.merge(other.cpu);
    this.memoryPeaks.merge(other.memoryPeaks);
    if (
      this.firstSampleStartMs === GO_ZERO_TIME_MS ||
      (other.firstSampleStartMs !== GO_ZERO_TIME_MS && other.firstSampleStartMs < this.firstSampleStartMs)
    ) {
      this.firstSampleStartMs = other.firstSampleStartMs;
    }
    if (other.lastSampleStartMs > this.lastSampleStartMs) this.lastSampleStartMs = other.lastSampleStartMs;
    this.totalSamplesCount += other.totalSamplesCount;
  }

  /**
   * True once the aggregate has had no CPU sample for `memoryAggregationInterval × count`
   * (8 days by default); an aggregate without samples counts from its creation.
   */
  isExpired(nowMs: Ms): boolean {
    const window = this.config.memoryAggregationIntervalMs * this.config.memoryAggregationIntervalCount;
    const since = this.totalSamplesCount === 0 ? this.creationTimeMs : this.lastSampleStartMs;
    return nowMs - since >= window;
  }

  /** Upstream `SaveToCheckpoint` (without LastUpdateTime, which is wall-clock). */
  saveToCheckpoint(): AggregateCheckpoint {
    return {
      version: 'v3',
      firstSampleStartMs: this.firstSampleStartMs,
      lastSampleStartMs: this.lastSampleStartMs,
      totalSamplesCount: this.totalSamplesCount,
      cpuHistogram: this.cpu.saveToCheckpoint(),
      memoryHistogram: this.memoryPeaks.saveToCheckpoint(),
    };
  }

  /** Upstream `LoadFromCheckpoint`. @throws Error on another version or a bad histogram checkpoint. */
  loadFromCheckpoint(checkpoint: { version: string } & Omit<AggregateCheckpoint, 'version'>): void {
    if (checkpoint.version !== 'v3') throw new Error(`unsupported checkpoint version ${checkpoint.version}`);
    this.totalSamplesCount = checkpoint.totalSamplesCount;
    this.firstSampleStartMs = checkpoint.firstSampleStartMs;
    this.lastSampleStartMs = checkpoint.lastSampleStartMs;
    this.memoryPeaks.loadFromCheckpoint(checkpoint.memoryHistogram);
    this.cpu.loadFromCheckpoint(checkpoint.cpuHistogram);
  }

  /**
   * A deep copy. Merging into a fresh aggregate never rescales the source: a fresh histogram's
   * reference is Go's zero time, the oldest possible, so only the copy is shifted.
   */
  clone(): AggregateContainerState {
    const c = new AggregateContainerState(this.config, this.creationTimeMs);
    c.merge(this);
    return c;
  }
}
