import { describe, expect, it } from 'vitest';
import { k6ConstantStartsNs, k6RampingStartsNs, k6RegularStarts } from '../../../sim/traffic/k6Schedule.js';
import type { RampingProfile } from '../../../sim/traffic/stages.js';
import { K6Arrivals } from '../../../sim/traffic/arrivals.js';

const S = 1e9;
const ramp = (startRate: number, timeUnitNs: number, stages: Array<[number, number]>): RampingProfile => ({
  executor: 'ramping-arrival-rate',
  startRate,
  timeUnitNs,
  stages: stages.map(([d, target]) => ({ durationNs: d, target })),
});

/** The upstream TestRampingArrivalRateCal configuration: 0 -> 1/s over 5 s, 1 s at 1/s, 1 -> 0 over 5 s. */
const calConfig = (timeUnitNs: number) => ramp(0, timeUnitNs, [[5 * S, 1], [1 * S, 1], [5 * S, 0]]);

// grafana/k6 lib/executor/ramping_arrival_rate_test.go, TestRampingArrivalRateCal: the cases
// without execution segments (the striped-segment cases need --execution-segment, which a
// single-instance simulator does not model). Upstream asserts InEpsilon 0.001.
const upstreamCal: Array<{ name: string; timeUnitNs: number; expectedMs: number[] }> = [
  { name: 'testNum 0 - timeunit 1s', timeUnitNs: S, expectedMs: [3162, 4472, 5500, 6527, 7837, 11000] },
  {
    name: 'testNum 7 - timeunit 333.333333ms (three times as fast)',
    timeUnitNs: Math.trunc(S / 3),
    expectedMs: [1825, 2581, 3162, 3651, 4082, 4472, 4830, 5166, 5499, 5833, 6169, 6527, 6917, 7348, 7837, 8418, 9174, 10999],
  },
];

describe('k6 ramping-arrival-rate schedule (ported from grafana/k6)', () => {
  it.each(upstreamCal)('TestRampingArrivalRateCal $name', ({ timeUnitNs, expectedMs }) => {
    const got = [...k6RampingStartsNs(calConfig(timeUnitNs))];
    expect(got).toHaveLength(expectedMs.length);
    got.forEach((ns, i) => {
      const want = (expectedMs[i] as number) * 1e6;
      expect(Math.abs(ns - want) / want).toBeLessThan(0.001);
    });
  });

  it('reproduces the exact nanoseconds k6 v0.48.0 produced, float artefact included (5499999999)', () => {
    expect([...k6RampingStartsNs(calConfig(S))]).toEqual([3162277660, 4472135954, 5499999999, 6527864045, 7837722339, 11000000000]);
  });

  it('drops the start that lands exactly on the regular deadline, as k6 runs did (9 of 10, 5 of 6)', () => {
    expect([...k6RegularStarts(ramp(0, S, [[2 * S, 10]]))]).toHaveLength(9);
    expect([...k6RegularStarts(calConfig(S))]).toHaveLength(5);
  });

  it('schedules floor(area) starts: startRate 5, 2 s to 20, 1 s at 20, 1 s to 0 gives 55', () => {
    expect([...k6RampingStartsNs(ramp(5, S, [[2 * S, 20], [1 * S, 20], [1 * S, 0]]))]).toHaveLength(55);
  });

  it('starts the first iteration one unit of area in: 1/rate for a flat profile, sqrt(2D/b) from 0', () => {
    expect([...k6RampingStartsNs(ramp(10, S, [[1 * S, 10]]))][0]).toBe(100_000_000);
    expect([...k6RampingStartsNs(ramp(0, S, [[2 * S, 10]]))][0]).toBe(Math.trunc(Math.sqrt(2 * 2 / 10) * 1e9));
  });

  it('treats a 0-duration stage as a jump and a 0-rate stage as silence', () => {
    const starts = [...k6RampingStartsNs(ramp(0, S, [[0, 10], [1 * S, 10], [1 * S, 0], [0, 0], [1 * S, 0]]))];
    expect(starts.every((t) => t <= 2 * S)).toBe(true);
    expect(starts.filter((t) => t <= S)).toHaveLength(10);
  });

  // TestCompareCalImplementation compares cal with an exact rational implementation within 1 ns.
  // Here: k6's float formula against the cancellation-free algebraic form, within 1 ns.
  it('TestCompareCalImplementation: agrees with the exact root within 1 ns on the upstream stages', () => {
    const targets = [200, 200, 2000, 2000, 300, 300, 1333, 1334, 1334];
    const p = ramp(0, S, targets.map((t) => [S, t] as [number, number]));
    let from = 0;
    let done = 0;
    let i = 1;
    const exact: number[] = [];
    targets.forEach((target, k) => {
      const a = from / S;
      const b = target / S;
      const area = S * (a + b) / 2;
      for (; i <= done + area + 1e-9; i++) {
        const kk = i - done;
        const x = a === b ? kk / a : (2 * kk) / (a + Math.sqrt(a * a + (2 * kk * (b - a)) / S));
        exact.push(Math.trunc(x) + k * S);
      }
      done += area;
      from = target;
    });
    const got = [...k6RampingStartsNs(p)];
    expect(got.length).toBe(exact.length);
    got.forEach((t, j) => expect(Math.abs(t - (exact[j] as number))).toBeLessThanOrEqual(1));
  });
});

describe('k6 constant-arrival-rate schedule', () => {
  it('starts at 0 with period trunc(timeUnit/rate): 3 per second -> 333333333 ns', () => {
    expect([...k6ConstantStartsNs({ executor: 'constant-arrival-rate', rate: 3, timeUnitNs: S, durationNs: S })]).toEqual([0, 333333333, 666666666, 999999999]);
  });

  it('TestConstantArrivalRateDroppedIterations schedule: 10/s for 950 ms -> 0, 100, ..., 900 ms', () => {
    const got = [...k6ConstantStartsNs({ executor: 'constant-arrival-rate', rate: 10, timeUnitNs: S, durationNs: 950e6 })];
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k * 100e6));
  });

  it('50/s for 5 s gives 250 starts (upstream: 250 ± 2)', () => {
    expect([...k6ConstantStartsNs({ executor: 'constant-arrival-rate', rate: 50, timeUnitNs: S, durationNs: 5 * S })]).toHaveLength(250);
  });
});

describe('the simulator k6 arrival mode', () => {
  it('yields exactly the k6 start times, in ms', () => {
    const src = new K6Arrivals(calConfig(S));
    const got: number[] = [];
    for (let t = src.next(); t !== Infinity; t = src.next()) got.push(t);
    expect(got).toEqual([3162.27766, 4472.135954, 5499.999999, 6527.864045, 7837.722339]);
  });
});
