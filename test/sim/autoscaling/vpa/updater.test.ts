import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UPDATER_CONFIG,
  PodsRestriction,
  admitForUpdate,
  getUpdatePriority,
  hasQuickOom,
  kubeletResizeVerdict,
  priorityLess,
  sortByPriority,
  updaterDecide,
  type ContainerRecommendation,
  type UpdaterPod,
  type VpaSpec,
} from '../../../../sim/autoscaling/vpa/index.js';
import {
  CALCULATOR_CASES,
  LESS_CASES,
  OBSERVED_CASES,
  PRIORITY_CASES,
  RESTRICTION_CASES,
} from '../../../fixtures/upstream/vpa/updaterCases.js';
import { policy } from '../../../fixtures/upstream/vpa/cappingCases.js';

const H = 3_600_000;
const MIN = 60_000;
const START = Date.UTC(2026, 0, 1);

function recs(r: Record<string, { target: ContainerRecommendation['target']; lowerBound?: ContainerRecommendation['lowerBound']; upperBound?: ContainerRecommendation['upperBound'] }>): ContainerRecommendation[] {
  return Object.entries(r).map(([containerName, v]) => ({ containerName, target: v.target, lowerBound: v.lowerBound ?? {}, upperBound: v.upperBound ?? {}, uncappedTarget: v.target }));
}

describe('update priority (upstream updater/priority/priority_processor_test.go)', () => {
  it.each(PRIORITY_CASES)('TestGetUpdatePriority: $name', (c) => {
    const pod: UpdaterPod = { name: 'POD1', phase: 'Running', containers: Object.entries(c.containers).map(([name, requests]) => ({ name, requests })) };
    const prio = getUpdatePriority(pod, recs(c.recommendation));
    expect(prio.scaleUp).toBe(c.expected.scaleUp);
    expect(prio.outsideRecommendedRange).toBe(c.expected.outsideRecommendedRange);
    expect(prio.resourceDiff).toBeCloseTo(c.expected.resourceDiff, 12);
  });

  it('TestGetUpdatePriority_NoRecommendationForContainer', () => {
    const pod: UpdaterPod = { name: 'POD1', phase: 'Running', containers: [{ name: 'test-container', requests: { cpu: 5000, memory: 10 } }] };
    expect(getUpdatePriority(pod, undefined)).toEqual({ outsideRecommendedRange: false, scaleUp: false, resourceDiff: 0 });
  });

  it.each(OBSERVED_CASES)('TestGetUpdatePriority_VpaObservedContainers: $name', (c) => {
    const pod: UpdaterPod = { name: 'POD1', phase: 'Running', containers: [{ name: 'container1', requests: { cpu: 1000 } }], ...(c.observed ? { observedContainers: c.observed } : {}) };
    expect(getUpdatePriority(pod, recs({ container1: { target: { cpu: 10000 } } })).resourceDiff).toBeCloseTo(c.resourceDiff, 4);
  });
});

describe('update priority calculator (upstream updater/priority/update_priority_calculator_test.go)', () => {
  it.each(CALCULATOR_CASES)('$name', (c) => {
    const now = START + c.ageHours * H;
    const vpa = { containerPolicies: c.policy ? [policy({ containerName: c.policy.containerName, mode: c.policy.mode })] : [] };
    const config = { ...DEFAULT_UPDATER_CONFIG, podUpdateThreshold: c.minChangePriority };
    const admitted = c.pods.flatMap((p) => {
      const pod: UpdaterPod = {
        name: p.name,
        phase: 'Running',
        startTimeMs: START,
        ...(p.observed ? { observedContainers: p.observed } : {}),
        containers: [
          {
            name: 'container1',
            requests: { cpu: 4000 },
            ...(p.oom ? { lastTermination: { reason: 'OOMKilled', startedAtMs: now - p.oom.startedAgoMin * MIN, finishedAtMs: now - p.oom.finishedAgoMin * MIN } } : {}),
          },
        ],
      };
      return admitForUpdate(pod, p.priority, hasQuickOom(pod, vpa, config), now, config) ? [{ name: p.name, priority: p.priority }] : [];
    });
    expect(sortByPriority(admitted).map((p) => p.name)).toEqual(c.expected);
  });

  it.each(LESS_CASES)('TestLessPodPriority: $name', (c) => {
    expect(priorityLess(c.prio, c.other)).toBe(c.isLess);
    expect(priorityLess(c.other, c.prio)).toBe(!c.isLess);
  });
});

