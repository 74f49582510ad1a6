import { describe, expect, it } from 'vitest';
import { simulate } from '../../../sim/run.js';
import type { SimConfig } from '../../../sim/model.js';
import { baseConfig, replayAt } from '../../support/scenarios.js';

/** Hand-computed timelines: requests at exact times, constant service times, one record per attempt. */
function traced(over: Partial<SimConfig>) {
  const r = simulate(baseConfig({ ...over, output: { intervalMs: 1000, drainMs: 10_000, sketchAccuracy: 0.01, trace: true } }));
  return { summary: r.summary, trace: r.trace ?? [] };
}

describe('a pod with workers and a FIFO queue', () => {
  it('serves in arrival order: 3 requests at t=0 on 1 worker of 10 ms end at 10, 20, 30 ms', () => {
    const { trace, summary } = traced({
      traffic: replayAt([0, 0, 0], 1000),
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }],
    });
    expect(trace.map((t) => [t.startMs, t.endMs])).toEqual([[0, 10], [10, 20], [20, 30]]);
    expect(summary.queueWaitMs.max).toBeCloseTo(20, 0);
    expect(summary.waitProbability).toBeCloseTo(2 / 3, 12);
  });

  it('rejects at once when the queue is full (503), like a bounded server', () => {
    const { trace, summary } = traced({
      traffic: replayAt([0, 0, 0, 0], 1000),
      pod: { ...baseConfig().pod, workers: 1, queueLimit: 2 },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }],
    });
    expect(trace.map((t) => t.status)).toEqual(['rejected', 'ok', 'ok', 'ok']);
    expect(trace[0]?.endMs).toBe(0);
    expect(summary.requests.rejected).toBe(1);
  });

  it('holds a worker during the downstream wait without using CPU', () => {
    const r = simulate(
      baseConfig({
        traffic: replayAt([0], 1000),
        operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: { distribution: 'constant', valueMs: 90 }, memoryPerRequest: 0 }],
        output: { intervalMs: 1000, drainMs: 0, sketchAccuracy: 0.01, trace: true },
      }),
    );
    expect(r.trace?.[0]?.endMs).toBe(100);
    // 10 ms of one core over a 1 s interval = 10 millicores; the worker was busy 100 ms = 0.1 busy workers.
    expect(r.series.columns.cpuMillicores[0]).toBeCloseTo(10, 9);
    expect(r.series.columns.busyWorkers[0]).toBeCloseTo(0.1, 9);
  });
});

describe('CPU limits (throttling)', () => {
  const cpuBound = (limit: number | null) =>
    traced({
      traffic: replayAt([0, 0], 1000),
      pod: { ...baseConfig().pod, workers: 2, cpuLimit: limit },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }],
    });

  it('without a limit, two 10 ms CPU requests in parallel both end at 10 ms', () => {
    expect(cpuBound(null).trace.map((t) => t.endMs)).toEqual([10, 10]);
  });

  it('with a 1-core limit they share the core and both end at 20 ms', () => {
    expect(cpuBound(1000).trace.map((t) => t.endMs)).toEqual([20, 20]);
  });

  it('with a 500m limit each gets a quarter core: both end at 40 ms', () => {
    expect(cpuBound(500).trace.map((t) => t.endMs)).toEqual([40, 40]);
  });

  it('re-shares when a request leaves: 10 and 30 ms of work on 1 core end at 20 and 40 ms', () => {
    const r = traced({
      traffic: { ...replayAt([0, 0], 1000), replay: { timesMs: Float64Array.from([0, 0]), operations: Int32Array.from([0, 1]) } },
      pod: { ...baseConfig().pod, workers: 2, cpuLimit: 1000 },
      operations: [
        { name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 },
        { name: 'long', cpu: { distribution: 'constant', valueMs: 30 }, downstream: null, memoryPerRequest: 0 },
      ],
    });
    expect(r.trace.map((t) => [t.operation, t.endMs])).toEqual([['op', 20], ['long', 40]]);
  });
});

