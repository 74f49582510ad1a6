/**
 * Port of upstream kubernetes/autoscaler @ 55c37cd5
 * vertical-pod-autoscaler/pkg/recommender/model/aggregate_container_state_test.go:
 * 10 tests upstream, 8 ported here; skipped: TestUpdateFromPolicyMemoryAggregationInterval and
 * TestUpdateFromPolicyMemoryAggregationIntervalCount (per-VPA overrides behind the alpha
 * PerVPAConfig gate, off by default, not modelled: capsim uses the global settings).
 * TestUpdateFromPolicyScalingMode / ControlledResources are ported against `effectivePolicy`.
 */
import { describe, expect, it } from 'vitest';
import {
  AggregateContainerState,
  CPU_HISTOGRAM_OPTIONS,
  DEFAULT_RECOMMENDER_CONFIG,
  DecayingHistogram,
  MEMORY_HISTOGRAM_OPTIONS,
  RecommenderState,
  effectivePolicy,
  type ContainerPolicy,
} from '../../../../sim/autoscaling/vpa/index.js';
import { T } from '../../../fixtures/upstream/vpa/containerCases.js';

const DAY = 86_400_000;

describe('aggregate container state (upstream aggregate_container_state_test.go)', () => {
  it('TestAggregateStateByContainerName: containers of one name merge, others stay apart', () => {
    const state = new RecommenderState();
    // pod-1 {app-A, app-B}, pod-2 {app-A, app-C}, with different labels (groups) as upstream.
    const containers = [
      { pod: 'pod-1', container: 'app-A', group: 'labels-1', cpu: 1000, mem: 2e9 },
      { pod: 'pod-1', container: 'app-B', group: 'labels-1', cpu: 5000, mem: 10e9 },
      { pod: 'pod-2', container: 'app-A', group: 'labels-2', cpu: 3000, mem: 4e9 },
      { pod: 'pod-2', container: 'app-C', group: 'labels-2', cpu: 5000, mem: 10e9 },
    ];
    for (const c of containers) state.addCpuSample(c, c.cpu, T);
    for (const c of containers) state.addMemorySample(c, c.mem, T);
    const merged = state.mergedByContainer(T);
    expect([...merged.keys()].sort()).toEqual(['app-A', 'app-B', 'app-C']);
    expect(merged.get('app-A')?.totalSamplesCount).toBe(2);
    expect(merged.get('app-B')?.totalSamplesCount).toBe(1);
    expect(merged.get('app-C')?.totalSamplesCount).toBe(1);
    const cpu = new DecayingHistogram(CPU_HISTOGRAM_OPTIONS, DAY);
    cpu.addSample(1, 0.1, T);
    cpu.addSample(3, 0.1, T);
    const memory = new DecayingHistogram(MEMORY_HISTOGRAM_OPTIONS, DAY);
    memory.addSample(2e9, 1, T + DAY);
    memory.addSample(4e9, 1, T + DAY);
    expect(merged.get('app-A')?.cpu.equals(cpu)).toBe(true);
    expect(merged.get('app-A')?.memoryPeaks.equals(memory)).toBe(true);
  });

  it('TestAggregateContainerStateSaveToCheckpoint', () => {
    const t1 = Date.UTC(2018, 0, 1, 2, 3, 4);
    const t2 = Date.UTC(2018, 1, 1, 2, 3, 4);
    const cs = new AggregateContainerState(DEFAULT_RECOMMENDER_CONFIG, 0);
    cs.firstSampleStartMs = t1;
    cs.lastSampleStartMs = t2;
    cs.totalSamplesCount = 10;
    cs.cpu.addSample(1, 33, t2);
    cs.memoryPeaks.addSample(1, 55, t1);
    cs.memoryPeaks.addSample(10_000_000, 55, t1);
    const cp = cs.saveToCheckpoint();
    expect(cp.firstSampleStartMs).toBe(t1);
    expect(cp.lastSampleStartMs).toBe(t2);
    expect(cp.totalSamplesCount).toBe(10);
    expect(cp.version).toBe('v3');
    expect(Object.keys(cp.cpuHistogram.bucketWeights)).toHaveLength(1);
    expect(Object.keys(cp.memoryHistogram.bucketWeights)).toHaveLength(2);
  });

  it('TestAggregateContainerStateLoadFromCheckpointFailsForVersionMismatch', () => {
    const cs = new AggregateContainerState(DEFAULT_RECOMMENDER_CONFIG, 0);
    const empty = { totalWeight: 0, bucketWeights: {} };
    expect(() =>
      cs.loadFromCheckpoint({ version: 'foo', firstSampleStartMs: 0, lastSampleStartMs: 0, totalSamplesCount: 0, cpuHistogram: empty, memoryHistogram: empty }),
    ).toThrow(/unsupported checkpoint version foo/);
  });

  it('TestAggregateContainerStateLoadFromCheckpoint', () => {
    const t1 = Date.UTC(2018, 0, 1, 2, 3, 4);
    const t2 = Date.UTC(2018, 1, 1, 2, 3, 4);
    const cs = new AggregateContainerState(DEFAULT_RECOMMENDER_CONFIG, 0);
    cs.loadFromCheckpoint({
      version: 'v3',
      firstSampleStartMs: t1,
      lastSampleStartMs: t2,
      totalSamplesCount: 20,
      memoryHistogram: { bucketWeights: { 0: 10 }, totalWeight: 33 },
      cpuHistogram: { bucketWeights: { 0: 10 }, totalWeight: 44 },
    });
    expect([cs.firstSampleStartMs, cs.lastSampleStartMs, cs.totalSamplesCount]).toEqual([t1, t2, 20]);
    expect(cs.cpu.isEmpty()).toBe(false);
    expect(cs.memoryPeaks.isEmpty()).toBe(false);
  });

  it.each([
    ['TestAggregateContainerStateIsExpired', 8],
    ['TestAggregateContainerStateIsExpiredWithCustomIntervalCount', 4],
  ])('%s (window = 24 h × %i)', (_name, count) => {
    const config = { ...DEFAULT_RECOMMENDER_CONFIG, memoryAggregationIntervalCount: count };
    const window = count * DAY;
    const cs = new AggregateContainerState(config, 0);
    cs.lastSampleStartMs = T;
    cs.totalSamplesCount = 1;
    expect(cs.isExpired(T + window - 3_600_000)).toBe(false);
    expect(cs.isExpired(T + window)).toBe(true);
    const empty = new AggregateContainerState(config, T);
    expect(empty.isExpired(T + window - 3_600_000)).toBe(false);
    expect(empty.isExpired(T + window)).toBe(true);
  });

  const policy = (p: Partial<ContainerPolicy>): { containerPolicies: ContainerPolicy[] } => ({
    containerPolicies: [{ containerName: 'c', mode: 'Auto', minAllowed: {}, maxAllowed: {}, controlledResources: ['cpu', 'memory'], controlledValues: 'RequestsAndLimits', ...p }],
  });

  it.each([
    ['Explicit auto scaling mode', policy({ mode: 'Auto' }), 'Auto'],
    ['Off scaling mode', policy({ mode: 'Off' }), 'Off'],
    ['No mode specified - default to Auto', policy({}), 'Auto'],
    ['Nil policy - default to Auto', { containerPolicies: [] }, 'Auto'],
  ] as const)('TestUpdateFromPolicyScalingMode: %s', (_name, spec, mode) => {
    expect(effectivePolicy(spec, 'c').mode).toBe(mode);
  });

  it.each([
    ['Explicit ControlledResources', policy({ controlledResources: ['cpu', 'memory'] }), ['cpu', 'memory']],
    ['Empty ControlledResources', policy({ controlledResources: [] }), []],
    ['ControlledResources with one resource', policy({ controlledResources: ['memory'] }), ['memory']],
    ['No ControlledResources specified - used default', policy({}), ['cpu', 'memory']],
    ['Nil policy - use default', { containerPolicies: [] }, ['cpu', 'memory']],
  ] as const)('TestUpdateFromPolicyControlledResources: %s', (_name, spec, expected) => {
    expect(effectivePolicy(spec, 'c').controlledResources).toEqual(expected);
  });

  it.each([
    ['constant 0.1 (VPA ≥ 1.4.0, the default)', 'constant', 2000, 0.1],
    ['max(request cores, 0.1) (VPA ≤ 1.3.x)', 'request', 2000, 2],
    ['max(request cores, 0.1) with a tiny request', 'request', 50, 0.1],
  ] as const)('CPU sample weight: %s', (_name, weighting, request, weight) => {
    const cs = new AggregateContainerState({ ...DEFAULT_RECOMMENDER_CONFIG, cpuSampleWeighting: weighting }, 0);
    const at = Date.UTC(2026, 0, 1);
    cs.addCpuSample(500, at, request);
    // The reference is the sample's midnight, so the decay factor is 1: total weight = sample weight.
    expect(cs.cpu.totalWeight).toBeCloseTo(weight, 12);
  });

  it('reading state for a recommendation does not change it (merging works on copies)', () => {
    const state = new RecommenderState();
    state.addCpuSample({ pod: 'p1', container: 'a', group: 'old' }, 100, T);
    state.addCpuSample({ pod: 'p2', container: 'a', group: 'new' }, 900, T + 200 * DAY / 100);
    const before = state.mergedByContainer(T + 3 * DAY).get('a')?.cpu.saveToCheckpoint();
    const again = state.mergedByContainer(T + 3 * DAY).get('a')?.cpu.saveToCheckpoint();
    expect(again).toEqual(before);
  });
});
