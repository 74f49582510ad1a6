import type { Ms } from '../units.js';

// The bits of a double, read without a logarithm: the high 32-bit word holds the sign, the
// 11-bit exponent and the top 20 bits of the mantissa, so its top (12 + k) bits are a log-linear
// bucket index (2^k linear sub-buckets per power of two), as an HDR histogram's.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
/** Index of the high word (1 on little-endian machines). */
const HI = U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** Values below 2^-20 ms (about a nanosecond) count as zero; at or above 2^44 ms they land in the last bucket. */
const MIN_EXP = -20;
const MAX_EXP = 44;

/**
 * Streaming latency statistics in memory bounded by the range of values: a log-linear histogram
 * (HDR-style: 2^k equal sub-buckets per power of two) plus exact count, sum, min and max.
 *
 * A quantile is the midpoint of the bucket holding the rank (DDSketch's rank rule: the first
 * bucket whose cumulative count exceeds q·(n−1)), clamped to [min, max]. Its relative error is at
 * most 2^-(k+1); k is the smallest that meets `accuracy` (0.78 % for the default 1 %). Mean, min
 * and max are exact. An update is integer arithmetic on the value's bits: no logarithm.
 */
export class LatencyStats {
  // Initialised here as well as in the constructor: a class field declared without a value starts
  // as undefined, and V8 then keeps it as a tagged value, checked on every read in `add`.
  /** Linear sub-buckets per power of two, as a power of two. */
  private readonly k: number = 0;
  private readonly shift: number = 0;
  /** Bucket index of 2^MIN_EXP in the high-word key space. */
  private readonly base: number = 0;
  private readonly nBuckets: number = 0;
  /** Counts of buckets lo..lo+counts.length-1 (a window that grows to cover the values seen). */
  private counts: Float64Array;
  private lo = 0;
  private zeros = 0;
  private n = 0;
  private sum = 0;
  private minV = Infinity;
  private maxV = -Infinity;

  constructor(readonly accuracy = 0.01) {
    // Relative error of a bucket midpoint is 2^-(k+1) at worst.
    let k = 0;
    while (2 ** -(k + 1) > accuracy && k < 20) k++;
    this.k = k;
    this.shift = 20 - k;
    // Shifts, not 2 ** k (a double in V8): base, nBuckets and the window's bounds stay small
    // integers, so `add` computes its bucket index in integer arithmetic (k <= 20: no overflow).
    this.base = (MIN_EXP + 1023) << k;
    this.nBuckets = (MAX_EXP - MIN_EXP) << k;
    this.counts = new Float64Array(0);
  }

  add(ms: Ms): void {
    this.n++;
    if (ms > 0) {
      this.sum += ms;
      if (ms > this.maxV) this.maxV = ms;
      if (ms < this.minV) this.minV = ms;
      F64[0] = ms;
      // The high word of a positive double is below 2^31: read as an int32 (| 0, then >>) it is
      // the same number, and V8 keeps the bucket arithmetic in integers instead of doubles.
      let b = (((U32[HI] as number) | 0) >> this.shift) - this.base;
      if (b < 0) {
        this.zeros++;
        return;
      }
      if (b >= this.nBuckets) b = this.nBuckets - 1;
      const i = b - this.lo;
      const c = this.counts;
      if (i >= 0 && i < c.length) c[i] = (c[i] as number) + 1;
      else this.addOutside(b, 1);
    } else {
      if (this.maxV < 0) this.maxV = 0;
      this.minV = 0;
      this.zeros++;
    }
  }

  /**
   * The exact part of `add` alone (count, sum, min, max), for a value whose bucket another
   * LatencyStats counts: its buckets are added later with `mergeBuckets`. `note(v)` then
   * `mergeBuckets` of a LatencyStats that had `add(v)` leaves this exactly as `add(v)` would, so
   * one bucket computation per request can serve several statistics (overall, per operation, per
   * interval) while their sums still add the values in the same order.
   */
  note(ms: Ms): void {
    this.n++;
    if (ms > 0) {
      this.sum += ms;
      if (ms > this.maxV) this.maxV = ms;
      if (ms < this.minV) this.minV = ms;
    } else {
      if (this.maxV < 0) this.maxV = 0;
      this.minV = 0;
    }
  }

