import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/engine/rng.js';
import { PoissonArrivals } from '../../../sim/traffic/arrivals.js';
import { rateSegments, totalArea, type RampingProfile } from '../../../sim/traffic/stages.js';

const S = 1e9;

function counts(p: RampingProfile, seed: number, binMs: number, bins: number): number[] {
  const src = new PoissonArrivals(p, new Rng(seed, 'arrivals'));
  const out = new Array<number>(bins).fill(0);
  for (let t = src.next(); t !== Infinity; t = src.next()) out[Math.min(bins - 1, Math.floor(t / binMs))]!++;
  return out;
}

describe('Poisson arrivals along a piecewise-linear rate', () => {
  it('follow a ramp: each second gets its expected count within 5 standard deviations (Poisson: sd = sqrt(mean))', () => {
    // 0 -> 1000/s over 10 s: expected arrivals in second k is 100k + 50.
    const p: RampingProfile = { executor: 'ramping-arrival-rate', startRate: 0, timeUnitNs: S, stages: [{ durationNs: 10 * S, target: 1000 }] };
    const c = counts(p, 11, 1000, 10);
    c.forEach((n, k) => {
      const mean = 100 * k + 50;
      expect(Math.abs(n - mean)).toBeLessThan(5 * Math.sqrt(mean));
    });
  });

  it('total count over many seeds has Poisson mean and variance equal to the area', () => {
    const p: RampingProfile = { executor: 'ramping-arrival-rate', startRate: 20, timeUnitNs: S, stages: [{ durationNs: 5 * S, target: 80 }, { durationNs: 0, target: 10 }, { durationNs: 5 * S, target: 10 }] };
    const area = totalArea(rateSegments(p));
    expect(area).toBe(300);
    const totals = Array.from({ length: 400 }, (_, seed) => counts(p, seed, 1e9, 1)[0] as number);
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    const variance = totals.reduce((a, b) => a + (b - mean) ** 2, 0) / (totals.length - 1);
    expect(Math.abs(mean - area)).toBeLessThan(5 * Math.sqrt(area / totals.length));
    expect(variance / area).toBeGreaterThan(0.75);
    expect(variance / area).toBeLessThan(1.3);
  });

  it('honour timeUnit: 30 per 1m is 0.5/s', () => {
    const p: RampingProfile = { executor: 'ramping-arrival-rate', startRate: 30, timeUnitNs: 60 * S, stages: [{ durationNs: 60 * S, target: 30 }] };
    expect(totalArea(rateSegments(p))).toBeCloseTo(30, 9);
  });
});
