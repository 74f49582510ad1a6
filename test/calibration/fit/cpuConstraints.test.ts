import { describe, expect, it } from 'vitest';
import { metricsCpu } from '../../../calibration/fit/cpuConstraints.js';
import { measure } from '../../../calibration/fit/measured.js';
import type { Timeline } from '../../../calibration/recorder/readTimeline.js';
import { scenario } from './fixtures.js';
import { replayOf } from './helpers.js';

/** 1001 requests 10 ms apart (100 rps over 10 s), and a timeline with one podMetrics sample of `millicores` inside the run. */
function setup(millicores: number) {
  const n = 1001;
  const replay = replayOf(Array.from({ length: n }, (_, i) => i * 10), Array.from({ length: n }, () => 0), Array.from({ length: n }, () => 20));
  const at = new Date(replay.startEpochMs + 9_000).toISOString();
  const timeline = {
    meta: { t: at, kind: 'meta', formatVersion: 1, namespace: 'pay', deployment: 'pay', hpa: null, selector: 'app=pay', startTime: at },
    lines: [{ t: at, kind: 'podMetrics', pods: [{ name: 'pay-0', cpuMillicores: millicores, memoryBytes: 1e8, timestamp: at, windowMs: 5_000 }] }],
    warnings: [],
    podStartups: [],
    replicas: [],
  } as unknown as Timeline;
  return { runs: [{ replay, measured: measure(replay), replicas: 1 }], timeline };
}

describe('metricsCpu: podMetrics CPU per request and the share of requests that paid the wake-up', () => {
  it.each([
    ['half the 1-core limit busy: half the requests found the CPU idle', 'one-replica' as const, 500, 0.5],
    ['a 500m limit fully busy at the same CPU: none did', 'two-replicas-500m' as const, 500, 0],
    ['a tenth of the core: 90 % did', 'one-replica' as const, 100, 0.9],
  ])('%s', (_name, sc, millicores, idle) => {
    const { runs, timeline } = setup(millicores);
    const out = metricsCpu(scenario(sc).base, { timeline }, runs)!;
    expect(out.cpu.estimate).toBeCloseTo(millicores / 100.1, 3);
    expect(out.idleShare).toBeCloseTo(idle, 3);
  });
  it('no podMetrics sample inside the run: null', () => {
    const { runs, timeline } = setup(500);
    expect(metricsCpu(scenario('one-replica').base, { timeline: { ...timeline, lines: [] } }, runs)).toBeNull();
  });
});
