import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/engine/rng.js';
import { LatencyStats } from '../../../sim/metrics/latencyStats.js';

/** The exact quantile by the same rank rule: the value of rank floor(q·(n−1)) in sorted order. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

describe('latency statistics (log-linear histogram)', () => {
  it('answers every quantile within the requested relative accuracy, over nine orders of magnitude', () => {
    for (const accuracy of [0.01, 0.02, 0.001]) {
      const rng = new Rng(5, 'latency');
      const s = new LatencyStats(accuracy);
      const values: number[] = [];
      for (let i = 0; i < 20_000; i++) {
        const v = 1e-3 * Math.exp(rng.next() * Math.log(1e9)); // 1 µs .. 1000 s, log-uniform
        values.push(v);
        s.add(v);
      }
      values.sort((a, b) => a - b);
      for (const q of [0.001, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
        const exact = exactQuantile(values, q);
        expect(Math.abs(s.quantile(q) - exact) / exact, `q=${q} accuracy=${accuracy}`).toBeLessThanOrEqual(accuracy);
      }
    }
  });

  it('keeps count, mean, min and max exact', () => {
    const s = new LatencyStats();
    for (const v of [3, 0, 12.5, 7]) s.add(v);
    expect(s.count).toBe(4);
    expect(s.mean).toBe(22.5 / 4);
    expect(s.min).toBe(0);
    expect(s.max).toBe(12.5);
    expect(s.quantile(1)).toBe(12.5);
    expect(s.quantile(0)).toBe(0);
  });

  it('counts zero waits as zero: a queue-wait p50 of an unloaded pod is exactly 0', () => {
    const s = new LatencyStats();
    for (let i = 0; i < 60; i++) s.add(0);
    for (let i = 0; i < 40; i++) s.add(5);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(0.7)).toBeCloseTo(5, 1);
  });

  it('merges exactly: two halves merged answer as the whole', () => {
    const rng = new Rng(9, 'merge');
    const a = new LatencyStats();
    const b = new LatencyStats();
    for (let i = 0; i < 5000; i++) {
      const v = 1 + 1000 * rng.next() ** 3;
      (i % 2 === 0 ? a : b).add(i < 2500 ? v : v * 1000);
    }
    // Build the reference from the same values the halves saw.
    const ref = new LatencyStats();
    const rng2 = new Rng(9, 'merge');
    for (let i = 0; i < 5000; i++) {
      const v = 1 + 1000 * rng2.next() ** 3;
      ref.add(i < 2500 ? v : v * 1000);
    }
    a.merge(b);
    expect(a.count).toBe(ref.count);
    for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) expect(a.quantile(q)).toBe(ref.quantile(q));
    expect(a.max).toBe(ref.max);
  });

  it('splits an update exactly: note() where the value is counted, its buckets merged in later from another histogram', () => {
    const rng = new Rng(4, 'note');
    const whole = new LatencyStats();
    const noted = new LatencyStats();
    const parts = [new LatencyStats(), new LatencyStats()];
    const values = [0, -0, 1e-9, 3e7];
    for (let i = 0; i < 3000; i++) values.push(rng.next() < 0.3 ? 0 : 0.01 + 500 * rng.next() ** 4);
    values.forEach((v, i) => {
      whole.add(v);
      noted.note(v);
      (parts[i % 2] as LatencyStats).add(v);
      // Buckets handed over at several points, as rows close.
      if (i % 700 === 0) for (const p of parts) (noted.mergeBuckets(p), p.reset());
    });
    for (const p of parts) noted.mergeBuckets(p);
    expect(noted.summary()).toEqual(whole.summary());
    for (const q of [0, 0.2, 0.31, 0.5, 0.9, 0.999, 1]) expect(noted.quantile(q)).toBe(whole.quantile(q));
    // mergeNotes then mergeBuckets is merge.
    const again = new LatencyStats();
    again.mergeNotes(whole);
    again.mergeBuckets(whole);
    expect(again.summary()).toEqual(whole.summary());
  });

  it('forgets everything on reset (one interval of the time series to the next)', () => {
    const s = new LatencyStats();
    for (let i = 1; i <= 100; i++) s.add(i * 1000);
    s.reset();
    expect(s.count).toBe(0);
    expect(s.quantile(0.5)).toBe(0);
    s.add(2);
    expect(s.quantile(0.5)).toBeCloseTo(2, 1);
    expect(s.max).toBe(2);
  });
});
