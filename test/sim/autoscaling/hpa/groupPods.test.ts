import { describe, expect, it } from 'vitest';
import { calculateRequests, groupPods, UPSTREAM_TEST_HPA_CONTROLLER_CONFIG as CFG, type PodSample, type PodSnapshot } from '../../../../sim/autoscaling/hpa/index.js';
import { groupPodsCases } from '../../../fixtures/upstream/hpa/groupPods.cases.js';

const NOW = 10_000_000;
const at = (s: number | undefined) => (s === undefined ? 0 : NOW + s * 1000);
const timing = { cpuInitializationPeriodMs: CFG.cpuInitializationPeriodMs, initialReadinessDelayMs: CFG.initialReadinessDelayMs, now: NOW };

describe('TestGroupPods (ported as data)', () => {
  it.each(groupPodsCases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const pods: PodSnapshot[] = c.pods.map((p) => ({
      name: p.name, phase: p.phase ?? 'Succeeded', deleting: p.deleted ?? false, containers: [],
      ...(p.start !== undefined ? { startTime: at(p.start) } : {}),
      ...(p.ready ? { ready: { status: p.ready.status, lastTransitionTime: at(p.ready.at) } } : {}),
    }));
    const samples = new Map<string, PodSample>(Object.entries(c.metrics).map(([k, m]) => [k, { value: 1, timestamp: at(m.metricAt), windowMs: (m.windowSeconds ?? 0) * 1000 }]));
    const g = groupPods(pods, samples, c.resource, timing);
    expect({ ready: g.readyPodCount, unready: [...g.unready].sort(), missing: [...g.missing].sort(), ignored: [...g.ignored].sort() })
      .toEqual({ ready: c.expectReadyPodCount, unready: [...c.expectUnready].sort(), missing: [...c.expectMissing].sort(), ignored: [...c.expectIgnored].sort() });
  });
});

describe('TestCalculateRequests (container-level cases; pod-level resources not modelled)', () => {
  const pod = (containers: PodSnapshot['containers'], initContainers: PodSnapshot['containers'] = []): PodSnapshot =>
    ({ name: 'test-pod', phase: 'Running', deleting: false, containers, initContainers });
  const c1 = { name: 'container1', requests: { cpu: 100 } };
  const c2 = { name: 'container2', requests: { cpu: 50 } };
  it('void', () => expect(calculateRequests([], undefined, 'cpu')).toEqual({ ok: true, requests: new Map() }));
  it('Sum container requests if pod-level feature is disabled', () => expect(calculateRequests([pod([c1, c2])], undefined, 'cpu')).toEqual({ ok: true, requests: new Map([['test-pod', 150]]) }));
  it('Fail if at least one of the containers is missing requests', () =>
    expect(calculateRequests([pod([{ name: 'container1', requests: {} }, c2])], undefined, 'cpu')).toEqual({ ok: false, error: 'missing request for cpu in container container1 of Pod test-pod' }));
  it('Container: if a container name is specified, calculate requests only for that container', () =>
    expect(calculateRequests([pod([c1, c2])], 'container1', 'cpu')).toEqual({ ok: true, requests: new Map([['test-pod', 100]]) }));
  it('pod with restartable init containers', () =>
    expect(calculateRequests([pod([c1], [{ name: 'init-container1', requests: { cpu: 20 } }, { name: 'restartable-container1', requests: { cpu: 50 }, restartPolicyAlways: true }])], undefined, 'cpu'))
      .toEqual({ ok: true, requests: new Map([['test-pod', 150]]) }));
  it('TestCalculatePodRequestsFromContainers_NonExistentContainer', () =>
    expect(calculateRequests([pod([c1])], 'non-existent-container', 'cpu')).toEqual({ ok: false, error: 'container non-existent-container not found in Pod test-pod' }));
});
