import { describe, expect, it } from 'vitest';
import type { SimConfig } from '../../../sim/model.js';
import { simulate } from '../../../sim/run.js';
import { baseConfig, replayAt } from '../../support/scenarios.js';

const TRACE = { intervalMs: 1000, drainMs: 10_000, sketchAccuracy: 0.001, trace: true };
const op = (cpuMs: number, dsMs = 0): SimConfig['operations'] => [
  { name: 'op', cpu: { distribution: 'constant', valueMs: cpuMs }, downstream: dsMs > 0 ? { distribution: 'constant', valueMs: dsMs } : null, memoryPerRequest: 0 },
];
const withGap = (cfg: SimConfig, gapMs: number): SimConfig => ({ ...cfg, client: { ...cfg.client, gapMs } });

describe('the client gap: what the client sees is the pod residence plus the path between them', () => {
  it('3 requests at t=0 on 1 worker of 10 ms, gap 1.5 ms: the client sees them end at 11.5, 21.5, 31.5 ms; the pod serves them as without a gap', () => {
    const cfg = baseConfig({ traffic: replayAt([0, 0, 0], 1000), operations: op(10), output: TRACE });
    const without = simulate(cfg);
    const gap = simulate(withGap(cfg, 1.5));
    expect(gap.trace!.map((t) => [t.startMs, t.endMs])).toEqual([[0, 11.5], [10, 21.5], [20, 31.5]]);
    expect(gap.summary.latencyMs.max).toBeCloseTo(without.summary.latencyMs.max + 1.5, 1);
    expect(gap.summary.queueWaitMs).toEqual(without.summary.queueWaitMs);
    expect(gap.series.columns.busyWorkers).toEqual(without.series.columns.busyWorkers);
  });

  it('a 503 takes the gap too (k6 measures the round trip of the refusal)', () => {
    const cfg = baseConfig({ traffic: replayAt([0, 0], 1000), operations: op(10), pod: { ...baseConfig().pod, workers: 1, queueLimit: 0 }, output: TRACE });
    const r = simulate(withGap(cfg, 2));
    expect(r.trace!.map((t) => [t.status, t.endMs])).toEqual([['rejected', 2], ['ok', 12]]);
    expect(r.summary.latencyAllMs.mean).toBeCloseTo((2 + 12) / 2, 9);
  });

  it('a client timeout is seen at the timeout; the pod-side deadline comes the gap earlier', () => {
    // Residence 100 ms, timeout 101 ms: within it without a gap, past it with a 2 ms gap.
    const cfg = baseConfig({ traffic: replayAt([0], 1000), operations: op(100), client: { timeoutMs: 101, gapMs: 0, abandonQueued: false, retry: null }, output: TRACE });
    expect(simulate(cfg).trace!.map((t) => [t.status, t.endMs])).toEqual([['ok', 100]]);
    const r = simulate(withGap(cfg, 2));
    expect(r.trace!.map((t) => [t.status, t.endMs])).toEqual([['timeout', 101]]);
    expect(r.summary.latencyAllMs.max).toBeCloseTo(101, 1);
  });

  it("the same on the Lindley kernel (no trace, fixed pods) as on the event kernel: every 2xx latency + gap, every 503 at the gap", () => {
    const cfg = baseConfig({
      traffic: { ...baseConfig().traffic, profile: { executor: 'constant-arrival-rate', rate: 900, timeUnitNs: 1e9, durationNs: 20e9 } },
      operations: op(1, 1),
      pod: { ...baseConfig().pod, workers: 2, queueLimit: 3 },
      output: { ...TRACE, trace: false },
    });
    const lindley = simulate(withGap(cfg, 1.25)).summary;
    const events = simulate(withGap({ ...cfg, output: TRACE }, 1.25)).summary;
    const without = simulate(cfg).summary;
    expect(lindley.requests).toEqual(events.requests);
    expect(lindley.requests.rejected).toBeGreaterThan(0);
    for (const q of ['p50', 'p95', 'p99', 'mean'] as const) {
      expect(lindley.latencyMs[q]).toBeCloseTo(events.latencyMs[q], 6);
      expect(lindley.latencyMs[q]).toBeCloseTo(without.latencyMs[q] + 1.25, 1);
    }
    // Every answer, 503s included (at the gap instead of 0), moves by the gap.
    expect(lindley.latencyAllMs.mean).toBeCloseTo(events.latencyAllMs.mean, 6);
    expect(lindley.latencyAllMs.mean).toBeCloseTo(without.latencyAllMs.mean + 1.25, 9);
  });

  it("k6's VU is busy until the client has the answer: 9 ms residence every 10 ms on one VU drops nothing, with a 2 ms gap every other iteration", () => {
    const cfg = baseConfig({
      traffic: { arrivals: 'k6', profile: { executor: 'constant-arrival-rate', rate: 100, timeUnitNs: 1e9, durationNs: 1e9 }, mix: { op: 1 }, mixSeed: 7, vus: { preAllocated: 1, max: 1, initMs: 0 } },
      operations: op(0, 9),
      pod: { ...baseConfig().pod, workers: 10 },
      output: TRACE,
    });
    expect(simulate(cfg).summary.requests.droppedIterations).toBe(0);
    const r = simulate(withGap(cfg, 2));
    expect(r.summary.requests.droppedIterations).toBe(50);
    expect(r.trace!.map((t) => t.arrivalMs).slice(0, 3)).toEqual([0, 20, 40]);
  });

  it("a Service connection is free for the next request only when the client has the answer: 10 ms answers every 10.5 ms reuse one connection, with a 1 ms gap they need two (IPVS: two pods)", () => {
    const times = Array.from({ length: 20 }, (_, i) => i * 10.5);
    const cfg = baseConfig({
      traffic: replayAt(times, 1000),
      operations: op(0, 10),
      pod: { ...baseConfig().pod, workers: 10, queueLimit: 10 },
      deployment: { replicas: 3 },
      routing: 'service',
      service: { ...baseConfig().service, proxyMode: 'ipvs' },
      lifecycle: { ...baseConfig().lifecycle, initialReady: 3 },
      output: TRACE,
    });
    const pods = (c: SimConfig) => new Set(simulate(c).trace!.map((t) => t.pod)).size;
    expect(pods(cfg)).toBe(1);
    expect(pods(withGap(cfg, 1))).toBe(2);
  });

  it('a retry starts from when the client learnt of the failure (the gap after the 503)', () => {
    const retry = { maxRetries: 1, baseMs: 5, multiplier: 2, maxBackoffMs: 1000, jitter: 0, on: { rejected: true, errors: true, timeouts: true } };
    const cfg = baseConfig({ traffic: replayAt([0, 0], 1000), operations: op(100), pod: { ...baseConfig().pod, workers: 1, queueLimit: 0 }, client: { timeoutMs: Infinity, gapMs: 3, abandonQueued: false, retry }, output: TRACE });
    const r = simulate(cfg);
    expect(r.trace!.filter((t) => t.attempt === 1).map((t) => t.arrivalMs)).toEqual([3 + 5]);
  });
});
