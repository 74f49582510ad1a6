import { DDSketch } from '@datadog/sketches-js';
import type { Ms } from '../units.js';

/**
 * Streaming latency statistics in constant memory: a DDSketch (relative-error quantile sketch,
 * Masson et al., VLDB 2019) plus exact count, sum and max. Quantiles carry the sketch's relative
 * error (1% by default); mean and max are exact.
 */
export class LatencyStats {
  private sketch: DDSketch;
  constructor(private readonly accuracy = 0.01) {
    this.sketch = new DDSketch({ relativeAccuracy: accuracy });
  }

  add(ms: Ms): void {
    this.sketch.accept(ms < 0 ? 0 : ms);
  }

  get count(): number {
    return this.sketch.count;
  }

  get mean(): Ms {
    return this.sketch.count === 0 ? 0 : this.sketch.sum / this.sketch.count;
  }

  get max(): Ms {
    return this.sketch.count === 0 ? 0 : this.sketch.max;
  }

  /** Quantile q in [0, 1]; 0 when empty. */
  quantile(q: number): Ms {
    if (this.sketch.count === 0) return 0;
    if (q >= 1) return this.sketch.max;
    return this.sketch.getValueAtQuantile(q);
  }

  /** Add another LatencyStats' samples (same accuracy). */
  merge(other: LatencyStats): void {
    this.sketch.merge(other.sketch);
  }

  reset(): void {
    this.sketch = new DDSketch({ relativeAccuracy: this.accuracy });
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      mean: this.mean,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.max,
    };
  }
}

export interface LatencySummary {
  count: number;
  mean: Ms;
  p50: Ms;
  p90: Ms;
  p95: Ms;
  p99: Ms;
  max: Ms;
}
