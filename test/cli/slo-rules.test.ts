import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { capsimFails, capsimOk } from '../support/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-slo-'));

/** A small scenario with the given slo block (YAML lines). */
function scenarioWithSlo(dir: string, slo: string): string {
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    [
      'name: slo-check',
      'traffic: { rate: 10, duration: 1m, mix: { authorize: 1 } }',
      'workload:',
      '  operations: { authorize: { serviceTime: { distribution: constant, valueMs: 10 } } }',
      '  pod: { workers: 4, queueLimit: 8 }',
      slo,
      '',
    ].join('\n'),
  );
  return file;
}

describe('capsim slo rules', () => {
  it('writes a Prometheus rule file and a PrometheusRule that validates against the operator CRD', async () => {
    const out = join(tmp(), 'rules');
    const t = await capsimOk(['slo', 'rules', 'black-friday', '--out', out]);
    expect(t.stderr).toContain('authorize-latency-p99');
    expect(readdirSync(out).sort()).toEqual(['.capsim-run', 'kustomization.yaml', 'prometheus-rule.yaml', 'rules.yaml']);
    const docs = parseAllDocuments(readFileSync(join(out, 'prometheus-rule.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs).toHaveLength(1);
    const rule = new PrometheusRule(docs[0]);
    expect(() => rule.validate()).not.toThrow();
    const alerts = (rule.spec.groups ?? []).flatMap((g) => g.rules ?? []).filter((r) => r.alert !== undefined);
    // 5 operations with a p99 target plus the error rate, two window pairs each.
    expect(alerts).toHaveLength(12);
    expect(alerts.map((a) => a.labels?.['long_window'])).toEqual(expect.arrayContaining(['1h', '6h']));
  });

  it('takes other metric and label names for another service', async () => {
    const dir = tmp();
    const file = scenarioWithSlo(dir, 'slo: { latency: { checkout: { p95: 400ms } }, errorRate: 0.01 }');
    const out = join(dir, 'out');
    await capsimOk([
      'slo', 'rules', file, '--out', out,
      '--requests-metric', 'shop_requests_total', '--duration-metric', 'shop_latency_seconds',
      '--operation-label', 'route', '--status-label', 'code', '--selector', 'service="shop",env!="dev"', '--buckets', '0.1,0.4,1',
    ]);
    const rules = readFileSync(join(out, 'rules.yaml'), 'utf8');
    expect(rules).toContain('shop_latency_seconds_bucket{service="shop",env!="dev",route="checkout",code=~"2..",le="0.4"}');
    expect(rules).toContain('shop_requests_total{service="shop",env!="dev",code=~"5.."}');
    expect(rules).not.toContain('http_requests_total');
  });

  describe('bad input: one line, exit 2', () => {
    it('a latency target that is not a bucket bound of the histogram', async () => {
      const file = scenarioWithSlo(tmp(), 'slo: { latency: { authorize: { p99: 280ms } } }');
      const f = await capsimFails(['slo', 'rules', file, '--out', join(tmp(), 'o')]);
      expect(f.code).toBe(2);
      expect(f.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(f.message).toMatch(/scenario\.yaml:\d+: slo\.latency\.authorize\.p99: 280ms is not a bucket bound of http_request_duration_seconds/);
    });

    it('an operation the reference service does not serve', async () => {
      const file = scenarioWithSlo(tmp(), 'slo: { latency: { checkout: { p99: 300ms } } }');
      const f = await capsimFails(['slo', 'rules', file, '--out', join(tmp(), 'o')]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/slo\.latency\.checkout: the service has no operation "checkout"/);
    });

    it('a scenario without an slo block', async () => {
      const f = await capsimFails(['slo', 'rules', 'test/fixtures/scenarios/mmc-check.yaml', '--out', join(tmp(), 'o')]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/mmc-check\.yaml(:\d+)?: slo: expected an slo block/);
    });

    it('a malformed selector', async () => {
      const f = await capsimFails(['slo', 'rules', 'black-friday', '--selector', 'job=payments', '--out', join(tmp(), 'o')]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/^--selector: expected label matchers/);
    });

    it('an output folder that exists and is not capsim\'s: left untouched', async () => {
      const out = join(tmp(), 'mine');
      mkdirSync(out);
      writeFileSync(join(out, 'notes.txt'), 'keep me');
      const f = await capsimFails(['slo', 'rules', 'black-friday', '--out', out]);
      expect(f.code).toBe(2);
      expect(f.message).toMatch(/output folder exists and was not written by capsim/);
      expect(readdirSync(out)).toEqual(['notes.txt']);
    });
  });
});
