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

/** Trend: every value kept (k6 does too) for exact percentiles; sum in arrival order. */
export class TrendSink {
  readonly type = 'trend';
  private readonly values = float64Column();
  private sorted = true;
  sum = 0;
  min = 0;
  max = 0;
  get count(): number {
    return this.values.length;
  }
  add(value: number): void {
    if (this.values.length === 0 || value > this.max) this.max = value;
    if (this.values.length === 0 || value < this.min) this.min = value;
    this.values.push(value);
    this.sum += value;
    this.sorted = false;
  }
  merge(o: TrendSink): void {
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
}

export type Sink = CounterSink | RateSink | GaugeSink | TrendSink;

/** A fresh sink for a metric type. */
export function newSink(type: MetricType): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'rate':
      return new RateSink();
    case 'gauge':
      return new GaugeSink();
    case 'trend':
      return new TrendSink();
  }
}
