import { GO_ZERO_TIME_MS } from './decayingHistogram.js';
import { memoryAmountFromBytes, scaleResource } from './resourceAmount.js';
import type { Bytes, Millicores, Ms } from '../../units.js';

/** Where a container's samples go (an AggregateContainerState, or a recorder in tests). */
export interface SampleSink {
  addCpuSample(usage: Millicores, atMs: Ms, request?: Millicores): void;
  addMemoryPeak(bytes: Bytes, windowEndMs: Ms): void;
  subtractMemoryPeak(bytes: Bytes, windowEndMs: Ms): void;
}

/** Memory windowing and OOM settings of the container's aggregate. */
export interface ContainerWindowConfig {
  memoryAggregationIntervalMs: Ms;
  oomBumpUpRatio: number;
  oomMinBumpUpBytes: Bytes;
}

/**
 * One running container instance (upstream `recommender/model/container.go`, 55c37cd5): drops
 * out-of-order CPU samples, keeps one memory peak per aggregation window (stamped at the window
 * end) and turns OOM kills into bumped memory samples. Times are epoch ms.
 */
export class ContainerState {
  lastCpuSampleStartMs: Ms = GO_ZERO_TIME_MS;
  /** End of the current memory aggregation window (Go's zero time before the first sample). */
  windowEndMs: Ms = GO_ZERO_TIME_MS;
  private memoryPeak: Bytes = 0;
  private oomPeak: Bytes = 0;
  private lastMemorySampleStartMs: Ms = GO_ZERO_TIME_MS;

  constructor(
    private readonly sink: SampleSink,
    private readonly config: ContainerWindowConfig,
    /** Current requests (cpu millicores, memory bytes), used for request-weighted CPU and OOM bumps. */
    public request: { cpu?: Millicores; memory?: Bytes } = {},
  ) {}

  /**
   * A CPU usage sample. Returns false (and records nothing) for negative usage or a timestamp
   * not strictly after the previous accepted CPU sample (an unchanged metrics snapshot).
   */
  addCpuSample(usage: Millicores, atMs: Ms): boolean {
    if (usage < 0 || !(atMs > this.lastCpuSampleStartMs)) return false;
    this.sink.addCpuSample(usage, atMs, this.request.cpu);
    this.lastCpuSampleStartMs = atMs;
    return true;
  }

  /**
   * A memory usage sample (working set). Returns false for negative usage or a sample earlier
   * than the previous memory sample (equal timestamps are accepted).
   */
  addMemorySample(usage: Bytes, atMs: Ms): boolean {
    return this.addMemory(usage, atMs, false);
  }

  /**
   * An OOM kill at `atMs` while the container requested `requestedMemory` bytes: records
   * `max(used × 1.2, used + 100 MiB)` with used = max(request, this window's usage peak), as a
   * memory sample that bypasses the ordering check. Returns false when the OOM is older than
   * the last memory sample minus one aggregation interval (HEAD behaviour, issue #8548).
   * @example fresh container, request 1000 MiB → peak 1200 MiB at the window end
   */
  recordOom(atMs: Ms, requestedMemory: Bytes): boolean {
    if (
      this.lastMemorySampleStartMs !== GO_ZERO_TIME_MS &&
      atMs < this.lastMemorySampleStartMs - this.config.memoryAggregationIntervalMs
    ) {
      return false;
    }
    const used = Math.max(requestedMemory, this.memoryPeak);
    const needed = Math.max(
      used + memoryAmountFromBytes(this.config.oomMinBumpUpBytes),
      scaleResource(used, this.config.oomBumpUpRatio),
    );
    return this.addMemory(needed, atMs, true);
  }

  /** max(memory peak, OOM peak) of the current window. */
  get maxMemoryPeak(): Bytes {
    return Math.max(this.memoryPeak, this.oomPeak);
  }

  private addMemory(usage: Bytes, atMs: Ms, isOom: boolean): boolean {
    if (usage < 0 || (!isOom && atMs < this.lastMemorySampleStartMs)) return false;
    this.lastMemorySampleStartMs = atMs;
    if (this.windowEndMs === GO_ZERO_TIME_MS) this.windowEndMs = atMs;
    let addNewPeak = false;
    if (atMs < this.windowEndMs) {
      const oldMax = this.maxMemoryPeak;
      // Quirk kept from upstream: a window whose first peak was 0 never records a later one.
      if (oldMax !== 0 && usage > oldMax) {
        this.sink.subtractMemoryPeak(oldMax, this.windowEndMs);
        addNewPeak = true;
      }
    } else {
      const interval = this.config.memoryAggregationIntervalMs;
      this.windowEndMs += Math.floor((atMs - this.windowEndMs) / interval) * interval + interval;
      this.memoryPeak = 0;
      this.oomPeak = 0;
      addNewPeak = true;
    }
    if (addNewPeak) {
      this.sink.addMemoryPeak(usage, this.windowEndMs);
      if (isOom) this.oomPeak = usage;
      else this.memoryPeak = usage;
    }
    return true;
  }
}