  /** Add another LatencyStats' count, sum, min and max only (what `note` keeps). */
  mergeNotes(other: LatencyStats): void {
    this.n += other.n;
    this.sum += other.sum;
    if (other.maxV > this.maxV) this.maxV = other.maxV;
    if (other.minV < this.minV) this.minV = other.minV;
  }

  /** Exchange contents with `other` (same accuracy): hands a whole histogram over without copying its buckets. */
  swap(other: LatencyStats): void {
    if (other.k !== this.k) throw new Error('LatencyStats.swap: different accuracies');
    [this.counts, other.counts] = [other.counts, this.counts];
    [this.lo, other.lo] = [other.lo, this.lo];
    [this.zeros, other.zeros] = [other.zeros, this.zeros];
    [this.n, other.n] = [other.n, this.n];
    [this.sum, other.sum] = [other.sum, this.sum];
    [this.minV, other.minV] = [other.minV, this.minV];
    [this.maxV, other.maxV] = [other.maxV, this.maxV];
  }

  /** Add another LatencyStats' bucket counts only (same accuracy; see `note`). */
  mergeBuckets(other: LatencyStats): void {
    if (other.k !== this.k) throw new Error('LatencyStats.mergeBuckets: different accuracies');
    this.zeros += other.zeros;
    this.addCounts(other);
  }

  private addCounts(other: LatencyStats): void {
    const c = other.counts;
    for (let i = 0; i < c.length; i++) {
      const v = c[i] as number;
      if (v === 0) continue;
      const j = other.lo + i - this.lo;
      if (j >= 0 && j < this.counts.length) this.counts[j] = (this.counts[j] as number) + v;
      else this.addOutside(other.lo + i, v);
    }
  }

  /** Grow the window to include bucket b, then add c to it. */
  private addOutside(b: number, c: number): void {
    const old = this.counts;
    if (old.length === 0) {
      // Start with the octave of the first value and its neighbours.
      const span = 3 << this.k;
      this.lo = Math.max(0, b - (1 << this.k));
      this.counts = new Float64Array(Math.min(span, this.nBuckets - this.lo));
    } else {
      const lo = Math.min(this.lo, b);
      const hi = Math.max(this.lo + old.length, b + 1);
      // Grow by at least half an octave at a time, so a drifting range does not copy on every value.
      const pad = 1 << Math.max(0, this.k - 1);
      const newLo = b < this.lo ? Math.max(0, lo - pad) : lo;
      const newHi = b >= this.lo + old.length ? Math.min(this.nBuckets, hi + pad) : hi;
      const next = new Float64Array(newHi - newLo);
      next.set(old, this.lo - newLo);
      this.counts = next;
      this.lo = newLo;
    }
    const i = b - this.lo;
    this.counts[i] = (this.counts[i] as number) + c;
  }

  get count(): number {
    return this.n;
  }

  get mean(): Ms {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  get max(): Ms {
    return this.n === 0 ? 0 : this.maxV;
  }

  get min(): Ms {
    return this.n === 0 ? 0 : this.minV;
  }

  /** Quantile q in [0, 1]; 0 when empty. */
  quantile(q: number): Ms {
    if (this.n === 0) return 0;
    if (q >= 1) return this.maxV;
    if (q <= 0) return this.minV;
    const rank = q * (this.n - 1);
    if (rank < this.zeros) return 0;
    let acc = this.zeros;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) {
      acc += c[i] as number;
      if (acc > rank) {
        const v = this.midpoint(this.lo + i);
        return v < this.minV ? this.minV : v > this.maxV ? this.maxV : v;
      }
    }
    return this.maxV;
  }

  /** The midpoint of bucket b: halfway between its lower bound and the next bucket's. */
  private midpoint(b: number): number {
    return (this.lowerBound(b) + this.lowerBound(b + 1)) / 2;
  }

  private lowerBound(b: number): number {
    U32[HI] = ((b + this.base) * 2 ** this.shift) >>> 0;
    U32[LO] = 0;
    return F64[0] as number;
  }

  /** Add another LatencyStats' samples (same accuracy). */
  merge(other: LatencyStats): void {
    if (other.k !== this.k) throw new Error('LatencyStats.merge: different accuracies');
    this.mergeNotes(other);
    this.zeros += other.zeros;
    this.addCounts(other);
  }

  /** Forget every sample (the window's memory is kept for the next interval). */
  reset(): void {
    this.counts.fill(0);
    this.zeros = 0;
    this.n = 0;
    this.sum = 0;
    this.minV = Infinity;
    this.maxV = -Infinity;
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
