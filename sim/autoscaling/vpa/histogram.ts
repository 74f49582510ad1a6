import type { HistogramOptions } from './histogramOptions.js';

/** Upstream `MaxCheckpointWeight`: the heaviest bucket of a checkpoint is stored as this integer. */
export const MAX_CHECKPOINT_WEIGHT = 10000;

/** Upstream `HistogramCheckpoint` (bucket index → compressed integer weight). */
export interface HistogramCheckpoint {
  totalWeight: number;
  bucketWeights: Record<number, number>;
  /** Decaying histograms only: the reference time, ms since the Unix epoch. */
  referenceTimestampMs?: number;
}

/**
 * A bucketed approximation of a weighted distribution, as upstream
 * `vertical-pod-autoscaler/pkg/recommender/util/histogram.go` (snapshot 55c37cd5).
 *
 * Each bucket holds the summed weight of its samples; there is no interpolation inside a bucket,
 * so percentiles are bucket edges. Mutable: the recommender owns its histograms.
 */
export class Histogram {
  protected readonly bucketWeight: number[];
  protected totalWeightValue = 0;
  /** First non-empty bucket, or the last bucket when empty. */
  protected minBucket: number;
  /** Last non-empty bucket, or 0 when empty. */
  protected maxBucket = 0;

  constructor(readonly options: HistogramOptions) {
    this.bucketWeight = new Array<number>(options.numBuckets).fill(0);
    this.minBucket = options.numBuckets - 1;
  }

  get totalWeight(): number {
    return this.totalWeightValue;
  }

  /** Weight currently held by bucket `bucket` (for tests and checkpoints). */
  weightOf(bucket: number): number {
    return this.bucketWeight[bucket] ?? 0;
  }

  /** Add a sample. @throws RangeError when weight < 0. */
  addSample(value: number, weight: number, _atMs?: number): void {
    if (weight < 0) throw new RangeError('sample weight must be non-negative');
    const bucket = this.options.findBucket(value);
    const w = (this.bucketWeight[bucket] as number) + weight;
    this.bucketWeight[bucket] = w;
    this.totalWeightValue += weight;
    if (bucket < this.minBucket && w >= this.options.epsilon) this.minBucket = bucket;
    if (bucket > this.maxBucket && w >= this.options.epsilon) this.maxBucket = bucket;
  }

  /** Remove a sample; results below epsilon become exactly 0. @throws RangeError when weight < 0. */
  subtractSample(value: number, weight: number, _atMs?: number): void {
    if (weight < 0) throw new RangeError('sample weight must be non-negative');
    const bucket = this.options.findBucket(value);
    const eps = this.options.epsilon;
    this.totalWeightValue = safeSubtract(this.totalWeightValue, weight, eps);
    this.bucketWeight[bucket] = safeSubtract(this.bucketWeight[bucket] as number, weight, eps);
    this.updateMinAndMaxBucket();
  }

  /** Add all of `other`'s samples. @throws Error when the layouts differ. */
  merge(other: Histogram): void {
    if (this.options !== other.options) throw new Error("can't merge histograms with different options");
    for (let b = other.minBucket; b <= other.maxBucket; b++) {
      this.bucketWeight[b] = (this.bucketWeight[b] as number) + (other.bucketWeight[b] as number);
    }
    this.totalWeightValue += other.totalWeightValue;
    if (other.minBucket < this.minBucket) this.minBucket = other.minBucket;
    if (other.maxBucket > this.maxBucket) this.maxBucket = other.maxBucket;
  }

  /**
   * The upper edge of the first bucket at which the cumulative weight reaches `p × total`
   * (start of the last bucket when that is the answer); 0 when empty. `p` is a fraction (0.9 = p90).
   * @example after addSample(1,1), addSample(2,1) on linear(10, 1): percentile(0.5) // 2
   */
  percentile(p: number): number {
    if (this.isEmpty()) return 0;
    const threshold = p * this.totalWeightValue;
    let partial = 0;
    let bucket = this.minBucket;
    for (; bucket < this.maxBucket; bucket++) {
      partial += this.bucketWeight[bucket] as number;
      if (partial >= threshold) break;
    }
    if (bucket < this.options.numBuckets - 1) return this.options.bucketStart(bucket + 1);
    return this.options.bucketStart(bucket);
  }

  isEmpty(): boolean {
    return (this.bucketWeight[this.minBucket] as number) < this.options.epsilon;
  }

