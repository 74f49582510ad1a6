import type { Rng } from '../engine/rng.js';
import { fmix32 } from '../engine/hash.ts';

/**
 * The weighted mix of payment operations. Two ways to pick an operation:
 * - by a random draw (Poisson mode), from the simulator's own stream;
 * - by a hash of k6's `exec.scenario.iterationInTest` (k6 mode), the very function the k6
 *   script uses, so a simulated run and a real run send the same operation for the same
 *   iteration and can be compared request by request.
 *
 * Its only runtime import is the integer hash: the k6 bundle includes it.
 */
export interface OperationMix {
  readonly names: readonly string[];
  /** Cumulative weights normalised to end at exactly 1. */
  readonly cumulative: Float64Array;
}

/**
 * Build a mix from weights. Operations keep the order given.
 * @throws Error when a weight is negative or not finite, or all weights are zero.
 */
export function makeMix(weights: Readonly<Record<string, number>>): OperationMix {
  const names = Object.keys(weights);
  let sum = 0;
  for (const n of names) {
    const w = weights[n] as number;
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`mix weight of ${n} must be a number >= 0, got ${w}`);
    sum += w;
  }
  if (!(sum > 0)) throw new Error('mix weights sum to zero: at least one operation needs a positive weight');
  const cumulative = new Float64Array(names.length);
  let acc = 0;
  names.forEach((n, i) => {
    acc += (weights[n] as number) / sum;
    cumulative[i] = acc;
  });
  cumulative[names.length - 1] = 1;
  return { names, cumulative };
}

/** Index of the operation whose cumulative interval contains u in [0, 1). */
export function pickByUniform(mix: OperationMix, u: number): number {
  const c = mix.cumulative;
  for (let i = 0; i < c.length; i++) if (u < (c[i] as number)) return i;
  return c.length - 1;
}

/** The uniform's range [0, 1) is cut into this many equal buckets for `pickStarts`. */
export const PICK_BUCKETS = 256;

/**
 * For each bucket [j, j + 1) / PICK_BUCKETS of the uniform's range, the operation `pickByUniform`
 * gives at the bucket's lower end. The pick never decreases as u grows, so the search for any u in
 * the bucket can start there: it is then one comparison unless an operation's interval ends inside
 * the bucket, instead of a walk over the operations that mispredicts a branch at every step.
 * @example const starts = pickStarts(mix); pickFrom(mix, starts, u) === pickByUniform(mix, u)
 */
export function pickStarts(mix: OperationMix): Int32Array {
  const starts = new Int32Array(PICK_BUCKETS);
  // j / PICK_BUCKETS is exact (a power-of-two denominator).
  for (let j = 0; j < PICK_BUCKETS; j++) starts[j] = pickByUniform(mix, j / PICK_BUCKETS);
  return starts;
}

/** `pickByUniform(mix, u)`, its search started from `starts` (see pickStarts). */
export function pickFrom(mix: OperationMix, starts: Int32Array, u: number): number {
  const c = mix.cumulative;
  const last = c.length - 1;
  // u * PICK_BUCKETS is exact, so its floor is the bucket holding u.
  let op = starts[(u * PICK_BUCKETS) | 0] as number;
  while (op < last && !(u < (c[op] as number))) op++;
  return op;
}

/** Random draw for Poisson mode. */
export function pickRandom(mix: OperationMix, rng: Rng): number {
  return pickByUniform(mix, rng.next());
}

/**
 * A uniform number in [0, 1) from an iteration number and a seed: murmur3's 32-bit finaliser
 * over (low word, high word, seed). Integer-only arithmetic, identical in Node and in k6.
 * @example iterationUniform(0, 7) // the same value in the simulator and in the k6 script
 */
export function iterationUniform(iteration: number, seed: number): number {
  const lo = iteration >>> 0;
  const hi = Math.floor(iteration / 4294967296) >>> 0;
  let h = fmix32((lo ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0);
  h = fmix32((h ^ Math.imul(hi, 0x85ebca6b) ^ 0x5bd1e995) >>> 0);
  return h / 4294967296;
}

/** Operation for k6 iteration `iteration` (0-based `iterationInTest`). */
export function pickForIteration(mix: OperationMix, iteration: number, seed: number): number {
  return pickByUniform(mix, iterationUniform(iteration, seed));
}
