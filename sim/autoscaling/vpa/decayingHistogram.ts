import { Histogram, type HistogramCheckpoint } from './histogram.js';
import type { HistogramOptions } from './histogramOptions.js';
import type { Ms } from '../../units.js';

/**
 * Go's zero `time.Time` (0001-01-01T00:00:00Z) in ms since the Unix epoch: the initial reference
 * of a decaying histogram, and the origin from which Go's `Time.Round` counts.
 */
export const GO_ZERO_TIME_MS: Ms = -62_135_596_800_000;

/** Upstream `maxDecayExponent`: renormalise once a weight factor would exceed 2^100. */
const MAX_DECAY_EXPONENT = 100;
/** Go durations saturate at ±(2^63 − 1) ns; in ms. */
const MAX_DURATION_MS = 9_223_372_036_854.775;

/**
 * A histogram where a sample at time t weighs `w · 2^((t − ref)/halfLife)`, so old samples fade
 * by half every half-life. Port of upstream `recommender/util/decaying_histogram.go` (55c37cd5).
 * Times are ms since the Unix epoch.
 */
export class DecayingHistogram extends Histogram {
  private referenceMs: Ms = GO_ZERO_TIME_MS;

  constructor(options: HistogramOptions, readonly halfLifeMs: Ms) {
    super(options);
  }

  /** The reference time (always a multiple of the half-life counted from Go's zero time, or Go's zero time). */
  get referenceTimestampMs(): Ms {
    return this.referenceMs;
  }

  override addSample(value: number, weight: number, atMs: Ms): void {
    super.addSample(value, weight * this.decayFactor(atMs), atMs);
  }

  override subtractSample(value: number, weight: number, atMs: Ms): void {
    super.subtractSample(value, weight * this.decayFactor(atMs), atMs);
  }

  /**
   * Add `other`'s samples. The histogram with the older reference is shifted first (so, as
   * upstream, `other` may be rescaled). @throws Error on different half-lives or layouts.
   */
  override merge(other: Histogram): void {
    if (!(other instanceof DecayingHistogram) || other.halfLifeMs !== this.halfLifeMs) {
      throw new Error("can't merge decaying histograms with different half life periods");
    }
    if (this.referenceMs < other.referenceMs) this.shiftReferenceTimestamp(other.referenceMs);
    else if (other.referenceMs < this.referenceMs) other.shiftReferenceTimestamp(this.referenceMs);
    super.merge(other);
  }

  override equals(other: Histogram): boolean {
    return (
      other instanceof DecayingHistogram &&
      other.halfLifeMs === this.halfLifeMs &&
      other.referenceMs === this.referenceMs &&
      super.equals(other)
    );
  }

  /** A deep copy (the recommender merges copies so that reading state never changes it). */
  clone(): DecayingHistogram {
    const c = new DecayingHistogram(this.options, this.halfLifeMs);
    c.copyFrom(this);
    c.referenceMs = this.referenceMs;
    return c;
  }

  override saveToCheckpoint(): HistogramCheckpoint {
    return { ...super.saveToCheckpoint(), referenceTimestampMs: this.referenceMs };
  }

  override loadFromCheckpoint(checkpoint: HistogramCheckpoint): void {
    super.loadFromCheckpoint(checkpoint);
    this.referenceMs = checkpoint.referenceTimestampMs ?? GO_ZERO_TIME_MS;
  }

  private shiftReferenceTimestamp(newReferenceMs: Ms): void {
    const rounded = goRound(newReferenceMs, this.halfLifeMs);
    const diff = clampDuration(this.referenceMs - rounded);
    const exponent = Math.floor(diff / this.halfLifeMs + 0.5);
    this.scale(Math.pow(2, exponent));
    this.referenceMs = rounded;
  }

  private decayFactor(atMs: Ms): number {
    const maxAllowed = this.referenceMs + this.halfLifeMs * MAX_DECAY_EXPONENT;
    if (atMs > maxAllowed) this.shiftReferenceTimestamp(atMs);
    return Math.pow(2, clampDuration(atMs - this.referenceMs) / this.halfLifeMs);
  }
}

/**
 * Go `Time.Round(d)`: the nearest multiple of d counted from Go's zero time; halves round up.
 * @example goRound(Date.UTC(2026,0,1,13), 86_400_000) // Date.UTC(2026,0,2)
 */
export function goRound(tMs: Ms, dMs: Ms): Ms {
  const sinceZero = tMs - GO_ZERO_TIME_MS;
  const r = ((sinceZero % dMs) + dMs) % dMs;
  return r + r < dMs ? tMs - r : tMs + (dMs - r);
}

function clampDuration(ms: Ms): Ms {
  return Math.max(-MAX_DURATION_MS, Math.min(MAX_DURATION_MS, ms));
}
