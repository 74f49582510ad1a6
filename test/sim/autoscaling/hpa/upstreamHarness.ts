/** Builds pure inputs from the ported upstream test fixtures, mirroring the Go fakes. */
import { cpuMillicores } from '../../../../k8s/quantity.js';
import type { ContainerSnapshot, HpaSpec, MetricSpec, PodMetricsSample, PodSnapshot, ScalingRules } from '../../../../sim/autoscaling/hpa/index.js';
import { scaleDownRulesWithDefaults, scaleUpRulesWithDefaults } from '../../../../sim/autoscaling/hpa/index.js';
import type { ControllerCase, RulesArgs } from '../../../fixtures/upstream/hpa/horizontal.cases.js';
import { COOL, HOT, NOW_MS, type ResourceCase } from '../../../fixtures/upstream/hpa/replicaCalculator.cases.js';

export { NOW_MS };

const start = (s: 'hot' | 'cool' | undefined) => (s === 'hot' ? HOT : s === 'cool' ? COOL : 0);

/** generateScalingRules(pods, podsPeriod, percent, percentPeriod, window) with selectPolicy Max. */
export function rules(a: RulesArgs): ScalingRules {
  const [pods, podsPeriod, percent, percentPeriod, window] = a;
  const policies = [
    ...(pods !== 0 ? [{ type: 'Pods' as const, value: pods, periodSeconds: podsPeriod }] : []),
    ...(percent !== 0 ? [{ type: 'Percent' as const, value: percent, periodSeconds: percentPeriod }] : []),
  ];
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', policies };
}

/** replica_calculator_test.go `buildFakePod` + metrics fake (zero timestamps, 1 min window). */
export function calcPods(c: Pick<ResourceCase, 'currentReplicas' | 'podReadiness' | 'podStartTime' | 'podPhase' | 'podDeletion'> & { requests?: readonly string[] }): PodSnapshot[] {
  const n = Math.max(c.currentReplicas, c.podPhase?.length ?? 0);
  return Array.from({ length: n }, (_, i) => {
    const r = c.requests?.[i];
    const requests = r === undefined ? {} : { cpu: cpuMillicores(r) };
    return {
      name: `test-pod-${i}`,
      phase: c.podPhase?.[i] ?? 'Running',
      deleting: c.podDeletion?.[i] ?? false,
      ready: { status: c.podReadiness?.[i] ?? 'True', lastTransitionTime: 0 },
      startTime: start(c.podStartTime?.[i]),
      containers: [{ name: 'container1', requests }, { name: 'container2', requests }],
    };
  });
}

export function calcPodMetrics(c: ResourceCase): PodMetricsSample[] {
  return c.levels.map((lv, i) => ({
    pod: c.podNames?.[i] ?? `test-pod-${i}`,
    timestamp: 0,
    windowMs: 60_000,
    containers: [0, 1].map((j) => (lv[j] === undefined ? { name: '' } : { name: `container${j + 1}`, cpu: lv[j] as number })),
  }));
}

/** horizontal_test.go `prepareTestClient` fakes as pure inputs. */
export function controllerInputs(tc: ControllerCase) {
  const requests = tc.reportedCPURequests ?? Array.from({ length: tc.statusReplicas }, () => '1.0');
  const pods: PodSnapshot[] = requests.map((r, i) => {
    const st = start(tc.podStartTime?.[i]);
    const half = Math.trunc(cpuMillicores(r) / 2);
    const containers: ContainerSnapshot[] = [1, 2].map((k) => ({ name: `container${k}`, requests: { cpu: half } }));
    return {
      name: `test-pod-${i}`, phase: tc.podPhase?.[i] ?? 'Running', deleting: tc.podDeletion?.[i] ?? false,
      ready: { status: tc.podReadiness?.[i] ?? 'True', lastTransitionTime: st }, startTime: st, containers,
    };
  });
  const podMetrics: PodMetricsSample[] = tc.reportedLevels.map((cpu, i) => ({
    pod: `test-pod-${i}`, timestamp: NOW_MS, windowMs: 60_000,
    containers: [1, 2].map((k) => ({ name: `container${k}`, cpu: Math.trunc(cpu / 2), memory: 512 * 1024 })),
  }));
  const metrics: MetricSpec[] = [];
  if (tc.cpuTarget !== undefined && tc.cpuTarget > 0) metrics.push({ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: tc.cpuTarget } });
  for (const m of tc.metrics ?? []) metrics.push(m);
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: 'cpu' });
  const behavior = tc.scaleUpRules !== undefined || tc.scaleDownRules !== undefined
    ? {
      scaleUp: tc.scaleUpRules ? scaleUpRulesWithDefaults(rules(tc.scaleUpRules)) : scaleUpRulesWithDefaults(),
      scaleDown: tc.scaleDownRules ? scaleDownRulesWithDefaults(rules(tc.scaleDownRules)) : scaleDownRulesWithDefaults(),
    }
    : undefined;
  const spec: HpaSpec = { minReplicas: tc.minReplicas, maxReplicas: tc.maxReplicas, metrics, ...(behavior ? { behavior } : {}) };
  const fail = tc.metricsFail === true;
  const qps = Object.fromEntries(tc.reportedLevels.map((v, i) => [`test-pod-${i}`, v]));
  const custom = fail ? {} : {
    pods: { qps },
    ...(tc.reportedLevels[0] !== undefined ? { object: { qps: tc.reportedLevels[0] } } : {}),
    ...(tc.externalFails === true ? {} : { external: { qps: [...tc.reportedLevels] } }),
  };
  const state = tc.recommendations === undefined ? undefined : {
    recommendations: tc.recommendations.map((r) => ({ replicas: r.replicas, timestamp: NOW_MS - r.agoSeconds * 1000 })),
    scaleUpEvents: [], scaleDownEvents: [],
  };
  return {
    spec, currentReplicas: tc.specReplicas, statusReplicas: tc.statusReplicas, pods,
    podMetrics: fail ? undefined : podMetrics, custom, now: NOW_MS, ...(state ? { state } : {}),
  };
}
