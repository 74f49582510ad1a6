import type { V1Container, V1Deployment, V1Node, V1Pod, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { cpuMillicores, memoryBytes } from '../../k8s/quantity.js';
import type { Bytes, Millicores } from '../../sim/units.js';
import type { DeploymentLine, HpaLine, NodesLine, PodLine } from './timeline.js';

/**
 * Kubernetes objects -> timeline observations. The informer's cache holds two shapes of the same
 * object: listed objects went through the client's ObjectSerializer (timestamps are `Date`), watched
 * ones are the raw JSON of the event (timestamps are strings). Everything here accepts both.
 */

export type WatchEvent = PodLine['event'];

/** An API timestamp (Date or RFC 3339 string) as RFC 3339 with milliseconds, or null. */
export function isoTime(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Pod -> `pod` line: phase, Ready and its transition time, node, restarts, summed requests. */
export function observePod(pod: V1Pod, event: WatchEvent): Omit<PodLine, 't'> {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const containers = pod.spec?.containers ?? [];
  return {
    kind: 'pod',
    event,
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? null,
    ready: ready?.status === 'True',
    readyTransitionTime: isoTime(ready?.lastTransitionTime),
    startTime: isoTime(pod.status?.startTime),
    creationTimestamp: isoTime(pod.metadata?.creationTimestamp),
    deletionTimestamp: isoTime(pod.metadata?.deletionTimestamp),
    node: pod.spec?.nodeName ?? null,
    restarts: (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + (c.restartCount ?? 0), 0),
    requests: {
      cpuMillicores: sumRequests(containers, 'cpu', (q) => cpuMillicores(q)),
      memoryBytes: sumRequests(containers, 'memory', (q) => memoryBytes(q)),
    },
  };
}

// Pod request = sum over regular containers, as the HPA's calculatePodRequests; null if none asks.
function sumRequests(containers: readonly V1Container[], resource: 'cpu' | 'memory', parse: (q: string) => number): number | null {
  let sum: number | null = null;
  for (const c of containers) {
    const q = c.resources?.requests?.[resource];
    if (q !== undefined) sum = (sum ?? 0) + parse(String(q));
  }
  return sum;
}

/** Deployment -> `deployment` line (status counters the API omits when zero are 0). */
export function observeDeployment(d: V1Deployment, event: WatchEvent): Omit<DeploymentLine, 't'> {
  const s = d.status;
  return {
    kind: 'deployment',
    event,
    name: d.metadata?.name ?? '',
    specReplicas: d.spec?.replicas ?? null,
    replicas: s?.replicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    updatedReplicas: s?.updatedReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
  };
}

/** HorizontalPodAutoscaler (autoscaling/v2) -> `hpa` line. */
export function observeHpa(h: V2HorizontalPodAutoscaler, event: WatchEvent): Omit<HpaLine, 't'> {
  const s = h.status;
  return {
    kind: 'hpa',
    event,
    name: h.metadata?.name ?? '',
    currentReplicas: s?.currentReplicas ?? 0,
    desiredReplicas: s?.desiredReplicas ?? 0,
    // A JSON round trip turns serializer Dates into strings, so both shapes record the same.
    currentMetrics: JSON.parse(JSON.stringify(s?.currentMetrics ?? [])) as unknown[],
    conditions: (s?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? null,
      message: c.message ?? null,
      lastTransitionTime: isoTime(c.lastTransitionTime),
    })),
    lastScaleTime: isoTime(s?.lastScaleTime),
  };
}

/** All nodes -> one `nodes` line: how many are Ready, and allocatable summed over all of them. */
export function observeNodes(nodes: readonly V1Node[]): Omit<NodesLine, 't'> {
  let cpu: Millicores = 0;
  let memory: Bytes = 0;
  let pods = 0;
  let ready = 0;
  for (const n of nodes) {
    if (n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready += 1;
    const a = n.status?.allocatable ?? {};
    if (a['cpu'] !== undefined) cpu += cpuMillicores(a['cpu']);
    if (a['memory'] !== undefined) memory += memoryBytes(a['memory']);
    if (a['pods'] !== undefined) pods += Number(a['pods']);
  }
  return { kind: 'nodes', ready, total: nodes.length, allocatable: { cpuMillicores: cpu, memoryBytes: memory, pods } };
}
