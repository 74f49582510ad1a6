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
}

/**
 * Non-homogeneous Poisson arrivals following the piecewise-linear rate curve, by time change:
 * if E1, E2, ... are unit exponentials, the arrival times are Λ⁻¹(E1), Λ⁻¹(E1+E2), ... where
 * Λ(t) is the expected number of arrivals by t. Exact for any piecewise-linear rate, O(1)
 * amortised per arrival.
 */
export class PoissonArrivals implements ArrivalSource {
  private readonly segments: RateSegment[];
  private seg = 0;
  private area = 0;

  constructor(profile: ArrivalProfile, private readonly rng: Rng, private readonly offsetMs: Ms = 0) {
    this.segments = rateSegments(profile);
  }

  next(): Ms {
    this.area += this.rng.exp1();
    const segs = this.segments;
    while (this.seg < segs.length) {
      const s = segs[this.seg] as RateSegment;
      const k = this.area - s.areaBefore;
      const segArea = (s.durationMs * (s.fromPerMs + s.toPerMs)) / 2;
      if (k <= segArea && segArea > 0) return this.offsetMs + s.startMs + offsetInSegment(s, k);
      this.seg++;
    }
    return Infinity;
  }
}

/**
 * Offset x inside a linear segment at which the area since its start reaches k:
 * a·x + (b−a)·x²/(2D) = k, solved in the cancellation-free form x = 2k / (a + √(a² + 2k(b−a)/D)).
 */
function offsetInSegment(s: RateSegment, k: number): Ms {
  const a = s.fromPerMs;
  const b = s.toPerMs;
  if (a === b) return k / a;
  const disc = a * a + (2 * k * (b - a)) / s.durationMs;
  return (2 * k) / (a + Math.sqrt(disc > 0 ? disc : 0));
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
}

/** Arrivals at given times (a replay of a measured run's actual start times). Times must be sorted. */
export class ReplayArrivals implements ArrivalSource {
  private i = 0;
  constructor(private readonly timesMs: ArrayLike<number>) {}
  next(): Ms {
    return this.i < this.timesMs.length ? (this.timesMs[this.i++] as number) : Infinity;
  }
}
