/**
 * Hand-computed checks of the rules that are easy to get wrong (see ../shared/reference/hpa.md §13).
 * Every expected number is derived in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HPA_CONTROLLER_CONFIG as CFG, isWithinTolerance, reconcileHpa, resourceReplicas, scaleDownLimit, scaleUpLimit,
  type HpaSpec, type PodMetricsSample, type PodSample, type PodSnapshot, type ScalingRules,
} from '../../../../sim/autoscaling/hpa/index.js';

const NOW = 100 * 60_000;
const timing = { cpuInitializationPeriodMs: CFG.cpuInitializationPeriodMs, initialReadinessDelayMs: CFG.initialReadinessDelayMs, now: NOW };
const tol = { scaleDown: 0.1, scaleUp: 0.1 };

function pod(name: string, cpuRequest?: number): PodSnapshot {
  return {
    name, phase: 'Running', deleting: false, startTime: 0, ready: { status: 'True', lastTransitionTime: 0 },
    containers: [{ name: 'app', requests: cpuRequest === undefined ? {} : { cpu: cpuRequest } }],
  };
}
const samples = (vals: number[]) => new Map<string, PodSample>(vals.map((v, i) => [`p${i}`, { value: v, timestamp: NOW, windowMs: 60_000 }]));
const metricsOf = (vals: number[]): PodMetricsSample[] => vals.map((v, i) => ({ pod: `p${i}`, timestamp: NOW, windowMs: 60_000, containers: [{ name: 'app', cpu: v }] }));
const cpuSpec = (target: number, extra: Partial<HpaSpec> = {}): HpaSpec =>
  ({ minReplicas: 1, maxReplicas: 100, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: target } }], ...extra });

describe('tolerance band', () => {
  it.each([
    ['lower edge 0.9 is inside (inclusive)', 0.9, true],
    ['upper edge 1.1 is inside (inclusive)', 1.1, true],
    ['just below the lower edge scales', 0.8999, false],
    ['just above the upper edge scales', 1.1001, false],
  ])('%s', (_n, ratio, within) => expect(isWithinTolerance(ratio, tol)).toBe(within));

  it('a utilization of exactly 110% of a 100% target keeps the current size', () => {
    // Σusage 3300m / Σrequest 3000m = 110% -> ratio 1.1 -> within -> current 3.
    const r = resourceReplicas([pod('p0', 1000), pod('p1', 1000), pod('p2', 1000)], samples([1100, 1100, 1100]), 'cpu', undefined, 100, { currentReplicas: 3, tolerances: tol, timing });
    expect('error' in r ? r : r.replicas).toBe(3);
  });
});

describe('utilization is truncated to an integer percent before the ratio', () => {
  it('1000m of 3000m is 33% (not 33.3%): ratio 33/30 = 1.1 is within tolerance, so no scale-up', () => {
    // Untruncated: 33.33/30 = 1.111 > 1.1 would give ceil(1.111·3) = 4.
    const r = resourceReplicas([pod('p0', 1000), pod('p1', 1000), pod('p2', 1000)], samples([333, 333, 334]), 'cpu', undefined, 30, { currentReplicas: 3, tolerances: tol, timing });
    if ('error' in r) throw new Error(r.error);
    expect([r.utilization, r.replicas]).toEqual([33, 3]);
  });
});

describe('policy rounding', () => {
  const percent50: ScalingRules = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] };
  it('scale-up Percent rounds up: ceil(3 · 1.5) = ceil(4.5) = 5', () => expect(scaleUpLimit(3, [], [], percent50, NOW).limit).toBe(5));
  it('scale-down Percent truncates: trunc(3 · 0.5) = trunc(1.5) = 1', () => expect(scaleDownLimit(3, [], [], percent50, NOW).limit).toBe(1));
  it('scale-up Percent allows +1 even from 1 replica: ceil(1 · 1.1) = 2', () =>
    expect(scaleUpLimit(1, [], [], { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] }, NOW).limit).toBe(2));
});

describe('start = cur − upChangeIn(period) + downChangeIn(period)', () => {
  const up = [{ replicaChange: 4, timestamp: NOW - 60_000, outdated: false }];
  const down = [{ replicaChange: 2, timestamp: NOW - 60_000, outdated: false }];
  it('scale-up: 6 − 4 + 2 = 4, Pods 1 -> 5', () => {
    const r = scaleUpLimit(6, up, down, { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] }, NOW);
    expect([r.chosen?.periodStartReplicas, r.limit]).toEqual([4, 5]);
  });
  it('scale-down: 6 − 4 + 2 = 4, Pods 1 -> 3', () => {
    const r = scaleDownLimit(6, up, down, { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] }, NOW);
    expect([r.chosen?.periodStartReplicas, r.limit]).toEqual([4, 3]);
  });
  it('events exactly one period old are outside the window (strict After)', () => {
    const r = scaleUpLimit(6, [{ replicaChange: 4, timestamp: NOW - 120_000, outdated: false }], [], { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] }, NOW);
    expect(r.limit).toBe(7);
  });
});

describe('stabilization records the raw proposals, not the stabilized value', () => {
  it('a held scale-down still records the low proposal', () => {
    // 4 pods at 10% of request, target 50% -> ratio 0.2 -> ceil(0.2·4) = 1 proposal; seeded history {4, now} holds at 4.
    const r = reconcileHpa({ spec: cpuSpec(50), currentReplicas: 4, statusReplicas: 4, pods: [0, 1, 2, 3].map((i) => pod(`p${i}`, 1000)), podMetrics: metricsOf([100, 100, 100, 100]), now: NOW });
    expect(r.desiredReplicas).toBe(4);
    // The seed {4, now} is not older than the window, so the raw proposal 1 is appended after it.
    expect(r.state.recommendations.map((x) => x.replicas)).toEqual([4, 1]);
  });
});

describe('per-HPA asymmetric tolerance (behavior.scaleUp/scaleDown.tolerance)', () => {
  const behavior = {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }], tolerance: 0.05 },
    scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }], tolerance: 0.5 },
  };
  const run = (usage: number) =>
    reconcileHpa({ spec: cpuSpec(100, { behavior }), currentReplicas: 10, statusReplicas: 10, pods: Array.from({ length: 10 }, (_, i) => pod(`p${i}`, 1000)), podMetrics: metricsOf(Array.from({ length: 10 }, () => usage)), now: NOW, state: { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] } });
  it('107% is outside the 5% scale-up band: ceil(1.07·10) = 11', () => expect(run(1070).desiredReplicas).toBe(11));
  it('60% is inside the 50% scale-down band: stays 10', () => expect(run(600).desiredReplicas).toBe(10));
  it('the cluster flag still applies without per-HPA tolerance: 107% with 0.1 stays 10', () =>
    expect(reconcileHpa({ spec: cpuSpec(100), currentReplicas: 10, statusReplicas: 10, pods: Array.from({ length: 10 }, (_, i) => pod(`p${i}`, 1000)), podMetrics: metricsOf(Array.from({ length: 10 }, () => 1070)), now: NOW }).desiredReplicas).toBe(10));
});

describe('a Deployment without cpu requests under a CPU-utilisation HPA', () => {
  it('reports ScalingActive=False FailedGetResourceMetric "missing request for cpu" and does not scale', () => {
    const r = reconcileHpa({ spec: cpuSpec(50), currentReplicas: 2, statusReplicas: 2, pods: [pod('p0'), pod('p1')], podMetrics: metricsOf([900, 900]), now: NOW });
    expect(r.desiredReplicas).toBe(2);
    expect(r.rescale).toBe(false);
    const active = r.conditions.find((c) => c.type === 'ScalingActive');
    expect(active?.status).toBe('False');
    expect(active?.reason).toBe('FailedGetResourceMetric');
    expect(active?.message).toContain('missing request for cpu in container app of Pod p0');
  });
});

describe('legacy path', () => {
  it('scale-up limit is max(2·cur, 4) with production constants: 3 -> 6 even if metrics want 30', () => {
    // 3 pods at 1000% of request, target 100% -> ratio 10 -> 30; limit max(6, 4) = 6, ScaleUpLimit.
    const r = reconcileHpa({ spec: cpuSpec(100), currentReplicas: 3, statusReplicas: 3, pods: [0, 1, 2].map((i) => pod(`p${i}`, 100)), podMetrics: metricsOf([1000, 1000, 1000]), now: NOW });
    expect(r.desiredReplicas).toBe(6);
    expect(r.conditions.find((c) => c.type === 'ScalingLimited')?.reason).toBe('ScaleUpLimit');
  });
  it('no scale events are stored without behavior', () => {
    const r = reconcileHpa({ spec: cpuSpec(100), currentReplicas: 3, statusReplicas: 3, pods: [0, 1, 2].map((i) => pod(`p${i}`, 100)), podMetrics: metricsOf([1000, 1000, 1000]), now: NOW });
    expect(r.state.scaleUpEvents).toEqual([]);
  });
});

describe('behavior scale events', () => {
  it('a behavior HPA records the scale-up it made, and the next sync counts it in the Pods policy window', () => {
    const behavior = {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 2, periodSeconds: 60 }] },
      scaleDown: { selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }] },
    };
    const inputs = (cur: number, now: number, state?: Parameters<typeof reconcileHpa>[0]['state']) => ({
      spec: cpuSpec(100, { behavior }), currentReplicas: cur, statusReplicas: cur, pods: Array.from({ length: cur }, (_, i) => pod(`p${i}`, 100)),
      podMetrics: metricsOf(Array.from({ length: cur }, () => 1000)), now, ...(state ? { state } : {}),
    });
    const first = reconcileHpa(inputs(3, NOW));
    expect(first.desiredReplicas).toBe(5); // 3 + 2 (Pods 2 / 60 s)
    expect(first.state.scaleUpEvents.map((e) => e.replicaChange)).toEqual([2]);
    // 15 s later: start = 5 − 2 = 3 -> 3 + 2 = 5: no further growth within the 60 s period.
    const second = reconcileHpa(inputs(5, NOW + 15_000, first.state));
    expect(second.desiredReplicas).toBe(5);
    expect(second.conditions.find((c) => c.type === 'ScalingLimited')?.reason).toBe('ScaleUpLimit');
  });
});
