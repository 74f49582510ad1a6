/**
 * `capsim hpa explain` end to end: upstream horizontal_test.go cases written to a temp dir in
 * kubectl's JSON shapes (v1 PodList, metrics.k8s.io/v1beta1 PodMetricsList), an autoscaling/v2
 * manifest and the controller-history JSON, run in-process with the upstream test flags
 * (cpu-initialization-period 2m, initial-readiness-delay 10s).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { capsim, capsimOk } from '../support/cli.js';
import { controllerCases, type ControllerCase } from '../fixtures/upstream/hpa/horizontal.cases.js';
import { controllerInputs, rules } from '../sim/autoscaling/hpa/upstreamHarness.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Writes the case's snapshot as kubectl would show it; returns the CLI arguments. */
function writeSnapshot(tc: ControllerCase): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-hpa-explain-'));
  const inp = controllerInputs(tc);
  const podList = {
    apiVersion: 'v1', kind: 'PodList',
    items: inp.pods.map((p) => ({
      metadata: { name: p.name, labels: { name: 'test-pod' }, ...(p.deleting ? { deletionTimestamp: iso(inp.now) } : {}) },
      spec: { containers: p.containers.map((c) => ({ name: c.name, resources: { requests: c.requests.cpu !== undefined ? { cpu: `${c.requests.cpu}m` } : {} } })) },
      status: {
        phase: p.phase, startTime: iso(p.startTime ?? 0),
        conditions: p.ready ? [{ type: 'Ready', status: p.ready.status, lastTransitionTime: iso(p.ready.lastTransitionTime) }] : [],
      },
    })),
  };
  const metricsList = {
    kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1',
    items: (inp.podMetrics ?? []).map((m) => ({
      metadata: { name: m.pod, namespace: 'test-namespace' }, timestamp: iso(m.timestamp), window: '1m0s',
      containers: m.containers.map((c) => ({ name: c.name, usage: { cpu: `${c.cpu}m`, memory: `${(c.memory ?? 0) / 1024}Ki` } })),
    })),
  };
  const metrics: unknown[] = [];
  if (tc.cpuTarget) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: tc.cpuTarget } } });
  for (const m of tc.metrics ?? []) {
    if (m.type === 'ContainerResource' && m.target?.type === 'Utilization') {
      metrics.push({ type: 'ContainerResource', containerResource: { name: m.resource, container: m.container, target: { type: 'Utilization', averageUtilization: m.target.averageUtilization } } });
    }
  }
  const toV2 = (a: NonNullable<ControllerCase['scaleUpRules']>) => {
    const r = rules(a);
    return { stabilizationWindowSeconds: r.stabilizationWindowSeconds, selectPolicy: r.selectPolicy, policies: r.policies };
  };
  const behavior = tc.scaleUpRules || tc.scaleDownRules
    ? { behavior: { ...(tc.scaleUpRules ? { scaleUp: toV2(tc.scaleUpRules) } : {}), ...(tc.scaleDownRules ? { scaleDown: toV2(tc.scaleDownRules) } : {}) } }
    : {};
  const hpa = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'test-hpa', namespace: 'test-namespace' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'test-dep' }, minReplicas: tc.minReplicas, maxReplicas: tc.maxReplicas, metrics, ...behavior },
  };
  writeFileSync(join(dir, 'pods.json'), JSON.stringify(podList));
  writeFileSync(join(dir, 'podmetrics.json'), JSON.stringify(metricsList));
  writeFileSync(join(dir, 'hpa.yaml'), stringify(hpa));
  const args = ['explain', '--hpa', join(dir, 'hpa.yaml'), '--pods', join(dir, 'pods.json'), '--metrics', join(dir, 'podmetrics.json'),
    '--replicas', String(tc.specReplicas), '--now', iso(inp.now),
    '--horizontal-pod-autoscaler-cpu-initialization-period', '2m', '--horizontal-pod-autoscaler-initial-readiness-delay', '10s'];
  if (inp.state) {
    const history = { recommendations: inp.state.recommendations.map((r) => ({ replicas: r.replicas, timestamp: iso(r.timestamp) })), scaleUpEvents: [], scaleDownEvents: [] };
    writeFileSync(join(dir, 'history.json'), JSON.stringify(history));
    args.push('--history', join(dir, 'history.json'));
  }
  return args;
}

