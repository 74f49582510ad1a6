import { describe, expect, it } from 'vitest';
import {
  CPU_HISTOGRAM_OPTIONS,
  DecayingHistogram,
  GO_ZERO_TIME_MS,
  Histogram,
  MAX_CHECKPOINT_WEIGHT,
  MEMORY_HISTOGRAM_OPTIONS,
  exponentialHistogramOptions,
  goRound,
  linearHistogramOptions,
  type HistogramOptions,
} from '../../../../sim/autoscaling/vpa/index.js';
import {
  OPTIONS_CASES,
  START_MS,
  STEP_CASES,
  TEST_LAYOUT,
  WEIGHT_EPSILON,
  type Layout,
} from '../../../fixtures/upstream/vpa/histogramCases.js';

const HOUR = 3_600_000;
const layouts = new Map<Layout, HistogramOptions>();
/** One options object per layout: histograms compare layouts by identity, as Go compares pointers. */
function optionsOf(l: Layout): HistogramOptions {
  let o = layouts.get(l);
  if (!o) {
    o = l.kind === 'linear' ? linearHistogramOptions(l.maxValue, l.bucketSize, l.epsilon) : exponentialHistogramOptions(l.maxValue, l.firstBucketSize, l.ratio, l.epsilon);
    layouts.set(l, o);
  }
  return o;
}
const testOptions = optionsOf(TEST_LAYOUT);

describe('histogram options (upstream histogram_options_test.go)', () => {
  it.each(OPTIONS_CASES)('$name', (c) => {
    const o = optionsOf(c.layout);
    expect(o.numBuckets).toBe(c.numBuckets);
    for (const [b, start] of c.bucketStarts) expect(o.bucketStart(b)).toBeCloseTo(start, 12);
    for (const [v, b] of c.findBucket) expect(o.findBucket(v)).toBe(b);
  });

  it('the production layouts have 176 buckets and the starts vpa.md §2.3 derives', () => {
    expect(CPU_HISTOGRAM_OPTIONS.numBuckets).toBe(176);
    expect(MEMORY_HISTOGRAM_OPTIONS.numBuckets).toBe(176);
    const starts: [number, number][] = [[1, 0.01], [2, 0.0205], [10, 0.12578], [36, 0.95836], [37, 1.01628], [50, 2.09348], [100, 26.10025], [175, 1021.109]];
    for (const [b, cores] of starts) expect(CPU_HISTOGRAM_OPTIONS.bucketStart(b)).toBeCloseTo(cores, 3);
    expect(MEMORY_HISTOGRAM_OPTIONS.bucketStart(38)).toBeCloseTo(1_077_095_457.98, 1);
  });

  it('rejects invalid parameters', () => {
    expect(() => exponentialHistogramOptions(10, 1, 1, 0.1)).toThrow(RangeError);
    expect(() => linearHistogramOptions(0, 1, 0.1)).toThrow(RangeError);
    expect(() => testOptions.bucketStart(11)).toThrow(RangeError);
  });
});

describe('histogram and decaying histogram step tables (upstream histogram_test.go, decaying_histogram_test.go)', () => {
  it.each(STEP_CASES)('$name', (c) => {
    const o = optionsOf(c.layout);
    const h = c.halfLifeMs === undefined ? new Histogram(o) : new DecayingHistogram(o, c.halfLifeMs);
    for (const step of c.steps) {
      switch (step[0]) {
        case 'add':
          h.addSample(step[1], step[2], step[3] ?? 0);
          break;
        case 'sub':
          h.subtractSample(step[1], step[2], step[3] ?? 0);
          break;
        case 'percentile':
          expect(h.percentile(step[1]), `percentile(${step[1]})`).toBeCloseTo(step[2], 12);
          break;
        case 'empty':
          expect(h.isEmpty()).toBe(step[1]);
          break;
      }
    }
  });
});