describe('eviction and in-place budget (upstream updater/restriction tests)', () => {
  it.each(RESTRICTION_CASES)('$name', (c) => {
    const now = START;
    const pods: UpdaterPod[] = c.pods.map((p, i) => ({
      name: `test-${i}`,
      owner: 'rc',
      phase: p.phase ?? 'Running',
      containers: [],
      ...(p.resize ? { resize: { status: p.resize, sinceMs: now } } : {}),
    }));
    const inPlace = c.mode === 'InPlaceOrRecreate';
    const config = { ...DEFAULT_UPDATER_CONFIG, inPlaceSkipDisruptionBudget: c.skipDisruptionBudget ?? false };
    const restriction = new PodsRestriction(pods, c.configured === undefined ? {} : { rc: c.configured }, {
      minReplicas: c.vpaMinReplicas ?? c.minReplicas ?? 2,
      evictionTolerance: c.tolerance,
      skipReplicaCheck: inPlace && config.inPlaceSkipDisruptionBudget,
    });
    // As upstream: first ask for every pod, then act on them in order.
    pods.forEach((pod, i) => {
      const e = c.pods[i];
      if (inPlace) expect(restriction.canInPlaceUpdate(pod, true, now, config), `pod ${i}`).toBe(e?.canInPlaceUpdate);
      else expect(restriction.canEvict(pod, now, config), `pod ${i}`).toBe(e?.canEvict);
    });
    pods.forEach((pod, i) => {
      const e = c.pods[i];
      if (inPlace) {
        const approved = restriction.canInPlaceUpdate(pod, true, now, config) === 'Approved' && restriction.inPlaceUpdate(pod);
        expect(approved, `pod ${i}`).toBe(e?.inPlaceUpdateSuccess);
      } else {
        expect(restriction.evict(pod, now, config), `pod ${i}`).toBe(e?.evictionSuccess);
      }
    });
  });

  it('a Deferred resize falls back to eviction only after 5 minutes, InProgress after 1 hour', () => {
    const mk = (status: 'Deferred' | 'InProgress', ageMs: number): UpdaterPod => ({ name: status, owner: 'rs', phase: 'Running', containers: [], resize: { status, sinceMs: START - ageMs } });
    const pods = [mk('Deferred', 5 * MIN), mk('Deferred', 5 * MIN + 1), mk('InProgress', H), mk('InProgress', H + 1)];
    const r = new PodsRestriction(pods, { rs: 4 }, { minReplicas: 2, evictionTolerance: 1, skipReplicaCheck: false });
    expect(pods.map((p) => r.canInPlaceUpdate(p, true, START, DEFAULT_UPDATER_CONFIG))).toEqual(['Deferred', 'Evict', 'Deferred', 'Evict']);
  });
});

