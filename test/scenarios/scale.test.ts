import { describe, expect, it } from 'vitest';
import { compressTime } from '../../scenarios/compress.js';
import { library } from '../../scenarios/library/index.js';
import { multiplyRates, peakRps, scaleScenario } from '../../scenarios/scale.js';

const checkout = library['checkout-peak']!;

describe('scaleScenario: the same shape at a team\'s own peak', () => {
  it('rescales startRate and every stage target so the peak is the one asked for', () => {
    const s = scaleScenario(checkout, 120);
    expect(peakRps(s)).toBeCloseTo(120, 9);
    expect(s.traffic.startRate).toBeCloseTo(30, 9);
    expect(s.traffic.stages!.map((st) => st.target)).toEqual([30, 120, 120, 30].map((x) => expect.closeTo(x, 9)));
    expect(s.traffic.stages!.map((st) => st.duration)).toEqual(checkout.traffic.stages!.map((st) => st.duration));
    expect(checkout.traffic.startRate).toBe(300); // the library entry is not changed
  });

  it('rescales a constant-arrival-rate scenario\'s rate', () => {
    expect(scaleScenario(library['steady-authorize']!, 20).traffic.rate).toBeCloseTo(20, 9);
  });

  it('reads the peak per second whatever the time unit', () => {
    expect(peakRps(library['trace-replay']!)).toBeCloseTo(37_715 / 60, 9);
    expect(peakRps(scaleScenario(library['trace-replay']!, 50))).toBeCloseTo(50, 9);
  });

  it.each([
    { name: 'a negative peak', f: () => scaleScenario(checkout, -1), message: /peak rate >= 0/ },
    { name: 'a scenario without traffic', f: () => scaleScenario({ ...checkout, traffic: { ...checkout.traffic, startRate: 0, stages: [{ duration: '1m', target: 0 }] } }, 10), message: /no traffic/ },
    { name: 'an infinite factor', f: () => multiplyRates(checkout, Infinity), message: /factor >= 0/ },
  ])('throws for $name', ({ f, message }) => {
    expect(f).toThrow(message);
  });
});

describe('compressTime: the same shape in less time', () => {
  it('divides stage durations and fault windows, keeps rates and request-level times', () => {
    const s = compressTime(library['retry-storm']!, 4);
    expect(s.traffic.stages).toEqual([{ duration: '5m', target: 600 }]);
    expect(s.faults![0]).toMatchObject({ from: '1m15s', to: '2m30s' });
    expect(s.client).toEqual(library['retry-storm']!.client);
  });

  it('compresses a constant executor\'s duration', () => {
    expect(compressTime(library['steady-authorize']!, 60).traffic.duration).toBe('10s');
  });
});
