import { describe, expect, it } from 'vitest';
import * as capsim from '../index.js';

/** The library entry point exports the simulator and the controllers' pure functions. */
describe('the library entry point', () => {
  it('exports the simulator, scenarios and the HPA and VPA pure functions', () => {
    for (const name of ['simulate', 'compileScenario', 'erlangC', 'k6RampingStartsNs', 'runScenario', 'loadManifests', 'explainHpa']) {
      expect(typeof (capsim as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(typeof capsim.hpa.reconcileHpa).toBe('function');
    expect(typeof capsim.hpa.resourceReplicas).toBe('function');
    expect(typeof capsim.hpa.normalizeWithBehavior).toBe('function');
    expect(typeof capsim.vpa.recommend).toBe('function');
    expect(typeof capsim.vpa.updaterDecide).toBe('function');
    expect(typeof capsim.k6.summarize).toBe('function');
    expect(typeof capsim.recorder.readTimeline).toBe('function');
  });

  it('runs an HPA decision from the entry point: 3 pods at 50% of request against a 30% target -> 5 (upstream TestScaleUp)', () => {
    const pods = [0, 1, 2].map((i) => ({
      name: `p${i}`,
      phase: 'Running' as const,
      deleting: false,
      ready: { status: 'True' as const, lastTransitionTime: 0 },
      startTime: 0,
      containers: [{ name: 'app', requests: { cpu: 1000 } }],
    }));
    const usage = [300, 500, 700];
    const r = capsim.hpa.reconcileHpa({
      spec: { minReplicas: 2, maxReplicas: 6, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 30 } }] },
      currentReplicas: 3,
      statusReplicas: 3,
      pods,
      podMetrics: pods.map((p, i) => ({ pod: p.name, timestamp: 3_600_000, windowMs: 60_000, containers: [{ name: 'app', cpu: usage[i] as number }] })),
      now: 3_600_000,
    });
    expect(r.desiredReplicas).toBe(5);
  });
});
