import type { Rng } from '../engine/rng.js';
import type { Ms } from '../units.js';
import { k6RegularStarts } from './k6Schedule.js';
import { rateSegments, type ArrivalProfile, type RateSegment } from './stages.js';

/**
 * A source of arrival times, pulled one at a time (the simulator keeps one pending arrival
 * event, so memory does not grow with the run).
 */
export interface ArrivalSource {
  /** The next arrival time in ms from the start of the scenario, or Infinity when done. */
  next(): Ms;
  /**
   * Fill `out` with the next arrival times, as `next` would give them; returns how many (fewer
   * when the source ends). A loop inside the source keeps the times unboxed: a double returned
   * from a call that is not inlined is a heap allocation.
   */
  fill(out: Float64Array): number;
}

/** `fill` by calls to `next` (for the sources whose `next` is cheap or rare). */
function fillByNext(src: ArrivalSource, out: Float64Array): number {
  let k = 0;
  while (k < out.length) {
    const t = src.next();
    if (t === Infinity) break;
    out[k++] = t;
  }
  return k;
}

/**
 * Non-homogeneous Poisson arrivals following the piecewise-linear rate curve, by time change:
 * if E1, E2, ... are unit exponentials, the arrival times are Λ⁻¹(E1), Λ⁻¹(E1+E2), ... where
 * Λ(t) is the expected number of arrivals by t. Exact for any piecewise-linear rate, O(1)
 * amortised per arrival.
 */
export class PoissonArrivals implements ArrivalSource {
  private readonly segments: RateSegment[];
  private seg = -1;
  private area = 0;
  // The current segment, unpacked: the hot path touches only numbers.
  private start = 0;
  private a = 0;
  private b = 0;
  private d = 0;
  private areaBefore = 0;
  private areaEnd = -1;
  private done = false;

  constructor(profile: ArrivalProfile, private readonly rng: Rng, private readonly offsetMs: Ms = 0) {
    this.segments = rateSegments(profile);
  }

  next(): Ms {
    if (this.done) return Infinity;
    this.area += this.rng.exp1();
    while (this.area > this.areaEnd || this.areaEnd <= this.areaBefore) {
      if (!this.advance()) return Infinity;
    }
    const k = this.area - this.areaBefore;
    const a = this.a;
    const b = this.b;
    let x: number;
    if (a === b) x = k / a;
    else {
      // a·x + (b−a)·x²/(2D) = k, in the cancellation-free form x = 2k / (a + √(a² + 2k(b−a)/D)).
      const disc = a * a + (2 * k * (b - a)) / this.d;
      x = (2 * k) / (a + Math.sqrt(disc > 0 ? disc : 0));
    }
    return this.offsetMs + this.start + x;
  }

  fill(out: Float64Array): number {
    let k = 0;
    const rng = this.rng;
    while (k < out.length && !this.done) {
      this.area += rng.exp1();
      while (this.area > this.areaEnd || this.areaEnd <= this.areaBefore) {
        if (!this.advance()) return k;
      }
      // As in next().
      const kk = this.area - this.areaBefore;
      const a = this.a;
      const b = this.b;
      let x: number;
      if (a === b) x = kk / a;
      else {
        const disc = a * a + (2 * kk * (b - a)) / this.d;
        x = (2 * kk) / (a + Math.sqrt(disc > 0 ? disc : 0));
      }
      out[k++] = this.offsetMs + this.start + x;
    }
    return k;
  }

  private advance(): boolean {
    const s = this.segments[++this.seg];
    if (s === undefined) {
      this.done = true;
      return false;
    }
    this.start = s.startMs;
    this.a = s.fromPerMs;
    this.b = s.toPerMs;
    this.d = s.durationMs;
    this.areaBefore = s.areaBefore;
    this.areaEnd = s.areaBefore + (s.durationMs * (s.fromPerMs + s.toPerMs)) / 2;
    return true;
  }
}

/**
 * The iteration start times k6's arrival-rate executors would produce (see k6Schedule.ts),
 * converted to milliseconds. Deterministic: no randomness at all.
 */
export class K6Arrivals implements ArrivalSource {
  private readonly it: Iterator<number>;
  constructor(profile: ArrivalProfile, private readonly offsetMs: Ms = 0) {
    this.it = k6RegularStarts(profile);
  }
  next(): Ms {
    const r = this.it.next();
    return r.done ? Infinity : this.offsetMs + r.value / 1e6;
  }
  fill(out: Float64Array): number {
    return fillByNext(this, out);
  }
}

/** Arrivals at given times (a replay of a measured run's actual start times). Times must be sorted. */
export class ReplayArrivals implements ArrivalSource {
  private i = 0;
  constructor(private readonly timesMs: ArrayLike<number>) {}
  next(): Ms {
    return this.i < this.timesMs.length ? (this.timesMs[this.i++] as number) : Infinity;
  }
  fill(out: Float64Array): number {
    return fillByNext(this, out);
  }
}