/** `capsim hpa <args>`: stdout, or a rejection with the exit code and stderr. */
async function run(args: string[]) {
  return (await capsimOk(['hpa', ...args])).stdout;
}

const CLI_CASES = [
  'TestScaleUp', 'TestScaleUpContainer', 'TestScaleUpUnreadyLessScale', 'TestScaleUpHotCpuLessScale', 'TestScaleUpUnreadyNoScale', 'TestScaleUpHotCpuNoScale',
  'TestScaleUpIgnoresFailedPods', 'TestScaleUpIgnoresDeletionPods', 'TestScaleDown', 'TestScaleDownContainerResource', 'TestScaleDownIncludeUnreadyPods',
  'TestScaleDownIgnoreHotCpuPods', 'TestScaleDownIgnoresFailedPods', 'TestScaleDownIgnoresDeletionPods', 'TestScaleDownStabilizeInitialSize', 'TestMissingMetrics',
  'TestSuperfluousMetrics', 'TestTolerance', 'TestMinReplicas', 'TestMaxReplicas', 'TestMissingReports', 'TestStabilizeDownscale', 'TestUpscaleCap',
  'TestUpscaleCapGreaterThanMaxReplicas', 'TestScaleDownWithScalingRules',
];

describe('capsim hpa explain reproduces upstream controller cases from kubectl-shaped files', () => {
  it.each(CLI_CASES)('%s', async (name) => {
    const tc = controllerCases.find((c) => c.name === name);
    if (!tc) throw new Error(`unknown case ${name}`);
    const out = JSON.parse(await run([...writeSnapshot(tc), '--json'])) as { result: { desiredReplicas: number; currentMetrics: { averageUtilization?: number }[] } };
    expect(out.result.desiredReplicas).toBe(tc.expectedDesiredReplicas);
    if (tc.expectedCPUCurrent !== undefined) expect(out.result.currentMetrics[0]?.averageUtilization).toBe(tc.expectedCPUCurrent);
  });
});

describe('capsim hpa explain text output', () => {
  it('TestScaleUpUnreadyLessScale: names the unready pod, the adjusted ratio and the final size', async () => {
    const tc = controllerCases.find((c) => c.name === 'TestScaleUpUnreadyLessScale');
    if (!tc) throw new Error('case');
    const text = await run(writeSnapshot(tc));
    expect(text).toContain('60% of request');
    expect(text).toContain('pod test-pod-0: unready (never became Ready since start (initial readiness delay))');
    expect(text).toContain('unready pods counted as 0 usage (scale-up)');
    expect(text).toContain('desired replicas: 4 (rescale)');
  });
  it('TestUpscaleCap: names the rate-limiting policy', async () => {
    const tc = controllerCases.find((c) => c.name === 'TestUpscaleCap');
    if (!tc) throw new Error('case');
    const text = await run(writeSnapshot(tc));
    expect(text).toContain('rate limit 24: Percent 700/60s from 3 replicas');
    expect(text).toContain('limited: 24 (ScaleUpLimit)');
  });
  it('TestMissingMetrics: lists the missing pods and how they were counted', async () => {
    const tc = controllerCases.find((c) => c.name === 'TestMissingMetrics');
    if (!tc) throw new Error('case');
    const text = await run(writeSnapshot(tc));
    expect(text).toContain('pod test-pod-2: missing (no metric sample)');
    expect(text).toContain('missing pods counted as 100% of request');
  });
});

