import { describe, expect, it } from 'vitest';
import { allenCunneenWaitMs, waitProbability } from '../../../sim/queueing/allenCunneen.js';
import { erlangC } from '../../../sim/queueing/erlangC.js';

describe('Allen–Cunneen G/G/c wait', () => {
  it('is Erlang C exactly for M/M/c (Ca² = Cs² = 1)', () => {
    for (const [c, rho, meanMs] of [[1, 0.7, 10], [4, 0.8, 20], [10, 0.9, 10], [32, 0.85, 50]] as const) {
      const lambda = (rho * c) / meanMs;
      expect(allenCunneenWaitMs(c, lambda, meanMs, 1, 1)).toBeCloseTo(erlangC(c, lambda, 1 / meanMs).meanWait, 9);
    }
  });

  it('is Pollaczek–Khinchine for one server: M/D/1 waits half of M/M/1', () => {
    const rho = 0.8;
    const meanMs = 10;
    const lambda = rho / meanMs;
    // P-K: Wq = ρ E[S] (1 + Cs²) / (2 (1 − ρ))
    expect(allenCunneenWaitMs(1, lambda, meanMs, 1, 0)).toBeCloseTo((rho * meanMs) / (2 * (1 - rho)), 9);
    expect(allenCunneenWaitMs(1, lambda, meanMs, 1, 1)).toBeCloseTo((rho * meanMs) / (1 - rho), 9);
  });

  it('has no wait without arrivals and an infinite one at or beyond capacity', () => {
    expect(allenCunneenWaitMs(4, 0, 10, 1, 1)).toBe(0);
    expect(allenCunneenWaitMs(4, 0.4, 10, 1, 1)).toBe(Infinity);
    expect(waitProbability(4, 4)).toBe(1);
    expect(waitProbability(1, 0.5)).toBeCloseTo(0.5, 12);
  });
});
