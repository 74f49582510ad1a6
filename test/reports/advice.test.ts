import { describe, expect, it } from 'vitest';
import { headroom, prescale, recommend } from '../../reports/advice.js';
import { syntheticRecord } from './records.js';

// The synthetic pod: 10 workers serving 100 rps at full capacity (capacity 400 rps on 4 ready pods),
// a 500m CPU request, and 5 ms of CPU per request (1000 millicores used at 200 completed rps).
const base = { arrivals: [100, 300, 600, 200], capacityRps: 400, readyReplicas: 4, cpuMillicores: 1000, completed: 200 };

describe('prescale: replicas to have ready before a known peak', () => {
  it.each([
    // worker bound: 0.7 × 100 = 70 rps per pod; CPU bound: utilisation × 500m / CPU ms per request
    // (0.7 × 500 / 5 = 70: a tie reads as worker-bound; 0.5 × 500 / 5 = 50; 0.8 × 500 / 1 = 400)
    { name: 'no HPA: the safe 70% of the tighter bound', hpa: null, cpuMs: 5, want: 9, basis: 'worker-bound' },
    { name: 'HPA at 50%: CPU bound at the target', hpa: 50, cpuMs: 5, want: 12, basis: 'CPU-bound' },
    { name: 'cheap requests: worker bound', hpa: 80, cpuMs: 1, want: 9, basis: 'worker-bound' },
  ])('$name', ({ hpa, cpuMs, want, basis }) => {
    const r = syntheticRecord({ ...base, cpuMillicores: 200 * cpuMs }, {
      setup: { podCpuRequestMillicores: 500, podMemoryRequestBytes: 2 ** 30, workersPerPod: 10, idleCpuMillicores: 0, currency: 'USD', hpa: hpa === null ? null : { name: 'payments', minReplicas: 2, maxReplicas: 50, cpuTargetPercent: hpa }, nodeGroups: null },
    });
    const rec = prescale(r);
    expect(rec?.text).toContain(`Pre-scale to at least ${want} replicas before a known peak of 600 rps`);
    expect(rec?.text).toContain(basis);
  });

  it('tells to raise maxReplicas when the HPA cannot reach the number', () => {
    const r = syntheticRecord(base, { setup: { podCpuRequestMillicores: 500, podMemoryRequestBytes: 2 ** 30, workersPerPod: 10, idleCpuMillicores: 0, currency: 'USD', hpa: { name: 'p', minReplicas: 1, maxReplicas: 5, cpuTargetPercent: 70 }, nodeGroups: null } });
    expect(prescale(r)?.text).toContain("above the HPA's maxReplicas of 5: raise it");
  });

  it('gives nothing without traffic or capacity', () => {
    expect(prescale(syntheticRecord({ arrivals: 0, capacityRps: 400, readyReplicas: 4 }))).toBeNull();
    expect(prescale(syntheticRecord({ arrivals: 10, capacityRps: 0, readyReplicas: 0 }))).toBeNull();
  });
});

describe('node headroom', () => {
  const nodeGroups = [{ name: 'general', cpuMillicores: 2000, memoryBytes: 4 * 2 ** 30, min: 1, max: 10, pricePerHour: 0.1 }];
  const setup = { podCpuRequestMillicores: 500, podMemoryRequestBytes: 2 ** 30, workersPerPod: 10, idleCpuMillicores: 0, currency: 'USD', hpa: null, nodeGroups };

  it('sizes the pending pods in nodes of the first group', () => {
    // 6 pending × 500m = 3000m -> 1.5 nodes of 2000m; 6 GiB -> 1.5 nodes of 4 GiB: 2 nodes
    const text = headroom(syntheticRecord({ ...base, pendingReplicas: [0, 6, 2, 0] }, { setup }))?.text;
    expect(text).toContain('Keep headroom for 6 pending pods at the peak: 3000m CPU and 6 GiB memory');
    expect(text).toContain('2 more nodes of group general');
  });

  it('says the nodes had room when no pod waited', () => {
    expect(headroom(syntheticRecord(base, { setup }))?.text).toMatch(/^No pod waited for a node/);
  });

  it('says nothing when nodes are not modelled', () => {
    expect(headroom(syntheticRecord(base))).toBeNull();
  });
});

describe('recommend: the target utilisation', () => {
  const missed = [{ scope: 'authorize', objective: 'p99 latency', unit: 'ms' as const, target: 300, predicted: 400, pass: false, margin: -1 / 3 }];
  it.each([
    { name: 'found by the search', search: { current: 70, recommended: 50, tried: [{ target: 60, pass: false, worstMargin: -0.1 }, { target: 50, pass: true, worstMargin: 0.05 }] }, want: 'Lower the HPA CPU target from 70% to 50%: re-simulated, it is the highest target that meets every SLO (tried 60% missed, 50% met).' },
    { name: 'none found', search: { current: 40, recommended: null, tried: [{ target: 30, pass: false, worstMargin: -0.1 }, { target: 20, pass: false, worstMargin: -0.1 }] }, want: 'No CPU target from 40% down to 20% met every SLO' },
    { name: 'no HPA', search: null, want: 'with a fixed deployment and no HPA' },
  ])('$name', ({ search, want }) => {
    const text = recommend(syntheticRecord(base, { verdicts: missed, targetSearch: search })).find((x) => x.id === 'target')?.text;
    expect(text).toContain(want);
  });

  it('gives no target advice when every SLO is met and nothing was searched', () => {
    expect(recommend(syntheticRecord(base)).map((x) => x.id)).toEqual(['prescale']);
  });
});
