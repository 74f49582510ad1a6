import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { record, type RecordSummary } from '../../../calibration/recorder/recorder.js';
import type { TimelineLine } from '../../../calibration/recorder/timeline.js';
import type { FakeKubeApi, KubeObject } from '../../support/fakeKubeApi.js';

export const NS = 'pay';
export const LABELS = { app: 'pay-api' };

/** Poll `condition` every 20 ms; throw naming `what` when it is still false after timeoutMs. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; waited <= timeoutMs; waited += 20) {
    if (condition()) return;
    await sleep(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Every line of a timeline file, parsed (throws if one is not JSON). */
export function readLines(file: string): TimelineLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TimelineLine);
}

export function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'capsim-recorder-')), name);
}

export interface PodSpec {
  name: string;
  phase?: string;
  ready?: boolean;
  readyAt?: string;
  created?: string;
  node?: string;
  restarts?: number;
  labels?: Record<string, string>;
  deleting?: string;
}

export function pod(p: PodSpec): KubeObject {
  const created = p.created ?? '2026-11-25T18:00:00Z';
  return {
    metadata: { name: p.name, namespace: NS, labels: p.labels ?? LABELS, creationTimestamp: created, ...(p.deleting ? { deletionTimestamp: p.deleting } : {}) },
    spec: {
      nodeName: p.node ?? 'node-a',
      containers: [
        { name: 'app', image: 'pay:1', resources: { requests: { cpu: '250m', memory: '128Mi' } } },
        { name: 'proxy', image: 'envoy:1', resources: { requests: { cpu: '50m' } } },
      ],
    },
    status: {
      phase: p.phase ?? 'Running',
      startTime: created,
      conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False', lastTransitionTime: p.readyAt ?? created }],
      containerStatuses: [
        { name: 'app', ready: p.ready ?? false, restartCount: p.restarts ?? 0, image: 'pay:1', imageID: '' },
        { name: 'proxy', ready: true, restartCount: 0, image: 'envoy:1', imageID: '' },
      ],
    },
  };
}

export function deployment(spec: number, status: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number } = {}): KubeObject {
  return {
    metadata: { name: 'pay-api', namespace: NS, labels: LABELS },
    spec: { replicas: spec, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers: [] } } },
    status,
  };
}

export function hpa(current: number, desired: number, cpuUtilization?: number): KubeObject {
  return {
    metadata: { name: 'pay-api', namespace: NS },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'pay-api' }, minReplicas: 1, maxReplicas: 10 },
    status: {
      currentReplicas: current,
      desiredReplicas: desired,
      ...(cpuUtilization === undefined
        ? {}
        : { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpuUtilization, averageValue: '150m' } } }] }),
      conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'ok', lastTransitionTime: '2026-11-25T18:00:05Z' }],
      ...(desired !== current ? { lastScaleTime: '2026-11-25T18:01:00Z' } : {}),
    },
  };
}

export function node(name: string, ready: boolean, cpu = '2', memory = '4Gi'): KubeObject {
  return {
    metadata: { name },
    status: { allocatable: { cpu, memory, pods: '110' }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

export function podMetrics(name: string, cpu: string, memory: string, labels: Record<string, string> = LABELS): KubeObject {
  return {
    metadata: { name, namespace: NS, labels },
    timestamp: '2026-11-25T18:02:00Z',
    window: '15.012s',
    containers: [
      { name: 'app', usage: { cpu, memory } },
      { name: 'proxy', usage: { cpu: '1000000n', memory: '1Mi' } },
    ],
  };
}

/** The cluster every recorder test starts from: one node, the deployment, its HPA. */
export function seed(api: FakeKubeApi): void {
  api.apply('nodes', node('node-a', true));
  api.apply('deployments', deployment(1, { replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 }));
  api.apply('horizontalpodautoscalers', hpa(1, 1, 40));
}

export interface Recording {
  out: string;
  stop: () => Promise<RecordSummary>;
  lines: () => TimelineLine[];
}

/** Start record() against the fake server with short intervals; stop() aborts it and waits. */
export function startRecording(api: FakeKubeApi, opts: { metricsIntervalMs?: number; hpa?: string | null } = {}): Recording {
  const out = tempFile('timeline.ndjson');
  const controller = new AbortController();
  const done = record({
    kubeConfig: api.kubeConfig(),
    namespace: NS,
    deployment: 'pay-api',
    hpa: opts.hpa === null ? undefined : (opts.hpa ?? 'pay-api'),
    out,
    metricsIntervalMs: opts.metricsIntervalMs ?? 200,
    backoff: { initialMs: 50, maxMs: 200 },
    signal: controller.signal,
  });
  // Surface a failed start at stop() rather than as an unhandled rejection.
  done.catch(() => undefined);
  return {
    out,
    lines: () => {
      try {
        return readLines(out);
      } catch {
        return [];
      }
    },
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}
