/**
 * The service's seeded randomness, bit-for-bit the one behind the calibration fixtures:
 * mulberry32 for uniforms, Box-Muller for normals (the cosine value first, the sine value
 * cached for the next draw), exp for lognormals. The fixtures' `ds_drawn_ms` column is
 * reproduced exactly by these functions (see test/loadtests/service/prng.test.ts).
 */

/** The per-replica seed: (SEED + 1000003 * replica) mod 2^32, as in truth.json `per_replica_seed`. */
export function replicaSeed(seed: number, replica: number): number {
  return (seed + 1000003 * replica) % 2 ** 32 >>> 0;
}

/**
 * mulberry32: a 32-bit state PRNG returning uniforms in [0, 1) with 2^-32 resolution.
 * @example const u = mulberry32(12345); u() // 0.8410... (deterministic)
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box-Muller from a uniform source; consumes two uniforms per pair. */
export function boxMuller(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    // mulberry32 yields exactly 0 once in 2^32 draws; ln(0) would be -Infinity.
    const u1 = Math.max(uniform(), 2 ** -33);
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/** A lognormal sampler by its median (ms) and sigma of the log: median * exp(sigma * z). */
export interface Lognormal {
  /** One draw, in the unit of `median`; sigma 0 returns the median (and still consumes a normal). */
  sample(median: number, sigma: number): number;
}

/**
 * The downstream-wait sampler of one replica: draws happen in slot-acquisition order.
 * @example createLognormal(replicaSeed(12345, 0)).sample(15, 0.3) // 14.685... (fixture low, rid 0)
 */
export function createLognormal(seed: number): Lognormal {
  const normal = boxMuller(mulberry32(seed));
  return { sample: (median, sigma) => median * Math.exp(sigma * normal()) };
}