  /** Same layout, same min/max bucket and per-bucket weights within 1e-15 (upstream `Equals`). */
  equals(other: Histogram): boolean {
    if (this.options !== other.options || this.minBucket !== other.minBucket || this.maxBucket !== other.maxBucket) {
      return false;
    }
    for (let b = this.minBucket; b <= this.maxBucket; b++) {
      if (Math.abs((this.bucketWeight[b] as number) - (other.bucketWeight[b] as number)) > 1e-15) return false;
    }
    return true;
  }

  /** Multiply every weight by `factor` (percentiles are unchanged). @throws RangeError when factor < 0. */
  scale(factor: number): void {
    if (factor < 0) throw new RangeError('scale factor must be non-negative');
    for (let b = this.minBucket; b <= this.maxBucket; b++) {
      this.bucketWeight[b] = (this.bucketWeight[b] as number) * factor;
    }
    this.totalWeightValue *= factor;
    this.updateMinAndMaxBucket();
  }

  /** Copy `other`'s weights into this histogram (same layout). */
  protected copyFrom(other: Histogram): void {
    for (let b = 0; b < this.bucketWeight.length; b++) this.bucketWeight[b] = other.bucketWeight[b] as number;
    this.totalWeightValue = other.totalWeightValue;
    this.minBucket = other.minBucket;
    this.maxBucket = other.maxBucket;
  }

  protected updateMinAndMaxBucket(): void {
    const eps = this.options.epsilon;
    const last = this.options.numBuckets - 1;
    while ((this.bucketWeight[this.minBucket] as number) < eps && this.minBucket < last) this.minBucket++;
    while ((this.bucketWeight[this.maxBucket] as number) < eps && this.maxBucket > 0) this.maxBucket--;
  }

  /**
   * Compress to a checkpoint as upstream `SaveToChekpoint`: each bucket becomes
   * `round(w × 10000 / maxWeight)`; zeros are dropped; the total is kept exactly.
   * @example one sample of weight 1 → { totalWeight: 1, bucketWeights: { [bucket]: 10000 } }
   */
  saveToCheckpoint(): HistogramCheckpoint {
    let maxWeight = 0;
    for (let b = this.minBucket; b <= this.maxBucket; b++) maxWeight = Math.max(maxWeight, this.bucketWeight[b] as number);
    const ratio = MAX_CHECKPOINT_WEIGHT / maxWeight;
    const bucketWeights: Record<number, number> = {};
    for (let b = this.minBucket; b <= this.maxBucket; b++) {
      const w = Math.floor((this.bucketWeight[b] as number) * ratio + 0.5);
      // Go's uint32(NaN) for an empty histogram (0 × Inf) is 0 on amd64: nothing stored.
      if (w > 0) bucketWeights[b] = w;
    }
    return { totalWeight: this.totalWeightValue, bucketWeights };
  }

  /**
   * Add a checkpoint's samples (upstream `LoadFromCheckpoint`, including the #7726 re-tightening).
   * @throws Error on a missing checkpoint, a negative total, a negative bucket or a bucket beyond the layout.
   */
  loadFromCheckpoint(checkpoint: HistogramCheckpoint): void {
    if (checkpoint === undefined || checkpoint === null) throw new Error('cannot load from empty checkpoint');
    if (checkpoint.totalWeight < 0) throw new Error(`cannot load checkpoint with negative weight ${checkpoint.totalWeight}`);
    let sum = 0;
    const entries = Object.entries(checkpoint.bucketWeights).map(([k, w]) => [Number(k), w] as const);
    for (const [bucket, w] of entries) {
      sum += w;
      if (bucket >= this.options.numBuckets) {
        throw new Error(`checkpoint has bucket ${bucket} that is exceeding histogram buckets ${this.options.numBuckets}`);
      }
      if (bucket < 0) throw new Error(`checkpoint has a negative bucket ${bucket}`);
    }
    if (sum === 0) return;
    const ratio = checkpoint.totalWeight / sum;
    for (const [bucket, w] of entries) {
      if (bucket < this.minBucket) this.minBucket = bucket;
      if (bucket > this.maxBucket) this.maxBucket = bucket;
      this.bucketWeight[bucket] = (this.bucketWeight[bucket] as number) + w * ratio;
    }
    this.totalWeightValue += checkpoint.totalWeight;
    this.updateMinAndMaxBucket();
  }
}

function safeSubtract(value: number, sub: number, epsilon: number): number {
  const v = value - sub;
  return v < epsilon ? 0 : v;
}
