import { describe, expect, it } from 'vitest';
import { erlangC, waitQuantile } from '../../../sim/queueing/erlangC.js';

describe('Erlang C', () => {
  it('matches textbook values (c = 10, a = 9 Erlangs: C = 0.6687, Wq = 0.6687 service times)', () => {
    const r = erlangC(10, 0.9, 0.1);
    expect(r.waitProbability).toBeCloseTo(0.66873, 4);
    expect(r.meanWait).toBeCloseTo(6.6873, 3);
    expect(r.utilization).toBeCloseTo(0.9, 12);
  });

  it('reduces to M/M/1: C = ρ and Wq = ρ/(μ − λ)', () => {
    const r = erlangC(1, 0.5, 1);
    expect(r.waitProbability).toBeCloseTo(0.5, 12);
    expect(r.meanWait).toBeCloseTo(1, 12);
  });

  it('gives wait quantiles from P(W > t) = C·exp(−(cμ − λ)t)', () => {
    const c = erlangC(10, 0.9, 0.1).waitProbability;
    expect(waitQuantile(10, 0.9, 0.1, 0.99)).toBeCloseTo(Math.log(c / 0.01) / 0.1, 9);
    expect(waitQuantile(10, 0.9, 0.1, 0.2)).toBe(0);
  });

  it('refuses an unstable queue', () => {
    expect(() => erlangC(2, 2, 1)).toThrow(/utilisation < 1/);
  });
});
