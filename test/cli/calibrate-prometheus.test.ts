import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFile } from '../../calibration/model.js';
import { capsim } from '../support/cli.js';
import { SHARED_FIXTURES } from '../support/shared.js';

const PROM = join(SHARED_FIXTURES, 'calibration-prom');
const SC = 'test/fixtures/calibration-scenarios/one-replica.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'capsim-calibrate-prom-'));
const k6 = (run: string) => join(PROM, run, 'k6.ndjson.gz');
const prom = (run: string) => join(PROM, run, 'prometheus');

/** A copy of the low run's export, changed by `edit`. */
function editedExport(name: string, edit: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(prom('low'), dir, { recursive: true });
  edit(dir);
  return dir;
}

async function failure(...args: string[]) {
  const t = await capsim(['calibrate', ...args, '--scenario', SC, '--out', join(tmp, 'never.yaml')]);
  return { code: t.code, lines: t.stderr.trimEnd().split('\n') };
}

describe('capsim calibrate --prometheus: bad input is one line naming the folder or file, exit 2', () => {
  it('an export without a CPU series', async () => {
    const dir = editedExport('no-cpu', (d) => {
      for (const f of ['process_cpu_seconds_total.step1s.json', 'process_cpu_seconds_total.step5s.json', 'process_cpu_seconds_total.raw.json']) rmSync(join(d, f));
    });
    const f = await failure('--k6', k6('low'), '--prometheus', dir);
    expect(f.code).toBe(2);
    expect(f.lines).toEqual([expect.stringMatching(new RegExp(`^capsim: ${dir}: no CPU seconds counter: expected a series named container_cpu_usage_seconds_total or process_cpu_seconds_total, found http_request_duration_seconds_bucket, `))]);
  });

  it("series whose window does not overlap the k6 run (another run's export)", async () => {
    const f = await failure('--k6', k6('low'), '--prometheus', prom('mid'));
    expect(f.code).toBe(2);
    expect(f.lines).toEqual([expect.stringMatching(/^capsim: .*calibration-prom\/mid\/prometheus: the series cover 2026-.* which does not overlap the k6 run \(2026-.*\); expected Prometheus data of the same run$/)]);
  });

  it('a label match that matches no pod', async () => {
    const f = await failure('--k6', k6('low'), '--prometheus', prom('low'), '--prometheus-match', 'replica=3');
    expect(f.code).toBe(2);
    expect(f.lines).toEqual([`capsim: ${prom('low')}: --prometheus-match: the label match replica="3" matches no pod's CPU series; expected one of: process_cpu_seconds_total{instance="127.0.0.1:18080",job="payment",replica="0"}`]);
  });

  it('a malformed label match and a file that is not a query_range response', async () => {
    expect((await failure('--k6', k6('low'), '--prometheus-match', 'replica')).lines).toEqual(['capsim: --prometheus-match: expected a label matcher like replica=0 or pod=pay-7d9f (name=value), got "replica"']);
    const dir = editedExport('error-response', (d) => writeFileSync(join(d, 'payment_queue_length.step1s.json'), JSON.stringify({ status: 'error', error: 'bad_data' })));
    expect((await failure('--k6', k6('low'), '--prometheus', dir)).lines).toEqual([`capsim: ${join(dir, 'payment_queue_length.step1s.json')}: status: Prometheus answered an error: bad_data; expected "status":"success"`]);
  });
});

