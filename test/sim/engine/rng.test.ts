import { describe, expect, it } from 'vitest';
import { Rng, RngStreams } from '../../../sim/engine/rng.js';

describe('seeded random streams', () => {
  it('give the same numbers for the same seed and stream', () => {
    const a = new Rng(42, 'arrivals');
    const b = new Rng(42, 'arrivals');
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
  });

  it('give different numbers for another stream name or seed', () => {
    const base = new Rng(42, 'arrivals').next();
    expect(new Rng(42, 'routing').next()).not.toBe(base);
    expect(new Rng(43, 'arrivals').next()).not.toBe(base);
  });

  it('draw uniforms in [0, 1) with mean 1/2 and variance 1/12 (200k draws, 5 standard errors)', () => {
    const r = new RngStreams(7).get('u');
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draw unit exponentials (mean 1) and standard normals (mean 0, variance 1)', () => {
    const r = new Rng(3, 'x');
    const n = 200_000;
    let e = 0;
    let z = 0;
    let z2 = 0;
    for (let i = 0; i < n; i++) {
      e += r.exp1();
      const v = r.normal();
      z += v;
      z2 += v * v;
    }
    expect(Math.abs(e / n - 1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(z / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(z2 / n - 1)).toBeLessThan(0.02);
  });
});

describe('ziggurat draws', () => {
  // Kolmogorov-Smirnov against the exact CDFs: with n = 100k the 0.1% critical value is 1.95/√n.
  const n = 100_000;
  const ks = (xs: number[], cdf: (x: number) => number): number => {
    xs.sort((a, b) => a - b);
    let d = 0;
    xs.forEach((x, i) => {
      const f = cdf(x);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    });
    return d;
  };
  it('exponential passes a Kolmogorov-Smirnov test, tail included', () => {
    const r = new Rng(9, 'e');
    const xs = Array.from({ length: n }, () => r.exp1());
    expect(ks(xs, (x) => 1 - Math.exp(-x))).toBeLessThan(1.95 / Math.sqrt(n));
    expect(xs.filter((x) => x > 7.697117470131487).length).toBeGreaterThan(0); // the tail beyond the base layer is drawn
  });
  it('normal passes a Kolmogorov-Smirnov test', () => {
    const r = new Rng(9, 'n');
    const erf = (x: number): number => {
      // Abramowitz-Stegun 7.1.26 is too coarse here; use the complementary series via the normal CDF by Simpson integration.
      const steps = 2000;
      const a = 0;
      const h = (x - a) / steps;
      let s = Math.exp(-a * a) + Math.exp(-x * x);
      for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * Math.exp(-((a + i * h) ** 2));
      return ((2 / Math.sqrt(Math.PI)) * s * h) / 3;
    };
    const cdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    const xs = Array.from({ length: 20_000 }, () => r.normal());
    const m = xs.length;
    xs.sort((a, b) => a - b);
    let d = 0;
    xs.forEach((x, i) => {
      const f = cdf(x);
      d = Math.max(d, Math.abs(f - i / m), Math.abs(f - (i + 1) / m));
    });
    expect(d).toBeLessThan(1.95 / Math.sqrt(m));
  });
});
