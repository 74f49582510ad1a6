import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capsimOk } from '../support/cli.js';

const T0 = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;
let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capsim-vpa-'));
  writeFileSync(
    file('vpa.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: api}',
      '---',
      'apiVersion: autoscaling.k8s.io/v1',
      'kind: VerticalPodAutoscaler',
      'metadata: {name: api-vpa}',
      'spec:',
      '  targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}',
      '  resourcePolicy:',
      '    containerPolicies:',
      '      - containerName: sidecar',
      '        mode: "Off"',
      '      - containerName: api',
      '        maxAllowed: {cpu: 500m}',
      '',
    ].join('\n'),
  );
  // vpa.md §6.5: 0.5 cores and 1 GiB every minute for 8 days (plus a sidecar the policy switches off).
  const rows = ['time,pod,container,cpu_cores,memory_bytes'];
  for (let t = T0; t <= T0 + 8 * DAY; t += 60_000) {
    rows.push(`${new Date(t).toISOString()},api-1,api,0.5,1073741824`);
    if (t === T0) rows.push(`${t / 1000},api-1,sidecar,0.1,1000`);
  }
  writeFileSync(file('usage.csv'), rows.join('\n') + '\n');
  writeFileSync(file('bad.csv'), 'time,pod,container,cpu_cores\n2026-01-05T00:00:00Z,api-1,api,lots\n');
  writeFileSync(file('oom.csv'), `time,pod,container,memory_bytes\n${new Date(T0 + 8 * DAY).toISOString()},api-1,api,2Gi\n`);
});

afterAll(() => {
  dir = '';
});

/** `capsim vpa <args>`: stdout, or a rejection with the exit code and stderr. */
async function run(args: string[]): Promise<string> {
  return (await capsimOk(['vpa', ...args])).stdout;
}

describe('capsim vpa recommend', () => {
  it('prints target, bounds and uncapped target per container as kubectl describe vpa shows them, with the history', async () => {
    const out = await run(['recommend', '--vpa', file('vpa.yaml'), '--usage', file('usage.csv')]);
    expect(out).toContain('VPA api-vpa (Deployment/api), update mode Auto');
    // maxAllowed cpu 500m caps target (587m) and both bounds; the uncapped target keeps 587m.
    expect(out).toContain(
      [
        '    Container Name:  api',
        '    Lower Bound:',
        '      Cpu:     500m',
        '      Memory:  1238350168',
        '    Target:',
        '      Cpu:     500m',
        '      Memory:  1238659775',
        '    Uncapped Target:',
        '      Cpu:     587m',
        '      Memory:  1238659775',
        '    Upper Bound:',
        '      Cpu:     500m',
        '      Memory:  1393492246',
        '    History:  192h0m0s (2026-01-05T00:00:00.000Z .. 2026-01-13T00:00:00.000Z), 11521 CPU samples, confidence 8.000 days',
      ].join('\n'),
    );
    expect(out).not.toContain('sidecar');
  });

  it('--json gives millicores and bytes', async () => {
    const out = JSON.parse(await run(['recommend', '--vpa', file('vpa.yaml'), '--usage', file('usage.csv'), '--json']));
    expect(out.containerRecommendations).toHaveLength(1);
    expect(out.containerRecommendations[0]).toMatchObject({
      containerName: 'api',
      target: { cpuMillicores: 500, memoryBytes: 1_238_659_775 },
      uncappedTarget: { cpuMillicores: 587, memoryBytes: 1_238_659_775 },
      upperBound: { cpuMillicores: 500, memoryBytes: 1_393_492_246 },
      history: { lengthMs: 8 * DAY, length: '192h0m0s', cpuSamples: 11521 },
    });
    expect(out.samples).toMatchObject({ rows: 11522, fed: 11522, skipped: 0, rejected: 0 });
  });

  it('an OOM at 2 GiB request raises the memory target above 2.4 GiB', async () => {
    const out = JSON.parse(await run(['recommend', '--vpa', file('vpa.yaml'), '--usage', file('usage.csv'), '--oom-events', file('oom.csv'), '--json']));
    expect(out.samples.oomsRecorded).toBe(1);
    expect(out.containerRecommendations[0].target.memoryBytes).toBeGreaterThan(2.4 * 2 ** 30);
  });

  it('a bad usage row: exit 2, one line naming file, line and column', async () => {
    await expect(run(['recommend', '--vpa', file('vpa.yaml'), '--usage', file('bad.csv')])).rejects.toMatchObject({ code: 2 });
    await expect(run(['recommend', '--vpa', file('vpa.yaml'), '--usage', file('bad.csv')])).rejects.toThrow(`${file('bad.csv')}:2: cpu_cores:`);
  });

  it('a bad flag value: exit 2 naming the flag', async () => {
    await expect(run(['recommend', '--vpa', file('vpa.yaml'), '--usage', file('usage.csv'), '--recommender-interval', 'soon'])).rejects.toThrow('--recommender-interval');
  });
});
