import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpaInactivity, inactivityHeadline } from '../../reports/hpaActivity.js';
import type { RunEvent } from '../../reports/runRecord.js';
import { capsim, capsimFails } from '../support/cli.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'scenarios', 'no-cpu-requests', 'scenario.yaml');
const MISSING = 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container api of Pod pod-0';
const ev = (tS: number, reason: string, message = MISSING): RunEvent => ({ tMs: tS * 1000, source: 'hpa', reason, message });

describe('hpaInactivity: the time ScalingActive was False over the traffic', () => {
  it('is the whole run when the condition never turns True, with the last failure as the cause', () => {
    const x = hpaInactivity([ev(1, 'ScalingActive:FailedGetResourceMetric', 'the HPA was unable to compute the replica count: unable to get metrics for resource cpu: no metrics returned from resource metrics API'), ev(16, 'FailedGetResourceMetric')], 600);
    expect(x?.whole).toBe(true);
    expect(x?.inactiveSeconds).toBe(599);
    expect(x && inactivityHeadline(x)).toBe("HPA inactive: no CPU requests on the target's containers");
    expect(x?.fix).toContain('set resources.requests.cpu on every container of the target (container "api" has none)');
  });

  it('ignores the start-up transient before metrics-server has samples', () => {
    const x = hpaInactivity([ev(1, 'ScalingActive:FailedGetResourceMetric', 'no metrics returned from resource metrics API'), ev(16, 'ScalingActive:ValidMetricFound', 'ok')], 600);
    expect(x).toBeNull();
  });

  it('reports part of a run in its headline', () => {
    const x = hpaInactivity([ev(100, 'ScalingActive:FailedGetResourceMetric'), ev(400, 'ScalingActive:ValidMetricFound', 'ok')], 600);
    expect(x?.whole).toBe(false);
    expect(x && inactivityHeadline(x)).toBe("HPA inactive for 5m00s of 10m00s: no CPU requests on the target's containers");
  });

  it('is null without an HPA (no hpa events)', () => {
    expect(hpaInactivity([{ tMs: 0, source: 'deployment', reason: 'ScalingReplicaSet', message: 'x' }], 600)).toBeNull();
  });
});

describe('a run whose Deployment has no CPU requests (user transcript)', () => {
  it('puts "HPA inactive" and the fix in the headline of report.md and report.html, and no Infinity anywhere', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'capsim-inactive-')), 'run');
    const t = await capsim(['run', FIXTURE, '--out', out]);
    expect(t.code).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(md.split('\n')[2]).toMatch(/^\*\*HPA inactive: no CPU requests on the target's containers\.\*\* Fix: set resources\.requests\.cpu/);
    expect(html).toContain('<p class="verdict fail">HPA inactive: no CPU requests on the target&#39;s containers.</p>');
    for (const text of [md, html]) {
      expect(text).not.toMatch(/Infinity|∞|NaN/);
      expect(text).not.toMatch(/tried \d+%/);
    }
    expect(md).toContain('| CPU utilisation of requests (mean) | n/a (no CPU requests) |');
    expect(md).toMatch(/\| cost \| [0-9.]+ EUR \(pod requests/);
  });

  it('refuses a currency that is not an ISO 4217 code, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-currency-'));
    const file = join(dir, 'scenario.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace('currency: EUR', 'currency: euros').replace('manifests: [k8s/deploy.yaml, k8s/hpa.yaml]\n', ''));
    const f = await capsimFails(['run', file, '--out', join(dir, 'out')]);
    expect(f.code).toBe(2);
    expect(f.message).toMatch(/pricing\.currency.*ISO 4217/);
  });
});
