import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readTimeline } from '../../../calibration/recorder/readTimeline.js';
import type { PodLine } from '../../../calibration/recorder/timeline.js';
import { startFakeKubeApi, type FakeKubeApi, type Resource } from '../../support/fakeKubeApi.js';
import { NS, pod, seed, startRecording, waitUntil, type Recording } from './helpers.js';

// Watches that drop, expire (410 Gone) and stop, against the fake API server on loopback.
// The resume and relist logic under test is @kubernetes/client-node 1.4.0 dist/cache.js
// (ListWatch.doneHandler / watchHandler) plus the restart in calibration/recorder/resourceWatch.ts.

let api: FakeKubeApi;
let rec: Recording | undefined;
beforeEach(async () => {
  api = await startFakeKubeApi();
  seed(api);
  api.apply('pods', pod({ name: 'pay-api-1' }));
  api.apply('pods', pod({ name: 'pay-api-2' }));
});
afterEach(async () => {
  await rec?.stop();
  rec = undefined;
  await api.close();
});

const RESOURCES: readonly Resource[] = ['pods', 'deployments', 'horizontalpodautoscalers', 'nodes'];
const podLines = (r: Recording): PodLine[] => r.lines().filter((l): l is PodLine => l.kind === 'pod');
const sawPod = (name: string, pred: (l: PodLine) => boolean = () => true) => () => podLines(rec!).some((l) => l.name === name && pred(l));
const podListCalls = (): number => api.requests.filter((r) => r.resource === 'pods' && r.verb === 'list').length;
const podWatchOpen = (): Promise<void> => waitUntil('the pod watch open', () => api.openWatches('pods') === 1);

describe('a dropped watch connection', () => {
  test('is resumed from its last resourceVersion: events during and after the drop arrive, nothing is listed again', async () => {
    rec = startRecording(api);
    await podWatchOpen();
    api.bookmark('pods');
    expect(api.dropWatches('pods')).toBe(1);
    api.apply('pods', pod({ name: 'pay-api-3' })); // while reconnecting: replayed from the event log
    await waitUntil('pay-api-3', sawPod('pay-api-3'));
    await podWatchOpen();
    api.apply('pods', pod({ name: 'pay-api-3', ready: true }));
    await waitUntil('pay-api-3 Ready', sawPod('pay-api-3', (l) => l.ready));

    expect(podListCalls()).toBe(1);
    expect(rec.lines().some((l) => l.kind === 'relist')).toBe(false);
    expect(podLines(rec).map((l) => `${l.event} ${l.name}`)).toEqual(['added pay-api-1', 'added pay-api-2', 'added pay-api-3', 'modified pay-api-3']);
  });
});

describe('a 410 Gone', () => {
  const cases = [
    { name: 'as an ERROR event with a Status of code 410 (what the apiserver sends)', how: 'event' as const },
    { name: 'as an HTTP 410 answer to the watch', how: 'http' as const },
  ];
  test.each(cases)('$name: the cache lists again, a relist line is written and no change is lost', async ({ how }) => {
    rec = startRecording(api);
    await podWatchOpen();
    // Changes the open watch never sees: only the relist can find them.
    api.apply('pods', pod({ name: 'pay-api-1', ready: true, readyAt: '2026-11-25T18:00:30Z' }), { hideFromWatches: true });
    api.remove('pods', NS, 'pay-api-2', { hideFromWatches: true });
    api.apply('pods', pod({ name: 'pay-api-4' }), { hideFromWatches: true });
    api.expire('pods', how);
    await waitUntil('pay-api-2 deleted', sawPod('pay-api-2', (l) => l.event === 'deleted'));
    await waitUntil('pay-api-4 added', sawPod('pay-api-4'));
    await waitUntil('pay-api-1 Ready', sawPod('pay-api-1', (l) => l.ready));
    await podWatchOpen();
    api.apply('pods', pod({ name: 'pay-api-5' }));
    await waitUntil('pay-api-5 after the relist', sawPod('pay-api-5'));

    const lines = rec.lines();
    const relist = lines.findIndex((l) => l.kind === 'relist');
    expect(lines[relist]).toMatchObject({ kind: 'relist', resource: 'pods' });
    expect(lines.slice(relist + 1).filter((l): l is PodLine => l.kind === 'pod').map((l) => `${l.event} ${l.name}`)).toEqual([
      'deleted pay-api-2',
      'modified pay-api-1',
      'added pay-api-4',
      'added pay-api-5',
    ]);
    expect(podListCalls()).toBe(2);
  });
});

