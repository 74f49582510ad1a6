import type { Rng } from '../engine/rng.js';
import type { Ms } from '../units.js';

/**
 * Service-time distributions, in milliseconds. Each is a small object with `sample(rng)` so the
 * simulator's hot path is a monomorphic-enough call with no allocation.
 */
export type DistributionSpec =
  | { distribution: 'constant'; valueMs: Ms }
  | { distribution: 'exponential'; meanMs: Ms }
  | { distribution: 'lognormal'; medianMs: Ms; sigma: number }
  | { distribution: 'empirical'; samplesMs: readonly Ms[] };

export interface Sampler {
  readonly mean: Ms;
  sample(rng: Rng): Ms;
  /** Fill `out` with the next draws, in the order `sample` would give them. */
  fill(out: Float64Array, rng: Rng): void;
}

class Constant implements Sampler {
  constructor(readonly mean: Ms) {}
  sample(): Ms {
    return this.mean;
  }
  fill(out: Float64Array): void {
    out.fill(this.mean);
  }
}

class Exponential implements Sampler {
  constructor(readonly mean: Ms) {}
  sample(rng: Rng): Ms {
    return this.mean * rng.exp1();
  }
  fill(out: Float64Array, rng: Rng): void {
    rng.fillExp(out, this.mean);
  }
}

/** Lognormal by median m and shape σ: m·exp(σZ); mean m·exp(σ²/2). */
class Lognormal implements Sampler {
  readonly mean: Ms;
  constructor(private readonly median: Ms, private readonly sigma: number) {
    this.mean = median * Math.exp((sigma * sigma) / 2);
  }
  sample(rng: Rng): Ms {
    return this.median * Math.exp(this.sigma * rng.normal());
  }
  fill(out: Float64Array, rng: Rng): void {
    for (let i = 0; i < out.length; i++) out[i] = this.median * Math.exp(this.sigma * rng.normal());
  }
}

/** Resamples measured values uniformly (a bootstrap of a real latency sample). */
class Empirical implements Sampler {
  readonly mean: Ms;
  private readonly values: Float64Array;
  constructor(samples: readonly Ms[]) {
    this.values = Float64Array.from(samples);
    let s = 0;
    for (const v of samples) s += v;
    this.mean = s / samples.length;
  }
  sample(rng: Rng): Ms {
    return this.values[rng.int(this.values.length)] as number;
  }
  fill(out: Float64Array, rng: Rng): void {
    for (let i = 0; i < out.length; i++) out[i] = this.values[rng.int(this.values.length)] as number;
  }
}

/** Build a sampler from its (already validated) specification. */
export function makeSampler(spec: DistributionSpec): Sampler {
  switch (spec.distribution) {
    case 'constant':
      return new Constant(spec.valueMs);
    case 'exponential':
      return new Exponential(spec.meanMs);
    case 'lognormal':
      return new Lognormal(spec.medianMs, spec.sigma);
    case 'empirical':
      return new Empirical(spec.samplesMs);
  }
}

/** The zero distribution, for operations without a downstream call. */
export const ZERO: Sampler = new Constant(0);
