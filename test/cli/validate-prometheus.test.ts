import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile } from '../../calibration/model.js';
import type { ValidationReport } from '../../calibration/validate.js';
import { capsim } from '../support/cli.js';
import { SHARED_FIXTURES } from '../support/shared.js';

const PROM = join(SHARED_FIXTURES, 'calibration-prom');
const SC = 'test/fixtures/calibration-scenarios';
const tmp = mkdtempSync(join(tmpdir(), 'capsim-validate-prom-'));
const k6 = (run: string) => join(PROM, run, 'k6.ndjson.gz');
const prom = (run: string) => join(PROM, run, 'prometheus');
const model = join(tmp, 'model.yaml');
const heldOut = ['--model', model, '--k6', k6('two-on-one-core'), '--scenario', `${SC}/two-on-one-core.yaml`];
const truth = (run: string) => JSON.parse(readFileSync(join(PROM, run, 'truth.json'), 'utf8')) as { measured: { prometheus_process_cpu: { per_replica: Record<string, { load_window_cpu_ms_per_request: number; load_window_utilisation: number }> } } };

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

// The model the README's calibration section fits: low + mid + saturated with their Prometheus exports.
beforeAll(async () => {
  const t = await capsim(['calibrate', ...['low', 'mid', 'saturated'].flatMap((r) => ['--k6', k6(r), '--prometheus', prom(r)]), '--scenario', `${SC}/one-replica.yaml`, '--out', model]);
  if (t.code !== 0) throw new Error(t.stderr);
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('capsim validate --prometheus: bad input is one line naming the folder, file or URL, exit 2', () => {
  const failure = async (...args: string[]) => {
    const t = await capsim(['validate', ...heldOut, ...args]);
    return { code: t.code, lines: t.stderr.trimEnd().split('\n'), stdout: t.stdout };
  };

  it('an export without a CPU series', async () => {
    const dir = join(tmp, 'no-cpu');
    cpSync(prom('two-on-one-core'), dir, { recursive: true });
    for (const f of ['process_cpu_seconds_total.step1s.json', 'process_cpu_seconds_total.step5s.json', 'process_cpu_seconds_total.raw.json']) rmSync(join(dir, f));
    const f = await failure('--prometheus', dir);
    expect(f.code).toBe(2);
    expect(f.lines).toEqual([expect.stringMatching(new RegExp(`^capsim: ${dir}: no CPU seconds counter: expected a series named container_cpu_usage_seconds_total or process_cpu_seconds_total, found `))]);
    expect(f.stdout).toBe('');
  });

  it("another run's export (its window does not overlap the held-out run), a missing folder", async () => {
    const f = await failure('--prometheus', prom('mid'));
    expect(f.code).toBe(2);
    expect(f.lines).toEqual([expect.stringMatching(/^capsim: .*calibration-prom\/mid\/prometheus: the series cover 2026-.* which does not overlap the k6 run \(2026-.*\); expected Prometheus data of the same run$/)]);
    const missing = join(tmp, 'missing');
    expect((await failure('--prometheus', missing)).lines).toEqual([`capsim: ${missing}: cannot read the Prometheus export folder: ENOENT; expected a folder of query_range JSON files`]);
  });

  it('a label match that matches no pod; an unreachable URL; both sources at once', async () => {
    expect((await failure('--prometheus', prom('two-on-one-core'), '--prometheus-match', 'replica=5')).lines).toEqual([
      expect.stringMatching(/^capsim: .*two-on-one-core\/prometheus: --prometheus-match: the label match replica="5" matches no pod's CPU series; expected one of: process_cpu_seconds_total\{instance="127\.0\.0\.1:18080",job="payment",replica="0"\}, /),
    ]);
    const url = `http://127.0.0.1:${await closedPort()}`;
    expect((await failure('--prometheus-url', url)).lines).toEqual([`capsim: ${url}: cannot reach Prometheus (ECONNREFUSED); expected the base URL of a running Prometheus, e.g. http://127.0.0.1:9090`]);
    expect((await failure('--prometheus-url', url, '--prometheus-query', 'busy=payment_workers_busy')).lines).toEqual([
      'capsim: --prometheus-query: expected role=PromQL with a role of cpu, requests, durationSum, durationCount, durationBucket, busyWorkers, queueLength, e.g. cpu=container_cpu_usage_seconds_total{namespace="pay"}; got "busy=payment_workers_busy"',
    ]);
    expect((await failure('--prometheus', prom('two-on-one-core'), '--prometheus-url', url)).lines).toEqual([
      "capsim: --prometheus-url: give the held-out run's service measurements once: --prometheus DIR or --prometheus-url URL, not both",
    ]);
  });
});

describe('held out: two-on-one-core with its Prometheus export, model from low + mid + saturated', () => {
  let report: ValidationReport;
  let table = '';
  beforeAll(async () => {
    const json = await capsim(['validate', ...heldOut, '--prometheus', prom('two-on-one-core'), '--json']);
    if (json.code !== 0) throw new Error(json.stderr);
    report = JSON.parse(json.stdout) as ValidationReport;
    table = (await capsim(['validate', ...heldOut, '--prometheus', prom('two-on-one-core')])).stdout;
  }, 180_000);
  const row = (scope: string, metric: string) => report.rows.find((r) => r.scope === scope && r.metric === metric)!;

  it("the measured CPU per request is the process's own (truth.json: CPU over the load window / requests answered, per replica)", () => {
    const perReplica = Object.values(truth('two-on-one-core').measured.prometheus_process_cpu.per_replica);
    const mean = perReplica.reduce((a, r) => a + r.load_window_cpu_ms_per_request, 0) / perReplica.length;
    expect(row('service', 'CPU ms per request').measured).toBeGreaterThan(mean * 0.97);
    expect(row('service', 'CPU ms per request').measured).toBeLessThan(mean * 1.03);
  });

  it("predicted CPU per request and per replica within 5 % of measured, inside the range over the model's CPU interval (measured: +1.4 % and +1.6 %, the fitted idle CPU of 34m per pod included)", () => {
    for (const metric of ['CPU ms per request', 'CPU cores per replica']) {
      const r = row('service', metric);
      expect(Math.abs(r.relativeError!)).toBeLessThan(0.05);
      expect(r.predictedRange![0]).toBeLessThanOrEqual(r.measured);
      expect(r.predictedRange![1]).toBeGreaterThanOrEqual(r.measured);
    }
  });

  it('server residence from the duration histogram: mean and p50/p95 within 10 % (measured -2.6 / -3.1 / +0.5 %; the p99 is as coarse as the 30-50 ms bucket)', () => {
    for (const metric of ['server mean 2xx', 'server p50 2xx (histogram)', 'server p95 2xx (histogram)']) expect(Math.abs(row('service', metric).relativeError!)).toBeLessThan(0.1);
    for (const op of ['authorize', 'capture', 'refund']) expect(Math.abs(row(op, 'server mean 2xx').relativeError!)).toBeLessThan(0.1);
  });

  it('busy workers and queue length where the gauges exist; each service-side row carries its range over the CPU interval', () => {
    expect(row('service', 'busy workers (mean, all pods)').measured).toBeGreaterThan(1);
    expect(Math.abs(row('service', 'busy workers (mean, all pods)').relativeError!)).toBeLessThan(0.15);
    expect(row('service', 'queue length (mean, all pods)').measured).toBeLessThan(0.1);
    for (const r of report.rows.filter((x) => x.scope === 'service')) expect(r.predictedRange).toBeDefined();
  });

  it('--out: the run folder\'s report has the service-side rows next to the k6 ones', async () => {
    const dir = join(tmp, 'report');
    const t = await capsim(['validate', ...heldOut, '--prometheus', prom('two-on-one-core'), '--out', dir]);
    expect(t.code, t.stderr).toBe(0);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^\| service \| CPU ms per request \| 4\.3\d \|/m);
    expect(md).toMatch(/^\| service \| server p95 2xx /m);
  }, 60_000);

  it('the same inputs print the same table, byte for byte', async () => {
    expect((await capsim(['validate', ...heldOut, '--prometheus', prom('two-on-one-core')])).stdout).toBe(table);
  }, 60_000);

  it('the table names where the service-side rows came from and over which window', () => {
    // The predicted server residence is the client's latency less the model's client gap.
    expect(report.service).toMatchObject({ pods: 2, windowS: 80, clientGapMs: readModelFile(model).workload.clientGapMs });
    expect(report.service!.clientGapMs).toBeGreaterThan(0.5);
    expect(table).toMatch(/^service\s+CPU ms per request\s+4\.3\s+/m);
    expect(table).toMatch(/^service-side rows: measured by .*two-on-one-core\/prometheus \(2 pods: CPU per request, CPU per replica, busy workers, queue length, server residence, server percentiles \(histogram\)\); CPU, answers and gauges over the first 80 s of the run/m);
  });
});
