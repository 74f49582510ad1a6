import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capsim } from '../support/cli.js';
import { calibration, close, exportDurationMs, exportTrendStats, readExport, splitRunners, LOCAL } from '../calibration/k6/fixtures.js';

/**
 * `capsim k6 summary --options` decides thresholds as k6 does, over runners merged. The truth
 * is k6 v0.48.0's own verdicts: the calibration runs were made with per-operation sub-metric
 * thresholds (`http_req_duration{name:authorize}`...) and their --summary-export says which
 * were crossed. Each run is split into runners as --execution-segment would stripe it.
 */
const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-thresholds-'));

function verdicts(exp: { metrics: Record<string, Record<string, unknown>> }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(exp.metrics).filter(([, m]) => m.thresholds !== undefined).map(([name, m]) => [name, m.thresholds]));
}

describe.each([
  ['low', 0],
  ['overload', 99],
] as const)('calibration/%s split into two runners, thresholds from its own summary export', (run, exitCode) => {
  it(`gives k6's verdict on every threshold, sub-metrics included, and exits ${exitCode} as k6 did`, async () => {
    const dir = mkdtempSync(join(tmp, run));
    const runners = splitRunners(calibration(run, 'k6.ndjson.gz'), 2, dir);
    const k6 = readExport(calibration(run, 'summary.json'));
    const t = await capsim(['k6', 'summary', ...runners, '--options', calibration(run, 'summary.json'), '--json', '--trend-stats', exportTrendStats(k6).join(','), '--duration', String(exportDurationMs(k6) / 1000)]);
    expect(t.code).toBe(exitCode);
    const ours = JSON.parse(t.stdout) as { metrics: Record<string, Record<string, unknown>> };
    expect(verdicts(ours)).toEqual(verdicts(k6));
    expect(Object.keys(verdicts(k6)).filter((n) => n.includes('{name:')).length).toBe(6);
    for (const name of ['http_req_duration{name:authorize}', 'http_req_duration{name:refund}', 'http_req_failed{name:capture}']) {
      for (const [stat, v] of Object.entries(k6.metrics[name]!)) {
        if (stat !== 'thresholds') expect(close(ours.metrics[name]![stat] as number, v as number), `${name} ${stat}`).toBe(true);
      }
    }
    if (exitCode === 99) expect(t.stderr).toContain("capsim: thresholds on metrics 'http_req_duration, http_req_duration{name:authorize}, http_req_duration{name:capture}, http_req_duration{name:refund}, http_req_failed, http_req_failed{name:authorize}, http_req_failed{name:capture}, http_req_failed{name:refund}' have been crossed\n");
    else expect(t.stderr).toBe('');
  }, 120_000);
});

describe('capsim k6 summary --options: options as capsim k6 options / k6 inspect print them', () => {
  const low = readExport(calibration('low', 'summary.json'));
  const p99 = (name: string): number => low.metrics[name]!['p(99)'] as number;

  it('crosses exactly the sub-metric threshold k6\'s own p(99) crosses, prints that p(99), exits 99 naming only it', async () => {
    const options = join(tmp, 'options.json');
    writeFileSync(options, JSON.stringify({
      scenarios: {},
      thresholds: {
        'http_req_duration{name:capture}': [{ threshold: `p(99)<${p99('http_req_duration{name:capture}') * (1 - 1e-9)}`, abortOnFail: true, delayAbortEval: '10s' }],
        'http_req_duration{name:refund}': [`p(99)<${p99('http_req_duration{name:refund}') * (1 + 1e-9)}`],
        'dropped_iterations': ['count<1'],
      },
    }, null, 2));
    const t = await capsim(['k6', 'summary', calibration('low', 'k6.ndjson.gz'), '--options', options]);
    expect(t.code).toBe(99);
    expect(t.stderr).toBe("capsim: thresholds on metrics 'http_req_duration{name:capture}' have been crossed\n");
    expect(t.stdout).toMatch(/✗ http_req_duration\{name:capture\} \.+: avg=\S+ min=\S+ med=\S+ max=\S+ p\(90\)=\S+ p\(95\)=\S+ p\(99\)=22\.901ms\n {4}✗ p\(99\)</);
    expect(t.stdout).toMatch(/✓ http_req_duration\{name:refund\} .* p\(99\)=19\.9074ms\n {4}✓ p\(99\)</);
    // a built-in metric with no samples is shown and judged on an empty sink, as k6 does
    expect(t.stdout).toMatch(/✓ dropped_iterations \.+: 0 {2}0\/s\n {4}✓ count<1\n/);
  });

  it('without --options, the thresholds the NDJSON declares (parent metrics only) are judged', async () => {
    const t = await capsim(['k6', 'summary', `${LOCAL}/run.ndjson`]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/✓ http_req_duration \.+: .*\n {4}✓ p\(95\)<500\n/);
  });

  it('a summary JSON given as the run exits 99 when it records a crossed threshold', async () => {
    const t = await capsim(['k6', 'summary', calibration('overload', 'summary.json')]);
    expect(t.code).toBe(99);
  });

  it.each([
    ['a malformed expression', { thresholds: { http_req_duration: ['p(95)<<500'] } }, /options-bad\.json:4: thresholds\.http_req_duration\[0\]: failed parsing threshold expression's "p\(95\)<<500" right hand side/],
    ['an aggregation the metric has not', { thresholds: { http_reqs: ['p(95)<500'] } }, /options-bad\.json: thresholds\.http_reqs\[0\]: invalid threshold "p\(95\)<500" applied on metric http_reqs; reason: unsupported aggregation method p on metric of type counter/],
    ['a malformed sub-metric', { thresholds: { 'http_req_duration{name}': ['p(95)<500'] } }, /options-bad\.json:3: thresholds\.http_req_duration\{name\}: invalid metric in threshold definitions/],
    ['no thresholds at all', { vus: 3 }, /options-bad\.json: thresholds: no "thresholds" object and no "metrics"/],
  ])('%s in --options: one line naming the file, line and field, exit 2', async (_name, json, message) => {
    const file = join(tmp, 'options-bad.json');
    writeFileSync(file, JSON.stringify(json, null, 2));
    const t = await capsim(['k6', 'summary', `${LOCAL}/run.ndjson`, '--options', file]);
    expect(t.code).toBe(2);
    expect(t.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(message);
  });
});
