import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsim } from '../support/cli.js';
import { SHARED_FIXTURES } from '../support/shared.js';

/**
 * Regression cases of ../shared/fixtures/bad-input/ about sizes and bounds (its README maps each
 * to its command): long horizons, huge values, runs that cannot be simulated faithfully.
 */
const BAD = join(SHARED_FIXTURES, 'bad-input');
const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-bounds-'));

describe('capsim run: any horizon', () => {
  it('d11: a 4-day scenario runs to completion, with a report whose size is bounded by the charts\' width', async () => {
    const out = join(tmp(), 'o');
    const t = await capsim(['run', join(BAD, 'd11-four-days.yaml'), '--out', out]);
    expect(t.stderr).toMatch(/results in/);
    expect(t.code).toBe(0);
    const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n').length - 1;
    expect(rows).toBeGreaterThanOrEqual((4 * 86_400) / 10); // every 10 s row in the CSV
    expect(statSync(join(out, 'report.html')).size).toBeLessThan(2_000_000); // charts downsampled
  }, 300_000); // 13 s alone; minutes on a loaded machine
});

/** `capsim run` must refuse: exit 2, one line naming the file (and line and field), nothing written. */
async function refused(args: string[]): Promise<string> {
  const out = join(tmp(), 'o');
  const t = await capsim(['run', ...args, '--out', out]);
  expect(t.code, t.stderr).toBe(2);
  expect(t.stderr.trimEnd().split('\n'), t.stderr).toHaveLength(1);
  expect(t.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  return t.stderr.trimEnd();
}

describe('capsim run: physically meaningless values are refused with file:line: field', () => {
  it.each([
    ['d12-duration-1e308.yaml', /d12-duration-1e308\.yaml:4: traffic\.stages\[0\]\.duration: expected a duration of at most 366d, got 1e\+308$/],
    ['d12-interval-0.yaml', /d12-interval-0\.yaml:10: output\.interval: expected a period of at least 1µs .*got "0s"$/],
    ['d13-timeunit-1ns.yaml', /d13-timeunit-1ns\.yaml:3: traffic\.timeUnit: expected a period of at least 1µs .*got "1ns"$/],
    ['d13-hpa-sync-0/scenario.yaml', /scenario\.yaml:10: hpaController\.syncPeriod: expected a period of at least 1µs .*got "0s"$/],
    ['d13-metrics-resolution-0/scenario.yaml', /scenario\.yaml:10: metricsServer\.resolution: expected a period of at least 1µs .*got "0s"$/],
    ['d14-zero-service-time.yaml', /d14-zero-service-time\.yaml:8: workload\.operations\.authorize\.serviceTime: expected a service time with a mean above 0 ms/],
    ['d17-negative-quantities.yaml', /d17-negative-quantities\.yaml:8: workload\.operations\.authorize\.memoryPerRequest: expected a quantity of 0 or more, got "-1Gi"$/],
  ])('%s', async (file, message) => {
    const line = await refused([join(BAD, file)]);
    expect(line).toMatch(message);
    expect(line).not.toMatch(/timeseries\.csv/); // d14 blamed a file the user never gave
  });

  it('d17: every negative quantity and non-positive limit is refused, each at its own field', async () => {
    const scenario = (pod: string, op = '') => {
      const file = join(tmp(), 's.yaml');
      writeFileSync(file, `name: r\ntraffic:\n  startRate: 10\n  stages: [{duration: 60s, target: 10}]\n  mix: {a: 1}\nworkload:\n  operations:\n    a: {cpu: {distribution: constant, valueMs: 10}${op}}\n  pod: {workers: 8, queueLimit: 64, ${pod}}\n`);
      return file;
    };
    expect(await refused([scenario('cpu: {request: "-2"}')])).toMatch(/:9: workload\.pod\.cpu\.request: expected a quantity of 0 or more, got "-2"$/);
    expect(await refused([scenario('cpu: {limit: "-1"}')])).toMatch(/:9: workload\.pod\.cpu\.limit: expected a quantity greater than 0, got "-1"$/);
    expect(await refused([scenario('cpu: {limit: 0}')])).toMatch(/workload\.pod\.cpu\.limit: expected a quantity greater than 0, got 0$/);
    expect(await refused([scenario('memory: {limit: "-1Gi"}')])).toMatch(/workload\.pod\.memory\.limit: expected a quantity greater than 0/);
    expect(await refused([scenario('idleCpu: "-3"')])).toMatch(/workload\.pod\.idleCpu: expected a quantity of 0 or more, got "-3"$/);
  });
});

describe('capsim run: replica counts bounded by what a cluster can hold', () => {
  it.each(['d16-replicas-int32max', 'd16b-replicas-2pow63'])('%s ends at once with one line at the Deployment', async (dir) => {
    expect(await refused([join(BAD, dir, 'scenario.yaml'), '--manifests', join(BAD, dir, 'm')])).toMatch(/deploy\.yaml:\d+(:\d+)?: spec\.\w+: /);
  });

  it('a valid Deployment of 2,147,483,647 replicas (the API server accepts it) is refused at spec.replicas, not allocated', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 2147483647\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: api, resources: {requests: {cpu: 500m}}}]\n');
    expect(await refused([join(BAD, 'd16-replicas-int32max', 'scenario.yaml'), '--manifests', dir])).toMatch(/deploy\.yaml:\d+(:\d+)?: spec\.replicas: expected at most 150000 \(Kubernetes supports at most 150000 pods in a cluster\), got 2147483647$/);
  });
});

