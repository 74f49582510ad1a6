import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { InputError } from '../../../input/inputError.js';
import { record } from '../../../calibration/recorder/recorder.js';
import type { NodesLine, PodLine, PodMetricsLine } from '../../../calibration/recorder/timeline.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fakeKubeApi.js';
import { deployment, hpa, node, NS, pod, podMetrics, seed, startRecording, tempFile, waitUntil, type Recording } from './helpers.js';

// record() driving the real @kubernetes/client-node 1.4.0 against the fake API server on loopback.

let api: FakeKubeApi;
let rec: Recording | undefined;
beforeEach(async () => {
  api = await startFakeKubeApi();
  seed(api);
});
afterEach(async () => {
  await rec?.stop();
  rec = undefined;
  await api.close();
});

const podLines = (r: Recording): PodLine[] => r.lines().filter((l): l is PodLine => l.kind === 'pod');
const watching = (): Promise<void> =>
  waitUntil('all four watches open', () => (['pods', 'deployments', 'horizontalpodautoscalers', 'nodes'] as const).every((r) => api.openWatches(r) === 1));

describe('record: pods', () => {
  test('pods added, becoming Ready, terminating and deleted are lines with their fields; other pods are not', async () => {
    api.apply('pods', pod({ name: 'pay-api-1', created: '2026-11-25T18:00:00Z' }));
    api.apply('pods', pod({ name: 'batch-1', labels: { app: 'batch' } }));
    rec = startRecording(api);
    await watching();
    api.apply('pods', pod({ name: 'pay-api-1', ready: true, readyAt: '2026-11-25T18:00:41Z', restarts: 1 }));
    api.apply('pods', pod({ name: 'pay-api-2', phase: 'Pending', node: 'node-b' }));
    api.apply('pods', pod({ name: 'pay-api-2', phase: 'Pending', node: 'node-b', deleting: '2026-11-25T18:03:00Z' }));
    api.remove('pods', NS, 'pay-api-2');
    await waitUntil('the deletion of pay-api-2', () => podLines(rec!).some((l) => l.event === 'deleted'));

    const lines = podLines(rec);
    expect(lines.map((l) => [l.event, l.name, l.phase, l.ready])).toEqual([
      ['added', 'pay-api-1', 'Running', false],
      ['modified', 'pay-api-1', 'Running', true],
      ['added', 'pay-api-2', 'Pending', false],
      ['modified', 'pay-api-2', 'Pending', false],
      ['deleted', 'pay-api-2', 'Pending', false],
    ]);
    expect(lines[1]).toMatchObject({
      readyTransitionTime: '2026-11-25T18:00:41.000Z',
      creationTimestamp: '2026-11-25T18:00:00.000Z',
      startTime: '2026-11-25T18:00:00.000Z',
      deletionTimestamp: null,
      node: 'node-a',
      restarts: 1,
      // app 250m + proxy 50m; only app asks for memory (128Mi)
      requests: { cpuMillicores: 300, memoryBytes: 134217728 },
    });
    expect(lines[3]).toMatchObject({ node: 'node-b', deletionTimestamp: '2026-11-25T18:03:00.000Z' });
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(l.t))).toBe(true);
  });

  test('the first line is meta: namespace, deployment, hpa, the selector the pods are filtered by', async () => {
    rec = startRecording(api);
    await watching();
    expect(rec.lines()[0]).toMatchObject({ kind: 'meta', formatVersion: 1, namespace: NS, deployment: 'pay-api', hpa: 'pay-api', selector: 'app=pay-api' });
  });
});