describe('CPU limits with a FIFO discipline (one event loop)', () => {
  const fifo = (limit: number, times: number[]) =>
    traced({
      traffic: replayAt(times, 1000),
      pod: { ...baseConfig().pod, workers: 4, cpuLimit: limit, cpuDiscipline: 'fifo' },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: { distribution: 'constant', valueMs: 5 }, memoryPerRequest: 0 }],
    }).trace.map((t) => t.endMs);

  it('runs CPU phases one at a time on a 1-core limit: two requests at t=0 end at 15 and 25 ms (10 ms CPU + 5 ms downstream each)', () => {
    expect(fifo(1000, [0, 0])).toEqual([15, 25]);
  });

  it('on a 500m limit the one core runs at half speed: 25 and 45 ms', () => {
    expect(fifo(500, [0, 0])).toEqual([25, 45]);
  });

  it('on a 2-core limit two requests run side by side', () => {
    expect(fifo(2000, [0, 0, 0])).toEqual([15, 15, 25]);
  });

  it('the downstream wait does not hold the core: the next CPU phase starts when the first CPU phase ends', () => {
    expect(fifo(1000, [0, 1])).toEqual([15, 25]);
  });
});

describe('CPU wake-up cost', () => {
  const wake = (times: number[]) =>
    traced({
      traffic: replayAt(times, 1000),
      pod: { ...baseConfig().pod, workers: 4, cpuLimit: 1000, cpuDiscipline: 'fifo', cpuWakeupMs: 2 },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }],
    }).trace.map((t) => t.endMs);

  it('a request that finds the CPU idle pays the wake-up: 10 + 2 ms', () => {
    expect(wake([0])).toEqual([12]);
  });

  it('one that arrives while the CPU is busy does not: the second of two requests at t=0 ends at 12 + 10 ms', () => {
    expect(wake([0, 0])).toEqual([12, 22]);
  });

  it('after the CPU has gone idle again, the next request pays it again', () => {
    expect(wake([0, 50])).toEqual([12, 62]);
  });
});

describe('client timeouts and retries', () => {
  const slow = { name: 'op', cpu: { distribution: 'constant' as const, valueMs: 100 }, downstream: null, memoryPerRequest: 0 };

  it('a request still queued when the client gives up counts as timed out at arrival + timeout', () => {
    const { trace, summary } = traced({
      traffic: replayAt([0, 0, 0], 1000),
      operations: [slow],
      client: { timeoutMs: 150, gapMs: 0, abandonQueued: false, retry: null },
    });
    expect(trace.map((t) => [t.status, t.endMs])).toEqual([['ok', 100], ['timeout', 150], ['timeout', 150]]);
    expect(summary.requests.timedOut).toBe(2);
    expect(summary.latencyAllMs.max).toBeCloseTo(150, 0);
  });

  it('a request in service times out at arrival + timeout too, on a CPU-limited pod, and later requests are not affected', () => {
    // Two 100 ms CPU phases share a 1-core limit (both would end at 200 ms): the client gives up
    // on both at 150 ms while they run. The next two arrive after they are gone, each alone on the
    // core: they end well before their deadlines and nothing else times out.
    const { trace, summary } = traced({
      traffic: replayAt([0, 0, 500, 700], 1000),
      pod: { ...baseConfig().pod, workers: 2, cpuLimit: 1000 },
      operations: [slow],
      client: { timeoutMs: 150, gapMs: 0, abandonQueued: false, retry: null },
    });
    expect(trace.map((t) => [t.status, t.endMs])).toEqual([['timeout', 150], ['timeout', 150], ['ok', 600], ['ok', 800]]);
    expect(summary.requests).toMatchObject({ timedOut: 2, completed: 2, unfinished: 0 });
  });

  it('the server still works on requests whose client left, unless it abandons them', () => {
    const keep = traced({ traffic: replayAt([0, 0, 0, 250], 1000), operations: [slow], client: { timeoutMs: 150, gapMs: 0, abandonQueued: false, retry: null } });
    const drop = traced({ traffic: replayAt([0, 0, 0, 250], 1000), operations: [slow], client: { timeoutMs: 150, gapMs: 0, abandonQueued: true, retry: null } });
    // Keeping them: the 4th request waits behind the two wasted ones (start 300, end 400).
    expect(keep.trace.at(-1)).toMatchObject({ status: 'ok', startMs: 300, endMs: 400 });
    // Abandoning them: it starts on arrival.
    expect(drop.trace.at(-1)).toMatchObject({ status: 'ok', startMs: 250, endMs: 350 });
  });

  it('retries a rejection after the backoff, counted apart from first attempts', () => {
    const { trace, summary } = traced({
      traffic: replayAt([0, 0], 1000),
      pod: { ...baseConfig().pod, workers: 1, queueLimit: 0 },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }],
      client: { timeoutMs: Infinity, gapMs: 0, abandonQueued: false, retry: { maxRetries: 3, baseMs: 50, multiplier: 2, maxBackoffMs: 1000, jitter: 0, on: { rejected: true, errors: true, timeouts: true } } },
    });
    expect(trace.map((t) => [t.attempt, t.status, t.arrivalMs])).toEqual([[0, 'rejected', 0], [0, 'ok', 0], [1, 'ok', 50]]);
    expect(summary.requests).toMatchObject({ firstAttempts: 2, retries: 1, arrived: 3 });
  });

  it('gives up after maxRetries with exponential backoff 50, 100, 200 ms', () => {
    const { trace, summary } = traced({
      traffic: replayAt([0], 1000),
      pod: { ...baseConfig().pod, workers: 1 },
      deployment: { replicas: 0 },
      client: { timeoutMs: Infinity, gapMs: 0, abandonQueued: false, retry: { maxRetries: 3, baseMs: 50, multiplier: 2, maxBackoffMs: 1000, jitter: 0, on: { rejected: true, errors: true, timeouts: true } } },
    });
    expect(trace.map((t) => t.arrivalMs)).toEqual([0, 50, 150, 350]);
    expect(summary.requests.gaveUp).toBe(1);
  });
});