describe('capsim run: the cost is estimated before the run', () => {
  it('d13: 1e9 rps for an hour is refused with the estimate and the flag that raises the limit', async () => {
    const line = await refused([join(BAD, 'd13-rate-1e9.yaml')]);
    expect(line).toMatch(/d13-rate-1e9\.yaml: this run would simulate about 3\.60e12 steps \(3\.60e12 request attempts over 60\.5 min\), more than the limit of 2\.00e9: .* raise the limit with --max-steps 4\.5e12$/);
  });

  it('a run over a lowered limit is refused, and runs once the limit is raised as told', async () => {
    const s = join(BAD, 'd00-scenario.yaml');
    expect(await refused([s, '--max-steps', '10'])).toMatch(/more than the limit of 10: .* --max-steps /);
    expect(await refused([s, '--max-memory', '1Mi'])).toMatch(/this run would need about \d+ MiB of memory \(\d+ time-series rows of 10 s\), more than the limit of 1\.0 MiB: .* --max-memory 1Gi/);
    const t = await capsim(['run', s, '--max-memory', '1Gi', '--out', join(tmp(), 'ok')]);
    expect(t.code, t.stderr).toBe(0);
  });
});

describe('capsim run: retries simulated faithfully', () => {
  it('d15: 1,030 retries with backoff 0 against an always-failing downstream: every first attempt ends, retried until it gives up', async () => {
    const t = await capsim(['run', join(BAD, 'd15-retry-backoff-0.yaml'), '--json', '--out', join(tmp(), 'o')]);
    expect(t.code, t.stderr).toBe(0);
    const r = JSON.parse(t.stdout).requests as { firstAttempts: number; arrived: number; retries: number; completed: number; gaveUp: number };
    expect(r.firstAttempts).toBeGreaterThan(11_500); // 200 rps for 60 s
    expect(r.completed + r.gaveUp).toBe(r.firstAttempts); // none silently lost
    expect(r.arrived).toBe(r.firstAttempts + r.retries);
    expect(r.gaveUp * 1030).toBeLessThanOrEqual(r.retries); // those that gave up were retried 1,030 times
  }, 300_000); // 12 million attempts: 7 s alone
});

describe('capsim run --trace streams to disk', () => {
  it('d23 (scaled down): one line per attempt, written as the run goes, the file complete when the run ends', async () => {
    const dir = tmp();
    const trace = join(dir, 'trace.ndjson');
    const t = await capsim(['run', join(BAD, 'd00-scenario.yaml'), '--trace', trace, '--json', '--out', join(dir, 'o')]);
    expect(t.code, t.stderr).toBe(0);
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(JSON.parse(t.stdout).requests.arrived);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ id: expect.any(Number), attempt: 0, operation: 'authorize', status: 'ok' });
  });

  it('leaves no trace when the run is refused', async () => {
    const dir = tmp();
    const t = await capsim(['run', join(BAD, 'd13-rate-1e9.yaml'), '--trace', join(dir, 'trace.ndjson'), '--out', join(dir, 'o')]);
    expect(t.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
