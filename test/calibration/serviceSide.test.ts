import { describe, expect, it } from 'vitest';
import { replayConfig } from '../../calibration/replay.js';
import { compareServiceSide } from '../../calibration/serviceSide.js';
import type { ServiceTelemetry } from '../../calibration/prometheus/telemetry.js';
import { simulate } from '../../sim/run.js';
import { baseConfig } from '../support/scenarios.js';
import { replayOf } from './fit/helpers.js';
import { series } from './prometheus/support.js';

// 100 authorize requests 100 ms apart on one pod, 10 ms of CPU each, a 1 ms client gap. The
// service's own counters say 11 ms of CPU per request (say, HTTP parsing the model lacks) and
// 10 ms of residence; scraped every second from 5 s before the first request.
const T0 = 1_800_000_000;
const starts = Array.from({ length: 100 }, (_, i) => 100 * i);
const replay = { ...replayOf(starts, starts.map(() => 0), starts.map(() => 11)), startEpochMs: T0 * 1000 };
const ends = starts.map((s) => T0 + (s + 10) / 1000);
const done = (t: number) => ends.filter((e) => e <= t).length;
const grid = Array.from({ length: 26 }, (_, k) => T0 - 5 + k);
const counter = (labels: Record<string, string>, perAnswer: number) => series(labels, grid.map((t) => [t, perAnswer * done(t)]));
const pod = { replica: '0' };
const telemetry: ServiceTelemetry = {
  source: 'synthetic/prometheus',
  spanS: [grid[0]!, grid[grid.length - 1]!],
  pods: [
    {
      pod: '0',
      podLabel: 'replica',
      cpuMetric: 'process_cpu_seconds_total',
      cpu: [counter(pod, 0.011)],
      requests: [{ op: 'authorize', status: '200', series: counter(pod, 1) }],
      durationSum: [{ op: 'authorize', status: '200', series: counter(pod, 0.01) }],
      durationCount: [{ op: 'authorize', status: '200', series: counter(pod, 1) }],
      durationBucket: [
        { op: 'authorize', status: '200', le: 0.005, series: counter(pod, 0) },
        { op: 'authorize', status: '200', le: 0.01, series: counter(pod, 1) },
        { op: 'authorize', status: '200', le: Infinity, series: counter(pod, 1) },
      ],
      busyWorkers: [series(pod, grid.map((t) => [t, 0.1]))],
      queueLength: [series(pod, grid.map((t) => [t, 0]))],
    },
  ],
};
const base = baseConfig({
  traffic: { ...baseConfig().traffic, mix: { authorize: 0.7, capture: 0.2, refund: 0.1 } },
  operations: ['authorize', 'capture', 'refund'].map((name) => ({ name, cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 })),
  client: { timeoutMs: Infinity, gapMs: 1, abandonQueued: false, retry: null },
  output: { intervalMs: 1000, drainMs: 1000, sketchAccuracy: 0.001, trace: false },
});
const { rows, window } = compareServiceSide(telemetry, replay, simulate(replayConfig(base, replay)), 1);
const row = (scope: string, metric: string) => rows.find((r) => r.scope === scope && r.metric === metric);

describe("compareServiceSide: the service's own measurements next to the prediction", () => {
  it('CPU over the same whole series intervals on both sides: the first 9 s (the last start is at 9.9 s), 90 answers, 0.99 s measured against 0.9 s simulated', () => {
    expect(window).toEqual({ source: 'synthetic/prometheus', pods: 1, windowS: 9, clientGapMs: 1, compared: ['CPU per request', 'CPU per replica', 'busy workers', 'queue length', 'server residence', 'server percentiles (histogram)'] });
    expect(row('service', 'CPU ms per request')).toMatchObject({ measured: expect.closeTo(11, 9), predicted: expect.closeTo(10, 9), relativeError: expect.closeTo(-1 / 11, 9) });
    expect(row('service', 'CPU cores per replica')).toMatchObject({ measured: expect.closeTo(0.11, 9), predicted: expect.closeTo(0.1, 9) });
  });

  it("the gauges' mean against the simulated time averages (10 ms busy every 100 ms: 0.1 worker)", () => {
    expect(row('service', 'busy workers (mean, all pods)')).toMatchObject({ measured: expect.closeTo(0.1, 12), predicted: expect.closeTo(0.1, 9) });
    expect(row('service', 'queue length (mean, all pods)')).toMatchObject({ measured: 0, predicted: 0, relativeError: null });
  });

  it('server residence = the client latency the simulator predicts (11 ms) less the client gap; percentiles as coarse as the buckets (10 ms read as 7.5 in (5, 10] ms)', () => {
    expect(row('service', 'server mean 2xx')).toMatchObject({ measured: expect.closeTo(10, 9), predicted: expect.closeTo(10, 6) });
    expect(row('authorize', 'server mean 2xx')).toMatchObject({ measured: expect.closeTo(10, 9) });
    expect(row('service', 'server p50 2xx (histogram)')).toMatchObject({ measured: expect.closeTo(7.5, 9), predicted: expect.closeTo(10, 1) });
    // Operations without answers on either side give no row.
    expect(row('capture', 'server mean 2xx')).toBeUndefined();
  });
});