describe('stopping', () => {
  test('the abort signal closes every watch and stops polling; every line of the file is a valid timeline line', async () => {
    rec = startRecording(api, { metricsIntervalMs: 50 });
    await waitUntil('all watches open', () => RESOURCES.every((r) => api.openWatches(r) === 1));
    await waitUntil('a metrics poll', () => rec!.lines().some((l) => l.kind === 'podMetrics'));
    api.dropWatches('pods'); // a restart may be pending while we stop
    const summary = await rec.stop();
    const written = rec.lines().length;
    await waitUntil('every watch closed on the server', () => RESOURCES.every((r) => api.openWatches(r) === 0));
    const polls = api.requests.filter((r) => r.resource === 'metrics.k8s.io/pods').length;
    api.apply('pods', pod({ name: 'pay-api-9' }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // four metrics intervals, a restart backoff

    expect(api.requests.filter((r) => r.resource === 'metrics.k8s.io/pods')).toHaveLength(polls);
    expect(RESOURCES.map((r) => api.openWatches(r))).toEqual([0, 0, 0, 0]);
    expect(rec.lines()).toHaveLength(written);
    const timeline = await readTimeline(rec.out, { namespace: NS });
    expect(timeline.lines.length + 1).toBe(written);
    expect(Object.values(summary.lines).reduce((a, b) => a + b, 0)).toBe(written);
  });

  test('a watch request still waiting for its answer is closed too', async () => {
    api.setWatchAnswer('nodes', 'stall');
    rec = startRecording(api);
    await waitUntil('the node watch waiting', () => api.stalledWatches('nodes') === 1);
    await rec.stop();
    await waitUntil('the waiting node watch closed', () => api.stalledWatches('nodes') === 0);
  });
});

describe('a server that ends every watch at once', () => {
  test('is not hammered: watches start at least the initial backoff (50 ms here) apart, not back to back', async () => {
    api.setWatchAnswer('pods', 'end');
    rec = startRecording(api);
    await waitUntil('five pod watches', () => api.requests.filter((r) => r.resource === 'pods' && r.verb === 'watch').length >= 5);
    await rec.stop();
    const starts = api.requests.filter((r) => r.resource === 'pods' && r.verb === 'watch').map((r) => r.at);
    // Four gaps of at least 50 ms at the client; seen at the server, each arrival also carries its own
    // connection latency, so only the span is checked, with a wide margin. Unpaced it is a few ms.
    expect(starts[4]! - starts[0]!).toBeGreaterThanOrEqual(100);
  });
});

describe('permissions', () => {
  test('only GET requests, all get, list or watch, all with the kubeconfig credentials', async () => {
    rec = startRecording(api);
    await podWatchOpen();
    api.dropWatches('pods');
    api.expire('deployments', 'event');
    await waitUntil('the deployment relisted', () => rec!.lines().some((l) => l.kind === 'relist'));
    await waitUntil('a metrics poll', () => rec!.lines().some((l) => l.kind === 'podMetrics'));
    // Every watch open before stopping (on a loaded machine the nodes watch can start last).
    await waitUntil('the nodes watch open', () => api.openWatches('nodes') === 1);
    await rec.stop();

    expect(new Set(api.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    const verbs = (resource: string): string[] => [...new Set(api.requests.filter((r) => r.resource === resource).map((r) => r.verb))].sort();
    // Exactly what loadtests/kind/recorder-rbac.yaml grants.
    expect({
      pods: verbs('pods'),
      deployments: verbs('deployments'),
      horizontalpodautoscalers: verbs('horizontalpodautoscalers'),
      nodes: verbs('nodes'),
      'metrics.k8s.io/pods': verbs('metrics.k8s.io/pods'),
    }).toEqual({
      pods: ['list', 'watch'],
      deployments: ['get', 'list', 'watch'],
      horizontalpodautoscalers: ['get', 'list', 'watch'],
      nodes: ['list', 'watch'],
      'metrics.k8s.io/pods': ['list'],
    });
    expect(api.requests.every((r) => r.authorization === 'Bearer fake-token')).toBe(true);
  });
});
