import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../app/runScenario.js';
import { parseScenario, readScenarioFile } from '../../../input/scenarioFile.js';
import { binpack } from '../../../sim/cluster/clusterAutoscaler.js';

function run(dir: string, patch: (yaml: string) => string = (y) => y) {
  const base = readScenarioFile(join(dir, 'scenario.yaml'));
  return runScenario(parseScenario(patch(readFileSync(join(dir, 'scenario.yaml'), 'utf8')), base.file, base.dir));
}

describe('HPA and VPA both on CPU (test/fixtures/scenarios/hpa-vpa)', () => {
  // 100 rps x 20 ms mean CPU = 2 cores over 10 pods = ~200m each, against requests of 100m.
  const r = run('test/fixtures/scenarios/hpa-vpa');
  const c = r.result.series.columns;
  const rows = r.result.series.rows;

  it('the VPA evicts the under-requested pods (at most half at a time, the eviction tolerance) and they come back with higher requests', () => {
    expect(c.cpuRequestMillicores[rows - 2]).toBeGreaterThan(250);
    const evictions = r.result.events.filter((e) => e.reason === 'EvictedByVPA');
    expect(evictions.length).toBeGreaterThanOrEqual(10);
    const firstLoop = evictions.filter((e) => e.tMs === evictions[0]?.tMs);
    expect(firstLoop.length).toBe(5);
  });

  it('the HPA sees its utilisation fall as the requests rise, and drops replicas it no longer "needs"', () => {
    // Before the first evictions: ~200m used against 100m requested.
    const firstEviction = r.result.events.find((e) => e.reason === 'EvictedByVPA')?.tMs ?? 0;
    const before = r.result.hpaDecisions.filter((d) => d.tMs < firstEviction && d.utilization !== null);
    expect(before.length).toBeGreaterThan(0);
    for (const d of before) expect(d.utilization).toBeGreaterThan(150);
    expect(c.hpaUtilization[rows - 2]).toBeLessThan(100);
    expect(r.result.summary.scaling.scaleDowns).toBeGreaterThanOrEqual(1);
    expect(c.readyReplicas[rows - 2]).toBeLessThan(10);
  });

  it('the VPA target sits near the per-pod usage times the 15% margin', () => {
    const target = c.vpaTargetCpuMillicores[rows - 2] as number;
    const usagePerPod = (c.cpuMillicores[rows - 2] as number) / (c.readyReplicas[rows - 2] as number);
    expect(target / usagePerPod).toBeGreaterThan(1.0);
    expect(target / usagePerPod).toBeLessThan(1.8);
  });
});

describe('a flash sale that needs more pods than the nodes hold (test/fixtures/scenarios/flash-nodes)', () => {
  // Pods limited to their 500m request: each serves ~150 rps, so 3,000 rps needs ~25 pods, but the
  // two 4-core nodes hold 16 pods of 500m. With 30 nodes from the start nothing waits.
  const small = run('test/fixtures/scenarios/flash-nodes', (y) => y.replace('manifests: [deploy.yaml, hpa.yaml]', 'manifests: [deploy-500m.yaml, hpa.yaml]'));
  const big = run('test/fixtures/scenarios/flash-nodes', (y) => y.replace('manifests: [deploy.yaml, hpa.yaml]', 'manifests: [deploy-500m.yaml, hpa.yaml]').replace('initial: 2', 'initial: 30').replace('max: 30', 'max: 40'));

  it('shows pods Pending while the node autoscaler provisions nodes, and none once they are Ready', () => {
    const ev = small.result.events;
    const up = ev.find((e) => e.reason === 'TriggeredScaleUp');
    const ready = ev.find((e) => e.reason === 'NodeReady');
    expect(up).toBeDefined();
    expect(ready).toBeDefined();
    expect((ready?.tMs ?? 0) - (up?.tMs ?? 0)).toBeGreaterThan(30_000);
    expect(small.result.summary.scaling.peakPending).toBeGreaterThan(0);
    const c = small.result.series.columns;
    const waitingRow = Math.floor(((up?.tMs ?? 0) + 10_000) / 10_000);
    expect(c.pendingReplicas[waitingRow]).toBeGreaterThan(0);
    expect(c.nodes[c.nodes.length - 200]).toBeGreaterThan(2);
  });

  it('and the wait for nodes costs latency and errors compared with a cluster that had room', () => {
    const s = small.result.summary;
    const b = big.result.summary;
    expect(b.scaling.peakPending).toBe(0);
    expect(s.requests.rejected + s.requests.timedOut).toBeGreaterThan(b.requests.rejected + b.requests.timedOut);
    expect(s.scaling.overloadedSeconds).toBeGreaterThan(b.scaling.overloadedSeconds);
  });

  it('bills node-hours, and removes nodes that stay empty for the unneeded time after the sale', () => {
    expect(small.result.summary.nodes?.nodeHours).toBeGreaterThan(0);
    expect(small.result.summary.cost.nodes).toBeCloseTo(small.result.summary.nodes?.cost ?? -1, 9);
    expect(small.result.events.some((e) => e.reason === 'ScaleDown')).toBe(true);
  });
});

describe('memory and OOM kills', () => {
  it('requests holding memory past the limit OOM-kill the container: in-flight requests fail, the pod restarts after a back-off', () => {
    // 64 workers x 8Mi per authorize + 160Mi baseline > 512Mi limit once a pod has ~44 requests in.
    const r = run('test/fixtures/scenarios/flash-nodes', (y) => y.replace('memoryPerRequest: 1Mi', 'memoryPerRequest: 8Mi').replace('initial: 2', 'initial: 30').replace('max: 30', 'max: 40'));
    const ooms = r.result.events.filter((e) => e.reason === 'OOMKilled');
    expect(ooms.length).toBeGreaterThan(0);
    expect(r.result.summary.requests.errors).toBeGreaterThan(0);
    let total = 0;
    for (const v of r.result.series.columns.oomKills) total += v;
    expect(total).toBe(ooms.length);
  });
});

describe('binpacking estimate (Cluster Autoscaler)', () => {
  it('first-fit decreasing: six 1.5-core pods on 4-core nodes need 3 nodes; memory can be the binding resource', () => {
    const pods = Array.from({ length: 6 }, () => ({ cpu: 1500, mem: 1 }));
    expect(binpack(pods, { cpuMillicores: 4000, memoryBytes: 100 })).toBe(3);
    expect(binpack(pods, { cpuMillicores: 4000, memoryBytes: 1 })).toBe(6);
  });
});
