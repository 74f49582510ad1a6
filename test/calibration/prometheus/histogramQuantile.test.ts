import { describe, expect, it } from 'vitest';
import { histogramQuantile, type Bucket } from '../../../calibration/prometheus/histogramQuantile.js';

// Prometheus' own cases (promql/testdata/histograms.test, "testhistogram" at 50m): the bucket
// counts there are 0+5x10 … i.e. these cumulative counts.
const positive: Bucket[] = [
  { le: 0.1, count: 50 },
  { le: 0.2, count: 70 },
  { le: 1, count: 110 },
  { le: Infinity, count: 120 },
];
const negative: Bucket[] = [
  { le: -0.2, count: 10 },
  { le: -0.1, count: 20 },
  { le: 0.3, count: 20 },
  { le: Infinity, count: 30 },
];
const upstream: [q: number, positive: number, negative: number][] = [
  [-0.1, -Infinity, -Infinity],
  [1.01, Infinity, Infinity],
  [0, 0, -0.2],
  [0.2, 0.048, -0.2],
  [0.5, 0.15, -0.15],
  [0.8, 0.72, 0.3],
  [1, 1, 0.3],
];

describe("histogramQuantile: Prometheus' histogram_quantile over cumulative buckets", () => {
  it.each(upstream)('q = %s gives %s (buckets from 0) and %s (buckets below 0), as upstream', (q, p, n) => {
    expect(histogramQuantile(q, positive)).toBeCloseTo(p, 12);
    expect(histogramQuantile(q, negative)).toBeCloseTo(n, 12);
  });

  it('needs a +Inf bucket, two buckets and observations (else NaN); counts are made monotonic; order does not matter', () => {
    expect(histogramQuantile(0.5, positive.slice(0, 3))).toBeNaN();
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 3 }])).toBeNaN();
    expect(histogramQuantile(0.5, [{ le: 1, count: 0 }, { le: Infinity, count: 0 }])).toBeNaN();
    expect(histogramQuantile(0.5, [...positive].reverse())).toBeCloseTo(0.15, 12);
    // A bucket scraped a moment earlier than the next may read lower than it: raised to the one below.
    expect(histogramQuantile(0.5, [{ le: 0.1, count: 50 }, { le: 0.2, count: 40 }, { le: Infinity, count: 100 }])).toBeCloseTo(0.1, 12);
  });
});