describe('updaterDecide: one updater loop', () => {
  const spec = (updateMode: VpaSpec['updateMode'], extra: Partial<VpaSpec> = {}): VpaSpec => ({
    name: 'vpa',
    targetRef: { kind: 'Deployment', name: 'app' },
    updateMode,
    containerPolicies: [],
    ...extra,
  });
  const recommendation = recs({ app: { target: { cpu: 500, memory: 512 * 2 ** 20 }, lowerBound: { cpu: 400, memory: 400 * 2 ** 20 }, upperBound: { cpu: 800, memory: 800 * 2 ** 20 } } });
  const pod = (name: string, cpu: number, extra: Partial<UpdaterPod> = {}): UpdaterPod => ({
    name,
    owner: 'rs-1',
    phase: 'Running',
    startTimeMs: START,
    containers: [{ name: 'app', requests: { cpu, memory: 512 * 2 ** 20 }, limits: { cpu: cpu * 2 } }],
    ...extra,
  });
  const now = START + H;

  it('Off and Initial never touch running pods', () => {
    for (const mode of ['Off', 'Initial'] as const) {
      expect(updaterDecide({ vpa: spec(mode), recommendation, pods: [pod('a', 100), pod('b', 100)], configuredReplicas: { 'rs-1': 2 } }, now)).toEqual([]);
    }
  });

  it('Recreate evicts pods below the lower bound, biggest change first, within the budget (3 replicas, tolerance 0.5 → 1)', () => {
    const actions = updaterDecide({ vpa: spec('Recreate'), recommendation, pods: [pod('a', 300), pod('b', 100), pod('c', 500)], configuredReplicas: { 'rs-1': 3 } }, now);
    expect(actions.map((a) => [a.pod, a.action])).toEqual([['b', 'evict']]);
    // The replacement gets target requests and the limit keeps its 2:1 ratio.
    expect(actions[0]?.resources.app).toEqual({ requests: { cpu: 500, memory: 512 * 2 ** 20 }, limits: { cpu: 1000 } });
  });

  it('a young pod inside the bounds waits for the 12 h rule; an old one with a ≥10% diff is evicted', () => {
    const young = updaterDecide({ vpa: spec('Auto'), recommendation, pods: [pod('a', 700), pod('b', 700)], configuredReplicas: { 'rs-1': 2 } }, now);
    expect(young).toEqual([]);
    const old = updaterDecide({ vpa: spec('Auto'), recommendation, pods: [pod('a', 700), pod('b', 700)], configuredReplicas: { 'rs-1': 2 } }, START + 12 * H);
    expect(old.map((a) => a.pod)).toEqual(['a']);
  });

  it('a single replica is left alone unless updatePolicy.minReplicas allows it', () => {
    const input = { recommendation, pods: [pod('a', 100)], configuredReplicas: { 'rs-1': 1 } };
    expect(updaterDecide({ ...input, vpa: spec('Recreate') }, now)).toEqual([]);
    expect(updaterDecide({ ...input, vpa: spec('Recreate', { minReplicas: 1 }) }, now).map((a) => a.action)).toEqual(['evict']);
  });

  it('InPlaceOrRecreate resizes in place, and evicts a pod whose resize is infeasible', () => {
    const pods = [pod('a', 100), pod('b', 100, { resize: { status: 'Infeasible', sinceMs: now } }), pod('c', 500), pod('d', 500)];
    const actions = updaterDecide({ vpa: spec('InPlaceOrRecreate'), recommendation, pods, configuredReplicas: { 'rs-1': 4 } }, now);
    expect(actions.map((a) => [a.pod, a.action])).toEqual([['a', 'resize'], ['b', 'evict']]);
  });

  it('InPlace never evicts', () => {
    const pods = [pod('a', 100, { resize: { status: 'Infeasible', sinceMs: now } }), pod('b', 100)];
    const actions = updaterDecide({ vpa: spec('InPlace'), recommendation, pods, configuredReplicas: { 'rs-1': 2 } }, now);
    expect(actions.map((a) => [a.pod, a.action])).toEqual([['b', 'resize']]);
  });

  it('a quick OOM (killed 2 minutes after start) triggers an update of a young in-bounds pod', () => {
    const oomed = (name: string): UpdaterPod =>
      pod(name, 700, { containers: [{ name: 'app', requests: { cpu: 700, memory: 512 * 2 ** 20 }, lastTermination: { reason: 'OOMKilled', startedAtMs: now - 3 * MIN, finishedAtMs: now - MIN } }] });
    expect(updaterDecide({ vpa: spec('Recreate'), recommendation, pods: [oomed('a'), pod('b', 700)], configuredReplicas: { 'rs-1': 2 } }, now).map((a) => a.pod)).toEqual(['a']);
  });

  it('TestRecommendationNotAvailable: a recommendation for a container the pod does not have changes nothing', () => {
    const other = recs({ 'ctr-name-other': { target: { cpu: 100, memory: 50_000 * 2 ** 20 } } });
    expect(updaterDecide({ vpa: spec('Recreate'), recommendation: other, pods: [pod('a', 100), pod('b', 100)], configuredReplicas: { 'rs-1': 2 } }, now)).toEqual([]);
  });

  it('kubelet resize verdicts: over allocatable is Infeasible, over free room is Deferred', () => {
    const node = { free: { cpu: 200 }, allocatable: { cpu: 4000 } };
    expect(kubeletResizeVerdict({ cpu: 100 }, { cpu: 600 }, node)).toBe('ok');
    expect(kubeletResizeVerdict({ cpu: 300 }, { cpu: 800 }, node)).toBe('Deferred');
    expect(kubeletResizeVerdict({ cpu: 300 }, { cpu: 5000 }, node)).toBe('Infeasible');
  });
});
