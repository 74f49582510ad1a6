import { DDSketch } from '@datadog/sketches-js';
import { float64Column } from './columns.js';
import type { Ms } from '../../sim/units.js';
import type { MetricType } from './samples.js';

// Ports of grafana/k6 metrics/sink.go (v0.48.0 / 87883075): the same accumulation, so the
// summary computed from the samples equals k6's own, float for float where order allows.

/** Counter: sum of values (`count`); `rate` needs the test run duration. */
export class CounterSink {
  readonly type = 'counter';
  sum = 0;
  samples = 0;
  add(value: number): void {
    this.sum += value;
    this.samples++;
  }
  merge(o: CounterSink): void {
    this.sum += o.sum;
    this.samples += o.samples;
  }
}

/** Rate: share of non-zero samples. */
export class RateSink {
  readonly type = 'rate';
  trues = 0;
  total = 0;
  add(value: number): void {
    this.total++;
    if (value !== 0) this.trues++;
  }
  merge(o: RateSink): void {
    this.trues += o.trues;
    this.total += o.total;
  }
}

/** Gauge: last value, min, max; the (time, value) series is kept for merging runners. */
export class GaugeSink {
  readonly type = 'gauge';
  value = 0;
  min = 0;
  max = 0;
  readonly times = float64Column();
  readonly values = float64Column();
  add(value: number, timeMs: Ms): void {
    // As k6's GaugeSink: max starts at 0 (a gauge that stays negative reports max 0), min at the first value.
    if (value > this.max) this.max = value;
    if (this.times.length === 0 || value < this.min) this.min = value;
    this.value = value;
    this.times.push(timeMs);
    this.values.push(value);
  }
}

/**
 * Trend: every value kept (k6 does too), 8 bytes each in a typed array, for exact percentiles;
 * sum in arrival order. In sketch mode (`accuracy` given) the values go into a DDSketch of that
 * relative accuracy instead (a few kilobytes per metric however many samples): count, sum, avg,
 * min and max stay exact, and each percentile is within ±accuracy (relative) of k6's own.
 */
export class TrendSink {
  readonly type = 'trend';
  private readonly values = float64Column();
  private readonly sketch: DDSketch | null;
  private n = 0;
  private sorted = true;
  sum = 0;
  min = 0;
  max = 0;
  constructor(readonly accuracy: number | null = null) {
    this.sketch = accuracy === null ? null : new DDSketch({ relativeAccuracy: accuracy });
  }
  get count(): number {
    return this.n;
  }
  add(value: number): void {
    if (this.n === 0 || value > this.max) this.max = value;
    if (this.n === 0 || value < this.min) this.min = value;
    this.n++;
    if (this.sketch !== null) this.sketch.accept(value);
    else this.values.push(value);
    this.sum += value;
    this.sorted = false;
  }
  merge(o: TrendSink): void {
    if (o.sketch !== null || this.sketch !== null) {
      if (o.sketch === null || this.sketch === null) throw new Error('TrendSink.merge: a sketch and exact values cannot be pooled');
      if (o.n === 0) return;
      this.sketch.merge(o.sketch);
      this.max = this.n === 0 ? o.max : Math.max(this.max, o.max);
      this.min = this.n === 0 ? o.min : Math.min(this.min, o.min);
      this.n += o.n;
      this.sum += o.sum;
      return;
    }
    const other = o.values.view();
    for (let i = 0; i < other.length; i++) this.add(other[i]!);
  }
  avg(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }
  /**
   * k6's percentile: sort, i = p·(n−1), linear interpolation between ⌊i⌋ and ⌈i⌉;
   * n = 0 gives 0, n = 1 the value. `p` in [0, 1]. O(n log n) once, then O(1).
   * @example (values 1,2,3,4).percentile(0.9) // 3.7
   */
  percentile(p: number): number {
    const n = this.count;
    if (n === 0) return 0;
    if (this.sketch !== null) return this.sketchPercentile(p);
    // Sorted in place, as k6 does: no second copy of a possibly huge array.
    const sorted = this.values.view();
    if (!this.sorted) {
      sorted.sort();
      this.sorted = true;
    }
    if (n === 1) return sorted[0]!;
    const i = p * (n - 1);
    const j = sorted[Math.floor(i)]!;
    const k = sorted[Math.ceil(i)]!;
    return j + (k - j) * (i - Math.floor(i));
  }

  /**
   * k6's interpolation between the sketch's values at ranks ⌊i⌋ and ⌈i⌉: each is within
   * ±accuracy of the true sample at that rank (DDSketch's guarantee, values ≥ 0), so their
   * interpolation is within ±accuracy of k6's. Clamped to the exact min and max.
   */
  private sketchPercentile(p: number): number {
    const sketch = this.sketch as DDSketch;
    const n = this.n;
    if (n === 1) return this.min;
    const i = p * (n - 1);
    // The sketch reads rank q·(n−1) rounded down: aim at the middle of the wanted rank.
    const at = (rank: number) => Math.min(this.max, Math.max(this.min, sketch.getValueAtQuantile(Math.min(1, (rank + 0.5) / (n - 1)))));
    const lo = Math.floor(i);
    const j = lo >= n - 1 ? this.max : at(lo);
    const k = Math.ceil(i) >= n - 1 ? this.max : at(Math.ceil(i));
    return j + (k - j) * (i - lo);
  }
}

export type Sink = CounterSink | RateSink | GaugeSink | TrendSink;

/** A fresh sink for a metric type; trends as a sketch of `trendAccuracy` when given. */
export function newSink(type: MetricType, trendAccuracy: number | null = null): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'rate':
      return new RateSink();
    case 'gauge':
      return new GaugeSink();
    case 'trend':
      return new TrendSink(trendAccuracy);
  }
}
