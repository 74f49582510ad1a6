import { describe, expect, it } from 'vitest';
import { cpuPerRequestMs, fitMetricsLag, fitStartup } from '../../../calibration/fit/timeline.js';
import type { Timeline } from '../../../calibration/recorder/readTimeline.js';
import type { PodMetricsLine } from '../../../calibration/recorder/timeline.js';

const T0 = Date.parse('2026-11-25T18:00:00.000Z');
const iso = (ms: number): string => new Date(T0 + ms).toISOString();

function timeline(startupsMs: number[], metrics: PodMetricsLine[] = []): Timeline {
  return {
    meta: { t: iso(0), kind: 'meta', formatVersion: 1, namespace: 'pay', deployment: 'api', hpa: null, selector: 'app=api', startTime: iso(0) },
    lines: metrics,
    warnings: [],
    podStartups: startupsMs.map((d, i) => ({ name: `api-${i}`, creationTimestamp: iso(0), readyTransitionTime: iso(d), delayMs: d, observedDelayMs: null })),
    replicas: [],
  };
}

/** A podMetrics line seen by the recorder at `tMs`, sampled `lagMs` earlier over a 15 s window. */
const metricsAt = (tMs: number, lagMs: number, cpu: number[]): PodMetricsLine => ({
  t: iso(tMs),
  kind: 'podMetrics',
  pods: cpu.map((c, i) => ({ name: `api-${i}`, cpuMillicores: c, memoryBytes: 1e8, timestamp: iso(tMs - lagMs), windowMs: 15_000 })),
});

describe('fitStartup: pod start-up delay from the timeline', () => {
  it('three or more pods: a lognormal, with bootstrap uncertainty', () => {
    const fit = fitStartup(timeline([20_000, 30_000, 45_000, 25_000]), 1)!;
    expect(fit.distribution).toMatchObject({ distribution: 'lognormal' });
    const median = (fit.distribution as { medianMs: number }).medianMs;
    expect(median).toBeCloseTo(Math.exp((Math.log(20e3) + Math.log(30e3) + Math.log(45e3) + Math.log(25e3)) / 4), -1);
    expect(fit.estimates.medianMs!.standardError).toBeGreaterThan(0);
  });
  it('one or two pods: their mean, with ±1 s for the API timestamps', () => {
    expect(fitStartup(timeline([40_000]), 1)).toEqual({
      distribution: { distribution: 'constant', valueMs: 40_000 },
      estimates: { valueMs: expect.objectContaining({ estimate: 40_000, interval: [39_000, 41_000] }) },
    });
  });
  it('no pod became Ready: nothing to fit', () => {
    expect(fitStartup(timeline([]), 1)).toBeNull();
  });
});

describe('fitMetricsLag: recorder time minus the metrics-server timestamp', () => {
  it('median and 5-95 % range over pod samples', () => {
    const lag = fitMetricsLag(timeline([], [metricsAt(60_000, 10_000, [500]), metricsAt(75_000, 12_000, [500]), metricsAt(90_000, 14_000, [500])]))!;
    expect(lag.estimate).toBe(12_000);
    expect(lag.interval![0]).toBeGreaterThanOrEqual(10_000);
    expect(lag.interval![1]!).toBeLessThanOrEqual(14_000);
  });
  it('no podMetrics: null', () => {
    expect(fitMetricsLag(timeline([]))).toBeNull();
  });
});

describe('cpuPerRequestMs: measured CPU / throughput', () => {
  const tl = timeline([], [metricsAt(30_000, 5_000, [240, 240]), metricsAt(45_000, 5_000, [260, 260]), metricsAt(200_000, 5_000, [900, 900])]);
  it('averages the samples whose window lies inside the run: 500 millicores at 120 rps = 4.17 ms per request', () => {
    const e = cpuPerRequestMs(tl, T0, T0 + 60_000, 120)!;
    expect(e.estimate).toBeCloseTo(500 / 120, 3);
    expect(e.interval).toEqual([4, 4.333]);
  });
  it('no sample inside the run (another time or namespace): null', () => {
    expect(cpuPerRequestMs(tl, T0 + 1e7, T0 + 2e7, 120)).toBeNull();
  });
});