describe('capsim hpa explain on a payments snapshot (test/fixtures/k8s/payments-*.{yaml,json})', () => {
  const args = ['explain', '--hpa', 'test/fixtures/k8s/payments-hpa.yaml', '--pods', 'test/fixtures/k8s/payments-pods.json',
    '--metrics', 'test/fixtures/k8s/payments-podmetrics.json', '--deployment', 'test/fixtures/k8s/payments-deployment.yaml'];
  it('takes the time from the newest metric, the replicas from the Deployment, and explains why it holds at 4', async () => {
    // CPU: (613 + 40 + 540 + 35)m of 1200m = 102% vs 60% -> ratio 1.7 over the 2 ready pods; the Pending pod and
    // the pod whose 15 s window began before it was Ready (started 30 s ago) count as 0 -> 1228/2400 = 51% -> ratio
    // 0.85 reverses direction -> keep 4. Memory: ~297Mi avg vs 400Mi -> ceil(0.742 × 3) = 3. Max(4, 3) = 4.
    const text = await run(args);
    expect(text).toContain('HPA payments/payments-api at 2026-11-25T18:00:00.000Z: current replicas 4');
    expect(text).toContain('tolerance: scale-down 0.1, scale-up 0.05');
    expect(text).toContain('102% of request (avg 614m per pod) -> proposes 4 (largest, used)');
    expect(text).toContain('adjusted ratio 0.850: counting missing/unready pods puts the ratio within tolerance or reverses it');
    expect(text).toContain('pod payments-api-7d9f-pqrst: unready (phase Pending)');
    expect(text).toContain('pod payments-api-7d9f-klmno: unready (CPU sample window started before the pod became Ready');
    expect(text).toContain('metric 2 (memory resource): avg 296.7Mi per pod -> proposes 3');
    expect(text).toContain('desired replicas: 4 (no change)');
  });
});

describe('capsim hpa explain with an autoscaling/v1 HPA', () => {
  it('converts targetCPUUtilizationPercentage (unset -> 80%) and takes the legacy path', async () => {
    const text = await run(['explain', '--hpa', 'test/fixtures/k8s/hpa-v1.yaml', '--pods', 'test/fixtures/k8s/payments-pods.json',
      '--metrics', 'test/fixtures/k8s/payments-podmetrics.json', '--replicas', '4', '--json']);
    const out = JSON.parse(text) as { hpa: string; result: { desiredReplicas: number; explanation: { normalization: { path: string } } } };
    expect(out.hpa).toBe('default/legacy');
    expect(out.result.explanation.normalization.path).toBe('legacy');
    expect(out.result.desiredReplicas).toBe(4);
  });
});

describe('bad input to capsim hpa explain', () => {
  it('an --hpa file without an HPA names the file', async () => {
    await expect(run(['explain', '--hpa', 'test/fixtures/k8s/mixed-kinds.yaml', '--pods', 'x', '--metrics', 'y', '--replicas', '1']))
      .rejects.toThrow(/mixed-kinds\.yaml: no HorizontalPodAutoscaler found/);
  });
  it('a kind capsim does not know names file, line and kind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-hpa-explain-'));
    writeFileSync(join(dir, 'hpa.yaml'), `${readFileSync('test/fixtures/k8s/payments-hpa.yaml', 'utf8')}\n---\napiVersion: example.com/v1\nkind: Frobnicator\nmetadata: {name: f}\n`);
    await expect(run(['explain', '--hpa', join(dir, 'hpa.yaml'), '--pods', 'x', '--metrics', 'y', '--replicas', '1']))
      .rejects.toThrow(/hpa\.yaml:\d+: kind: unsupported kind Frobnicator/);
  });
  const tc = controllerCases.find((c) => c.name === 'TestScaleUp');
  if (!tc) throw new Error('case');
  it('a Deployment that is not the scaleTargetRef is a clear error', async () => {
    const args = writeSnapshot(tc);
    const dir = mkdtempSync(join(tmpdir(), 'capsim-hpa-explain-'));
    writeFileSync(join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\nspec:\n  template:\n    spec:\n      containers: [{name: c}]\n');
    const withDeploy = args.filter((_a, i) => args[i] !== '--replicas' && args[i - 1] !== '--replicas').concat(['--deployment', join(dir, 'deploy.yaml')]);
    await expect(run(withDeploy)).rejects.toThrow(/no Deployment named test-dep/);
    await expect(run(withDeploy)).rejects.toMatchObject({ code: 2 });
  });
  it('pods without cpu requests: ScalingActive=False FailedGetResourceMetric, no scaling', async () => {
    const args = writeSnapshot(tc);
    const podsFile = args[args.indexOf('--pods') + 1] as string;
    writeFileSync(podsFile, JSON.stringify({ items: [0, 1, 2].map((i) => ({ metadata: { name: `test-pod-${i}` }, spec: { containers: [{ name: 'container1' }, { name: 'container2' }] }, status: { phase: 'Running', startTime: iso(0), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(0) }] } })) }));
    const out = JSON.parse(await run([...args, '--json'])) as { result: { desiredReplicas: number; rescale: boolean; conditions: { type: string; status: string; reason: string; message: string }[] } };
    expect(out.result.desiredReplicas).toBe(3);
    expect(out.result.rescale).toBe(false);
    expect(out.result.conditions[1]).toMatchObject({ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric' });
    expect(out.result.conditions[1]?.message).toContain('missing request for cpu');
  });
  it('a malformed metrics file names the file', async () => {
    const args = writeSnapshot(tc);
    writeFileSync(args[args.indexOf('--metrics') + 1] as string, '{"kind": "PodMetricsList"}');
    await expect(run(args)).rejects.toThrow(/podmetrics\.json: items: expected a metrics\.k8s\.io\/v1beta1 PodMetricsList/);
  });
  it('a bad flag duration is an InputError naming the flag', async () => {
    await expect(run([...writeSnapshot(tc), '--horizontal-pod-autoscaler-downscale-stabilization', 'five minutes'])).rejects.toThrow(/--horizontal-pod-autoscaler-downscale-stabilization: expected a duration/);
  });
});

