import { describe, expect, it } from 'vitest';
import { timelineWindows } from '../../../calibration/fit/timelineWindows.js';
import type { Timeline } from '../../../calibration/recorder/readTimeline.js';
import { replayOf } from './helpers.js';

const T0 = 1_800_000_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Two pods' metrics.k8s.io samples: 15 s windows ending every 15 s (one polled twice). */
function timeline(): Timeline {
  const sample = (endMs: number, mc: [number, number]) => ({
    t: iso(endMs + 2000),
    kind: 'podMetrics' as const,
    pods: mc.map((m, i) => ({ name: `pay-${i}`, cpuMillicores: m, memoryBytes: 1e8, timestamp: iso(endMs), windowMs: 15_000 })),
  });
  const lines = [sample(T0 + 15_000, [200, 300]), sample(T0 + 15_000, [200, 300]), sample(T0 + 30_000, [100, 100])];
  return { lines, meta: {} as Timeline['meta'], warnings: [], podStartups: [], replicas: [] } as unknown as Timeline;
}

describe('timelineWindows: podMetrics samples as utilization-law windows', () => {
  it('one window per sample of all pods (CPU summed, cores = pods), the responses k6 got inside it, a repeated sample once; inside the load only when the window is', () => {
    // 4 requests answered in the first window (one a 503), 1 in the second, one failed in the client (status 0).
    const r = { ...replayOf([1000, 2000, 3000, 4000, 20_000, 21_000], [0, 1, 0, 2, 0, 0], [10, 10, 10, 10, 10, 10], [200, 200, 503, 200, 200, 0]), startEpochMs: T0 };
    const ws = timelineWindows(timeline(), r, 0, ['authorize', 'capture', 'refund'], 1);
    expect(ws).toEqual([
      { run: 0, pod: 'all pods', fromS: T0 / 1000, toS: T0 / 1000 + 15, cpuS: 0.5 * 15, okByOp: [1, 1, 1], other: 1, cores: 2, inLoad: true },
      { run: 0, pod: 'all pods', fromS: T0 / 1000 + 15, toS: T0 / 1000 + 30, cpuS: 0.2 * 15, okByOp: [1, 0, 0], other: 0, cores: 2, inLoad: false },
    ]);
  });
});
