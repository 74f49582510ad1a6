/** One cumulative bucket: observations at most `le` (Infinity for `+Inf`). */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * Prometheus' `histogram_quantile` (promql/quantile.go, bucketQuantile): the q-quantile of
 * cumulative buckets, interpolated linearly inside the bucket it falls in (the first bucket
 * starts at 0); in the `+Inf` bucket it is the highest finite bound. NaN without a `+Inf` bucket,
 * with fewer than two buckets or no observations. Counts that decrease with `le` (buckets scraped
 * at slightly different instants) are raised to be monotonic, as Prometheus does.
 * @example histogramQuantile(0.5, [{ le: 0.01, count: 2 }, { le: 0.02, count: 6 }, { le: Infinity, count: 6 }]) // 0.015
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const b = [...buckets].sort((x, y) => x.le - y.le);
  if (b.length < 2 || b[b.length - 1]!.le !== Infinity) return Number.NaN;
  let max = -Infinity;
  const counts = b.map((x) => (max = Math.max(max, x.count)));
  const total = counts[counts.length - 1] as number;
  if (!(total > 0)) return Number.NaN;
  let rank = q * total;
  let k = counts.findIndex((c) => c >= rank);
  if (k < 0) k = counts.length - 1;
  if (k === b.length - 1) return b[b.length - 2]!.le;
  if (k === 0 && b[0]!.le <= 0) return b[0]!.le;
  let start = 0;
  let count = counts[k] as number;
  if (k > 0) {
    start = b[k - 1]!.le;
    count -= counts[k - 1] as number;
    rank -= counts[k - 1] as number;
  }
  return start + (b[k]!.le - start) * (rank / count);
}
