/**
 * Bucket layouts for the VPA histograms, as upstream
 * `vertical-pod-autoscaler/pkg/recommender/util/histogram_options.go` (snapshot 55c37cd5).
 *
 * A layout maps a value to a bucket index and back to the bucket's start. Histograms compare
 * layouts by identity (as Go compares the options pointer), so share the constants below.
 */
export interface HistogramOptions {
  /** Number of buckets; valid indices are 0..numBuckets-1. */
  readonly numBuckets: number;
  /** Index of the bucket holding `value`; below-range values go to 0, above-range to the last. */
  findBucket(value: number): number;
  /** Start (inclusive lower edge) of bucket `bucket`. @throws RangeError outside 0..numBuckets-1. */
  bucketStart(bucket: number): number;
  /** Weights below this count as zero (a bucket lighter than epsilon is empty). */
  readonly epsilon: number;
}

/**
 * Buckets of equal width: `[0, size)`, `[size, 2·size)`, ... (used by the upstream tests).
 * @throws RangeError unless maxValue, bucketSize and epsilon are > 0.
 * @example linearHistogramOptions(5, 0.3, 0.001).numBuckets // 18
 */
export function linearHistogramOptions(maxValue: number, bucketSize: number, epsilon: number): HistogramOptions {
  if (!(maxValue > 0 && bucketSize > 0 && epsilon > 0)) {
    throw new RangeError('linearHistogramOptions: maxValue, bucketSize and epsilon must be > 0');
  }
  const numBuckets = Math.ceil(maxValue / bucketSize) + 1;
  return {
    numBuckets,
    epsilon,
    findBucket: (value) => clampBucket(Math.trunc(value / bucketSize), numBuckets),
    bucketStart: (bucket) => checkBucket(bucket, numBuckets) * bucketSize,
  };
}

/**
 * Buckets growing geometrically: bucket n (n ≥ 1) starts at `f·(rⁿ − 1)/(r − 1)` and is `f·rⁿ` wide.
 * The last bucket starts at or above maxValue and is unbounded.
 * @throws RangeError unless maxValue, firstBucketSize, epsilon > 0 and ratio > 1.
 * @example exponentialHistogramOptions(500, 40, 1.5, 0.001).findBucket(100) // 2
 */
export function exponentialHistogramOptions(
  maxValue: number,
  firstBucketSize: number,
  ratio: number,
  epsilon: number,
): HistogramOptions {
  if (!(maxValue > 0 && firstBucketSize > 0 && ratio > 1 && epsilon > 0)) {
    throw new RangeError('exponentialHistogramOptions: maxValue, firstBucketSize and epsilon must be > 0, ratio > 1');
  }
  // Same float expression as Go's log(base, x) = ln(x)/ln(base): bucket boundaries depend on it.
  const log = (x: number): number => Math.log(x) / Math.log(ratio);
  const numBuckets = Math.ceil(log((maxValue * (ratio - 1)) / firstBucketSize + 1)) + 1;
  return {
    numBuckets,
    epsilon,
    findBucket(value) {
      if (value < firstBucketSize) return 0;
      const bucket = Math.trunc(log((value * (ratio - 1)) / firstBucketSize + 1));
      return bucket >= numBuckets ? numBuckets - 1 : bucket;
    },
    bucketStart(bucket) {
      if (checkBucket(bucket, numBuckets) === 0) return 0;
      return (firstBucketSize * (Math.pow(ratio, bucket) - 1)) / (ratio - 1);
    },
  };
}

/** Upstream `minSampleWeight` (model/aggregations_config.go): the weight of one CPU sample. */
export const MIN_SAMPLE_WEIGHT = 0.1;
/** Upstream `epsilon = 0.001 × minSampleWeight`. */
export const HISTOGRAM_EPSILON = 0.001 * MIN_SAMPLE_WEIGHT;
/** Upstream `HistogramBucketSizeGrowth`: each bucket is 5% wider than the previous one. */
export const HISTOGRAM_BUCKET_SIZE_GROWTH = 0.05;

/**
 * A bucket layout as plain data, so a configuration that names one can be copied between threads
 * (structured clone drops functions); `histogramOptionsFor` turns it into the functions.
 */
export type HistogramLayout =
  | { readonly kind: 'linear'; readonly maxValue: number; readonly bucketSize: number; readonly epsilon: number }
  | { readonly kind: 'exponential'; readonly maxValue: number; readonly firstBucketSize: number; readonly ratio: number; readonly epsilon: number };

const built = new Map<string, HistogramOptions>();

/**
 * The options of a layout, one object per distinct layout in a process: histograms compare
 * layouts by identity, as upstream compares the options pointer.
 */
export function histogramOptionsFor(l: HistogramLayout): HistogramOptions {
  const key = JSON.stringify(l);
  let o = built.get(key);
  if (o === undefined) {
    o = l.kind === 'linear' ? linearHistogramOptions(l.maxValue, l.bucketSize, l.epsilon) : exponentialHistogramOptions(l.maxValue, l.firstBucketSize, l.ratio, l.epsilon);
    built.set(key, o);
  }
  return o;
}

/** CPU usage histogram layout, in cores: first bucket 0.01 cores (10m), ratio 1.05, up to 1000 cores (176 buckets). */
export const CPU_HISTOGRAM_LAYOUT: HistogramLayout = { kind: 'exponential', maxValue: 1000, firstBucketSize: 0.01, ratio: 1 + HISTOGRAM_BUCKET_SIZE_GROWTH, epsilon: HISTOGRAM_EPSILON };
export const CPU_HISTOGRAM_OPTIONS: HistogramOptions = histogramOptionsFor(CPU_HISTOGRAM_LAYOUT);

/** Memory peaks histogram layout, in bytes: first bucket 1e7 (10 MB), ratio 1.05, up to 1e12 (1 TB) (176 buckets). */
export const MEMORY_HISTOGRAM_LAYOUT: HistogramLayout = { kind: 'exponential', maxValue: 1e12, firstBucketSize: 1e7, ratio: 1 + HISTOGRAM_BUCKET_SIZE_GROWTH, epsilon: HISTOGRAM_EPSILON };
export const MEMORY_HISTOGRAM_OPTIONS: HistogramOptions = histogramOptionsFor(MEMORY_HISTOGRAM_LAYOUT);

function clampBucket(bucket: number, numBuckets: number): number {
  if (bucket < 0) return 0;
  return bucket >= numBuckets ? numBuckets - 1 : bucket;
}

function checkBucket(bucket: number, numBuckets: number): number {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= numBuckets) {
    throw new RangeError(`bucket index ${bucket} out of range [0..${numBuckets - 1}]`);
  }
  return bucket;
}
