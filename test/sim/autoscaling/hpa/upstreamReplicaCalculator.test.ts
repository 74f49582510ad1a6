import { describe, expect, it } from 'vitest';
import {
  perPodReplicas, plainMetricReplicas, resourceReplicas, usageRatioReplicas, computeReplicasForMetric,
  UPSTREAM_TEST_HPA_CONTROLLER_CONFIG as CFG, type PodSample,
} from '../../../../sim/autoscaling/hpa/index.js';
import { metricCases, resourceCases, NOW_MS } from '../../../fixtures/upstream/hpa/replicaCalculator.cases.js';
import { calcPodMetrics, calcPods } from './upstreamHarness.js';

const timing = { cpuInitializationPeriodMs: CFG.cpuInitializationPeriodMs, initialReadinessDelayMs: CFG.initialReadinessDelayMs, now: NOW_MS };
const tol = (t?: readonly [number, number]) => ({ scaleDown: t?.[0] ?? 0.1, scaleUp: t?.[1] ?? 0.1 });

describe('replica_calculator_test.go resource cases (ported as data)', () => {
  it.each(resourceCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = computeReplicasForMetric(
      c.container === undefined
        ? { type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: c.targetUtilization } }
        : { type: 'ContainerResource', resource: 'cpu', container: c.container, target: { type: 'Utilization', averageUtilization: c.targetUtilization } },
      { pods: calcPods(c), podMetrics: calcPodMetrics(c), custom: {}, currentReplicas: c.currentReplicas, statusReplicas: c.currentReplicas, tolerances: tol(c.tolerances), timing },
    );
    if ('error' in c.expected) {
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.message).toContain(c.expected.error);
      return;
    }
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect({ replicas: out.replicas, utilization: out.status.averageUtilization, rawValue: out.status.averageValueMilli }).toEqual(c.expected);
  });
});

describe('replica_calculator_test.go Pods/Object/External cases (ported as data)', () => {
  it.each(metricCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const pods = calcPods(c);
    const t = tol(c.tolerances);
    const ctx = { currentReplicas: c.currentReplicas, tolerances: t, timing };
    let got: { replicas: number; usage: number };
    if (c.kind === 'pods') {
      const samples = new Map<string, PodSample>(c.levels.map((v, i) => [`test-pod-${i}`, { value: v, timestamp: 0, windowMs: 60_000 }]));
      const r = plainMetricReplicas(pods, samples, undefined, c.target, ctx);
      if ('error' in r) throw new Error(r.error);
      got = { replicas: r.replicas, usage: r.usage };
    } else if (c.kind === 'object' || c.kind === 'external') {
      const usage = c.levels.reduce((a, b) => a + b, 0);
      const r = usageRatioReplicas(c.currentReplicas, usage / c.target, t, pods);
      if (typeof r !== 'number') throw new Error(r.error);
      got = { replicas: r, usage };
    } else {
      const usage = c.levels.reduce((a, b) => a + b, 0);
      const r = perPodReplicas(c.currentReplicas, usage, c.target, t);
      got = { replicas: r.replicas, usage: r.averageValue };
    }
    expect(got).toEqual(c.expected);
  });
});

describe('resourceReplicas explains the conservative path', () => {
  it('TestReplicaCalcResourceMissingMetrics/some pods missing metrics scales down: missing pods filled at 100%', () => {
    const c = resourceCases.find((x) => x.name.endsWith('some pods missing metrics scales down'));
    if (!c) throw new Error('case not found');
    const samples = new Map(calcPodMetrics(c).map((m) => [m.pod, { value: m.containers.reduce((s, x) => s + (x.cpu ?? 0), 0), timestamp: 0, windowMs: 60_000 }]));
    const r = resourceReplicas(calcPods(c), samples, 'cpu', undefined, 100, { currentReplicas: 4, tolerances: tol(), timing });
    if ('error' in r) throw new Error(r.error);
    expect(r.detail.missingFilledWith).toBe('request-or-target');
    expect([...r.detail.grouping.missing].sort()).toEqual(['test-pod-2', 'test-pod-3']);
    expect(r.detail.rule).toBe('adjusted-ratio-times-samples');
  });
});