describe('downstream faults', () => {
  it('fail the share of calls given and slow them by the multiplier inside the window', () => {
    const times = Array.from({ length: 2000 }, (_, i) => i);
    const { summary, trace } = traced({
      traffic: replayAt(times, 3000),
      pod: { ...baseConfig().pod, workers: 100 },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 1 }, downstream: { distribution: 'constant', valueMs: 10 }, memoryPerRequest: 0 }],
      faults: [{ fromMs: 1000, toMs: 2000, operations: [], errorRate: 0.5, latencyMultiplier: 3 }],
    });
    const inWindow = trace.filter((t) => t.arrivalMs >= 1000);
    expect(inWindow.every((t) => (t.endMs - t.arrivalMs) === 31)).toBe(true);
    expect(summary.requests.errors / 1000).toBeGreaterThan(0.45);
    expect(summary.requests.errors / 1000).toBeLessThan(0.55);
    expect(trace.filter((t) => t.arrivalMs < 1000).every((t) => t.status === 'ok')).toBe(true);
  });
});

describe('routing across ready pods', () => {
  const spread = (routing: SimConfig['routing']) =>
    traced({ traffic: replayAt(Array.from({ length: 30 }, (_, i) => i * 100), 4000), deployment: { replicas: 3 }, routing }).trace.map((t) => t.pod);

  it('round-robin cycles through the pods', () => {
    expect(spread('global-round-robin').slice(0, 6)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('least-outstanding sends to the pod with the fewest requests in flight', () => {
    const { trace } = traced({
      traffic: replayAt([0, 0, 0, 1], 1000),
      deployment: { replicas: 2 },
      routing: 'least-outstanding',
      pod: { ...baseConfig().pod, workers: 4 },
      operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 100 }, downstream: null, memoryPerRequest: 0 }],
    });
    // 0 -> pod 0, 0 -> pod 1, 0 -> pod 0 (tie rotates), 1 -> pod 1 (1 in flight vs 2).
    expect(trace.map((t) => t.pod)).toEqual([0, 1, 0, 1]);
  });

  it('random spreads evenly enough', () => {
    const pods = spread('random');
    for (const p of [0, 1, 2]) expect(pods.filter((x) => x === p).length).toBeGreaterThan(3);
  });

  it('with no ready pod every request is rejected', () => {
    const { summary } = traced({ traffic: replayAt([0, 1, 2], 1000), deployment: { replicas: 0 } });
    expect(summary.requests.rejected).toBe(3);
  });
});