describe('merge and checkpoints (upstream histogram_test.go, decaying_histogram_test.go)', () => {
  it('TestHistogramMerge', () => {
    const h1 = new Histogram(testOptions);
    h1.addSample(1, 1);
    h1.addSample(2, 1);
    const h2 = new Histogram(testOptions);
    h2.addSample(2, 1);
    h2.addSample(3, 1);
    const expected = new Histogram(testOptions);
    for (const v of [1, 2, 2, 3]) expected.addSample(v, 1);
    h1.merge(h2);
    expect(h1.equals(expected)).toBe(true);
  });

  it('TestDecayingHistogramMerge', () => {
    const h1 = new DecayingHistogram(testOptions, HOUR);
    h1.addSample(1, 1, START_MS);
    h1.addSample(2, 1, START_MS + HOUR);
    const h2 = new DecayingHistogram(testOptions, HOUR);
    h2.addSample(2, 1, START_MS + 2 * HOUR);
    h2.addSample(3, 1, START_MS + HOUR);
    const expected = new DecayingHistogram(testOptions, HOUR);
    expected.addSample(2, 1, START_MS + 2 * HOUR);
    expected.addSample(2, 1, START_MS + HOUR);
    expected.addSample(3, 1, START_MS + HOUR);
    expected.addSample(1, 1, START_MS);
    h1.merge(h2);
    expect(h1.equals(expected)).toBe(true);
  });

  it('TestHistogramSaveToCheckpointEmpty', () => {
    expect(new Histogram(testOptions).saveToCheckpoint()).toEqual({ totalWeight: 0, bucketWeights: {} });
  });

  it('TestHistogramSaveToCheckpoint', () => {
    const h = new Histogram(testOptions);
    h.addSample(1, 1);
    expect(h.saveToCheckpoint()).toEqual({ totalWeight: 1, bucketWeights: { [testOptions.findBucket(1)]: MAX_CHECKPOINT_WEIGHT } });
  });

  it('TestHistogramSaveToCheckpointDropsRelativelySmallValues', () => {
    const h = new Histogram(testOptions);
    h.addSample(1, 1);
    h.addSample(2, 100000);
    expect(h.saveToCheckpoint()).toEqual({ totalWeight: 100001, bucketWeights: { [testOptions.findBucket(2)]: MAX_CHECKPOINT_WEIGHT } });
  });

  it('TestHistogramSaveToCheckpointForMultipleValues', () => {
    const h = new Histogram(testOptions);
    h.addSample(1, 1);
    h.addSample(2, 10000);
    h.addSample(3, 50);
    expect(h.saveToCheckpoint()).toEqual({ totalWeight: 10051, bucketWeights: { 1: 1, 2: 10000, 3: 50 } });
  });

  it('TestHistogramLoadFromCheckpoint', () => {
    const h = new Histogram(testOptions);
    h.loadFromCheckpoint({ totalWeight: 6, bucketWeights: { 0: 1, 1: 2 } });
    expect(h.totalWeight).toBe(6);
    expect(h.weightOf(0)).toBe(2);
    expect(h.weightOf(1)).toBe(4);
  });

  it.each([
    ['TestHistogramLoadFromCheckpointReturnsErrorOnNegativeBucket', { totalWeight: 1, bucketWeights: { [-1]: 1 } }],
    ['TestHistogramLoadFromCheckpointReturnsErrorOnInvalidBucket', { totalWeight: 1, bucketWeights: { 99: 1 } }],
    ['TestHistogramLoadFromCheckpointReturnsErrorNegativeTotaWeight', { totalWeight: -1, bucketWeights: {} }],
  ])('%s', (_name, checkpoint) => {
    expect(() => new Histogram(testOptions).loadFromCheckpoint(checkpoint)).toThrow();
  });

  it('TestHistogramLoadFromCheckpointReturnsErrorOnNilInput: not expressible (the TypeScript type forbids a missing checkpoint)', () => {
    expect(() => new Histogram(testOptions).loadFromCheckpoint(undefined as never)).toThrow();
  });

  it('TestHistogramIsNotEmptyAfterSavingAndLoadingCheckpointsWithBoundaryValues (issue #7726)', () => {
    const h = new Histogram(testOptions);
    h.addSample(1, WEIGHT_EPSILON);
    h.addSample(2, MAX_CHECKPOINT_WEIGHT * WEIGHT_EPSILON - WEIGHT_EPSILON);
    const loaded = new Histogram(testOptions);
    loaded.loadFromCheckpoint(h.saveToCheckpoint());
    expect(loaded.isEmpty()).toBe(false);
  });

  it('TestDecayingHistogramSaveToCheckpoint', () => {
    const d = new DecayingHistogram(testOptions, HOUR);
    d.addSample(2, 1, START_MS + 100 * HOUR);
    expect(d.referenceTimestampMs).not.toBe(GO_ZERO_TIME_MS);
    const cp = d.saveToCheckpoint();
    expect(cp.referenceTimestampMs).toBe(d.referenceTimestampMs);
    expect(Object.keys(cp.bucketWeights).length).toBeGreaterThan(0);
    expect(cp.totalWeight).not.toBe(0);
  });

  it('TestDecayingHistogramLoadFromCheckpoint', () => {
    const ts = Date.UTC(2018, 0, 2, 3, 4, 5);
    const d = new DecayingHistogram(testOptions, HOUR);
    d.loadFromCheckpoint({ totalWeight: 6, bucketWeights: { 0: 1 }, referenceTimestampMs: ts });
    expect(d.isEmpty()).toBe(false);
    expect(d.referenceTimestampMs).toBe(ts);
  });
});

describe('decaying histogram reference timestamp (vpa.md §4)', () => {
  it('the first sample moves the reference from Go zero time to the nearest half-life multiple (UTC midnight for 24 h)', () => {
    const d = new DecayingHistogram(CPU_HISTOGRAM_OPTIONS, 24 * HOUR);
    d.addSample(0.5, 0.1, Date.UTC(2026, 0, 1, 13, 0, 0));
    expect(d.referenceTimestampMs).toBe(Date.UTC(2026, 0, 2));
  });

  it('Go Time.Round rounds exact halves up', () => {
    expect(goRound(Date.UTC(2026, 0, 1, 12), 24 * HOUR)).toBe(Date.UTC(2026, 0, 2));
    expect(goRound(Date.UTC(2026, 0, 1, 11, 59), 24 * HOUR)).toBe(Date.UTC(2026, 0, 1));
    expect(goRound(Date.UTC(2026, 0, 1, 10, 30), HOUR)).toBe(Date.UTC(2026, 0, 1, 11));
  });

  it('a sample one half-life newer weighs twice as much', () => {
    const d = new DecayingHistogram(testOptions, HOUR);
    d.addSample(1, 1, START_MS);
    const before = d.totalWeight;
    d.addSample(5, 1, START_MS + HOUR);
    expect(d.totalWeight - before).toBeCloseTo(2 * before, 12);
  });
});