describe('record: deployment, HPA and nodes', () => {
  test('deployment and HPA status changes appear as lines', async () => {
    rec = startRecording(api);
    await watching();
    api.apply('horizontalpodautoscalers', hpa(1, 3, 120));
    api.apply('deployments', deployment(3, { replicas: 3, readyReplicas: 1, updatedReplicas: 3, availableReplicas: 1 }));
    await waitUntil('the scaled deployment', () => rec!.lines().some((l) => l.kind === 'deployment' && l.specReplicas === 3));

    const deployments = rec.lines().filter((l) => l.kind === 'deployment');
    expect(deployments.map((d) => d.kind === 'deployment' && [d.event, d.specReplicas, d.replicas, d.readyReplicas, d.updatedReplicas, d.availableReplicas])).toEqual([
      ['added', 1, 1, 1, 1, 1],
      ['modified', 3, 3, 1, 3, 1],
    ]);
    const hpas = rec.lines().filter((l) => l.kind === 'hpa');
    expect(hpas).toHaveLength(2);
    expect(hpas[1]).toMatchObject({
      event: 'modified',
      name: 'pay-api',
      currentReplicas: 1,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 120, averageValue: '150m' } } }],
      conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'ok', lastTransitionTime: '2026-11-25T18:00:05.000Z' }],
      lastScaleTime: '2026-11-25T18:01:00.000Z',
    });
  });

  test('nodes: Ready and total counts and allocatable sums follow node events', async () => {
    rec = startRecording(api);
    await watching();
    api.apply('nodes', node('node-b', false, '4', '8Gi'));
    api.apply('nodes', node('node-b', true, '4', '8Gi'));
    api.remove('nodes', undefined, 'node-a');
    await waitUntil('three node changes', () => rec!.lines().filter((l) => l.kind === 'nodes').length === 4);

    const nodes = rec.lines().filter((l): l is NodesLine => l.kind === 'nodes');
    expect(nodes.map((n) => [n.ready, n.total, n.allocatable.cpuMillicores, n.allocatable.memoryBytes / 2 ** 30, n.allocatable.pods])).toEqual([
      [1, 1, 2000, 4, 110],
      [1, 2, 6000, 12, 220],
      [2, 2, 6000, 12, 220],
      [1, 1, 4000, 8, 110],
    ]);
  });

  test('without --hpa no HPA is read or watched', async () => {
    rec = startRecording(api, { hpa: null });
    await waitUntil('pods watched', () => api.openWatches('pods') === 1);
    expect(rec.lines()[0]).toMatchObject({ kind: 'meta', hpa: null });
    expect(api.requests.filter((r) => r.resource === 'horizontalpodautoscalers')).toEqual([]);
  });
});

describe('record: pod metrics', () => {
  test('polled at the interval: per-pod usage summed over containers, only the deployment pods', async () => {
    api.setPodMetrics(NS, [podMetrics('pay-api-2', '80m', '100Mi'), podMetrics('pay-api-1', '120m', '200Mi'), podMetrics('batch-1', '900m', '1Gi', { app: 'batch' })]);
    rec = startRecording(api, { metricsIntervalMs: 200 });
    await waitUntil('three polls', () => rec!.lines().filter((l) => l.kind === 'podMetrics').length >= 3);

    const polls = rec.lines().filter((l): l is PodMetricsLine => l.kind === 'podMetrics');
    expect(polls[0]?.pods).toEqual([
      // app usage + proxy 1000000n (= 1m, rounded up as MilliValue) and 1Mi
      { name: 'pay-api-1', cpuMillicores: 121, memoryBytes: 201 * 2 ** 20, timestamp: '2026-11-25T18:02:00.000Z', windowMs: 15012 },
      { name: 'pay-api-2', cpuMillicores: 81, memoryBytes: 101 * 2 ** 20, timestamp: '2026-11-25T18:02:00.000Z', windowMs: 15012 },
    ]);
    const gaps = polls.slice(1).map((p, i) => Date.parse(p.t) - Date.parse(polls[i]!.t));
    expect(gaps.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(195);
    expect(api.requests.filter((r) => r.resource === 'metrics.k8s.io/pods').every((r) => r.query['labelSelector'] === 'app=pay-api')).toBe(true);
  });

  test('a metrics API that answers 404 is noted as watchError lines and polled again until it answers', async () => {
    api.setMetricsAvailable(false);
    rec = startRecording(api, { metricsIntervalMs: 100 });
    await waitUntil('two failed polls', () => rec!.lines().filter((l) => l.kind === 'watchError').length >= 2);
    api.setMetricsAvailable(true);
    await waitUntil('a successful poll', () => rec!.lines().some((l) => l.kind === 'podMetrics'));

    const errors = rec.lines().filter((l) => l.kind === 'watchError');
    expect(errors[0]).toMatchObject({ kind: 'watchError', resource: 'podMetrics', retryInMs: 100 });
    expect(errors[0]?.kind === 'watchError' && errors[0].message).toMatch(/404/);
  });
});

describe('record: names that do not exist', () => {
  const cases = [
    { name: 'a deployment', deployment: 'nope', hpa: undefined, message: /--deployment: deployment "nope" not found in namespace "pay"/ },
    { name: 'an HPA', deployment: 'pay-api', hpa: 'nope', message: /--hpa: horizontalpodautoscaler "nope" not found in namespace "pay"/ },
  ];
  test.each(cases)('$name that does not exist is an InputError, and no file is written', async ({ deployment: d, hpa: h, message }) => {
    const out = tempFile('timeline.ndjson');
    const run = record({ kubeConfig: api.kubeConfig(), namespace: NS, deployment: d, hpa: h, out, signal: new AbortController().signal });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(message);
    expect(existsSync(out)).toBe(false);
  });
});
