import type { Ms } from '../units.js';
import { erlangC } from './erlangC.js';

/**
 * Allen–Cunneen: the mean wait in queue of G/G/c, Erlang C's M/M/c wait scaled by (Ca² + Cs²) / 2,
 * where Ca² and Cs² are the squared coefficients of variation of inter-arrival and service times.
 * Exact for M/M/c (Ca² = Cs² = 1); within a few percent for moderate variability at high load.
 *
 * Reference: Allen, Probability, Statistics and Queueing Theory (1990), §6.3; Gross & Harris §8.
 */

/**
 * Probability of waiting, C(c, a), for an offered load `a` in servers; 1 when a ≥ c (unstable).
 * @example waitProbability(1, 0.5) // 0.5 (M/M/1: ρ)
 */
export function waitProbability(c: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= c) return 1;
  return erlangC(c, a, 1).waitProbability;
}

/**
 * Mean wait in queue of G/G/c with `lambdaPerMs` arrivals per ms and mean service `meanServiceMs`;
 * Infinity when unstable.
 * @example allenCunneenWaitMs(1, 0.05, 10, 1, 1) // 10 (M/M/1 at ρ = 0.5: ρ/(μ − λ))
 */
export function allenCunneenWaitMs(c: number, lambdaPerMs: number, meanServiceMs: Ms, ca2: number, cs2: number): Ms {
  const a = lambdaPerMs * meanServiceMs;
  if (a <= 0) return 0;
  if (a >= c) return Infinity;
  return (waitProbability(c, a) / (c / meanServiceMs - lambdaPerMs)) * ((ca2 + cs2) / 2);
}