describe('capsim hpa explain on GitOps manifests (issue 13, item 5)', () => {
  // The Deployment as a GitOps repository keeps it under an HPA: no spec.replicas (the HPA owns
  // it), and a Service in the same file.
  const gitops = () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-hpa-gitops-'));
    const deployment = readFileSync('test/fixtures/k8s/payments-deployment.yaml', 'utf8').replace(/^ {2}replicas: 4\n/m, '');
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: payments-api, namespace: payments}\nspec:\n  selector: {app: payments-api}\n  ports: [{port: 80, targetPort: 8080}]\n';
    writeFileSync(join(dir, 'app.yaml'), `${service}---\n${deployment}`);
    return join(dir, 'app.yaml');
  };
  const snapshot = ['--hpa', 'test/fixtures/k8s/payments-hpa.yaml', '--pods', 'test/fixtures/k8s/payments-pods.json', '--metrics', 'test/fixtures/k8s/payments-podmetrics.json'];

  it('$ capsim hpa explain ... --deployment app.yaml (no spec.replicas, a Service beside it): current replicas are the 4 pods, not 1', async () => {
    const t = await capsim(['hpa', 'explain', ...snapshot, '--deployment', gitops()]);
    expect(t.code).toBe(0);
    expect(t.stderr).toBe('');
    expect(t.stdout).toContain("current replicas 4 (the Deployment's pods: its manifest has no spec.replicas; --replicas N overrides)");
    // The same decision as with spec.replicas: 4 written in the manifest.
    expect(t.stdout).toContain('desired replicas: 4 (no change)');
  });

  it('$ capsim hpa explain ... --deployment app.yaml --replicas 5: the flag wins', async () => {
    const t = await capsim(['hpa', 'explain', ...snapshot, '--deployment', gitops(), '--replicas', '5', '--json']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ currentReplicas: 5, replicasFrom: '--replicas' });
  });

  it('a manifest that writes spec.replicas is taken at its word', async () => {
    const t = await capsim(['hpa', 'explain', ...snapshot, '--deployment', 'test/fixtures/k8s/payments-deployment.yaml', '--json']);
    expect(JSON.parse(t.stdout)).toMatchObject({ currentReplicas: 4, replicasFrom: 'spec.replicas' });
  });

  it('pods that are terminating or finished are not counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-hpa-gitops-'));
    const pods = JSON.parse(readFileSync('test/fixtures/k8s/payments-pods.json', 'utf8')) as { items: Array<{ metadata: Record<string, unknown>; status: Record<string, unknown> }> };
    const [a, b] = pods.items.map((p) => structuredClone(p));
    pods.items.push({ ...a!, metadata: { ...a!.metadata, name: 'old-1', deletionTimestamp: '2026-11-25T17:59:00Z' } });
    pods.items.push({ ...b!, metadata: { ...b!.metadata, name: 'done-1' }, status: { ...b!.status, phase: 'Succeeded' } });
    writeFileSync(join(dir, 'pods.json'), JSON.stringify(pods));
    const args = [...snapshot.slice(0, 2), '--pods', join(dir, 'pods.json'), ...snapshot.slice(4), '--deployment', gitops(), '--json'];
    const t = await capsim(['hpa', 'explain', ...args]);
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ currentReplicas: 4, replicasFrom: 'pods' });
  });
});