describe('capsim calibrate --prometheus on low + mid + saturated', () => {
  const out = join(tmp, 'model.yaml');
  let printed = '';
  beforeAll(async () => {
    const t = await capsim(['calibrate', ...['low', 'mid', 'saturated'].flatMap((r) => ['--k6', k6(r), '--prometheus', prom(r)]), '--scenario', SC, '--out', out]);
    if (t.code !== 0) throw new Error(t.stderr);
    printed = t.stdout;
  }, 180_000);

  it('the model says which source identified each CPU value', () => {
    const m = readModelFile(out);
    expect(m.uncertainty.meanCpuMsPerRequest!.identifiedBy).toBe('prometheus (process_cpu_seconds_total)');
    expect(m.uncertainty['pod.cpu.wakeupMs']!.identifiedBy).toBe('prometheus (process_cpu_seconds_total)');
    expect(m.uncertainty['operations.authorize.cpu.valueMs']!.identifiedBy).toBe('prometheus (process_cpu_seconds_total)');
    expect(m.fittedFrom).toContain(prom('mid'));
    expect(printed).toMatch(/note: CPU per operation measured from the small variation of the mix between windows/);
  });

  it('the client gap (k6 duration − server residence, lowest load) is in the model as a simulated parameter, not in the downstream waits', () => {
    const m = readModelFile(out);
    expect(m.workload.clientGapMs).toBe(m.uncertainty.clientGapMs!.estimate);
    expect(m.workload.clientGapMs).toBeGreaterThan(0.5);
    expect(m.workload.clientGapMs).toBeLessThan(1.5);
    expect(m.notes.join('\n')).toMatch(/Downstream = low-load k6 latency − client gap \(0\.\d+ ms, simulated separately\) − CPU − wake-up\./);
  });

  it("the pod's own CPU besides its requests' (the utilization law's idle column) is in the pod block, in millicores", () => {
    const m = readModelFile(out);
    const idle = m.uncertainty.idleCpuCores!;
    expect(m.workload.pod.idleCpu).toBe(`${Math.round(idle.estimate * 1000)}m`);
    expect(idle.method).toMatch(/simulated as workload\.pod\.idleCpu/);
  });

  it("the model's CPU per request at each run's load contains the process CPU Prometheus measured (truth.json)", () => {
    const m = readModelFile(out);
    ['low', 'mid', 'saturated'].forEach((run, r) => {
      const measured = JSON.parse(readFileSync(join(PROM, run, 'truth.json'), 'utf8')).measured.prometheus_process_cpu.per_replica['0'].load_window_cpu_ms_per_request as number;
      const e = m.uncertainty[`cpuMsPerRequest.run${r + 1}.0`]!;
      expect(e.interval![0]).toBeLessThanOrEqual(measured);
      expect(e.interval![1]!).toBeGreaterThanOrEqual(measured);
    });
  });

  it('per-operation intervals are honest though the mix hardly varied: they contain the busy loop plus the per-request overhead', () => {
    const m = readModelFile(out);
    for (const [op, busy] of [['authorize', 4], ['capture', 2], ['refund', 3]] as const) {
      const iv = m.uncertainty[`operations.${op}.cpu.valueMs`]!.interval!;
      expect(iv[0]).toBeLessThanOrEqual(busy);
      expect(iv[1]!).toBeGreaterThanOrEqual(busy + 0.4);
    }
  });
});

describe('held out: two-on-one-core (2 replicas time-sharing one core, 60 -> 200 -> 60 rps), model from low + mid + saturated with Prometheus', () => {
  const out = join(tmp, 'model.yaml');
  let rows: { scope: string; metric: string; relativeError: number | null }[] = [];
  beforeAll(async () => {
    // The model of the describe above: wait for it (vitest runs describes in order in one file).
    const t = await capsim(['validate', '--model', out, '--k6', k6('two-on-one-core'), '--scenario', 'test/fixtures/calibration-scenarios/two-on-one-core.yaml', '--json']);
    if (t.code !== 0) throw new Error(t.stderr);
    rows = (JSON.parse(t.stdout) as { rows: typeof rows }).rows;
  }, 180_000);
  const rel = (metric: string) => rows.find((r) => r.scope === 'overall' && r.metric === metric)!.relativeError!;

  it('p50 and p95 within 10 %, 2xx throughput within 3 % (measured: -2.4 / +2.6 / +0.1 %)', () => {
    expect(Math.abs(rel('p50 all'))).toBeLessThan(0.1);
    expect(Math.abs(rel('p95 all'))).toBeLessThan(0.1);
    expect(Math.abs(rel('throughput 2xx rps'))).toBeLessThan(0.03);
  });
});
