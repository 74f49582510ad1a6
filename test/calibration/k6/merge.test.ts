import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeStores } from '../../../calibration/k6/merge.js';
import { summarize } from '../../../calibration/k6/summary.js';
import { MetricStore } from '../../../calibration/k6/metricStore.js';
import type { ReaderWarning } from '../../../calibration/k6/warnings.js';
import { load, calibration, close, LOCAL } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-merge-'));
const STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/**
 * Split one run into `parts` runner files as `--execution-segment` stripes iterations:
 * every point goes to part rid % parts (rid = iterationInTest); Metric lines go to every
 * part; test-wide points without rid (vus, vus_max) stay with runner 0.
 */
function split(ndjsonGz: string, parts: number): string[] {
  const outs: string[][] = Array.from({ length: parts }, () => []);
  for (const line of gunzipSync(readFileSync(ndjsonGz)).toString('utf8').split('\n')) {
    if (line === '') continue;
    const rid = /"rid":"(\d+)"/.exec(line)?.[1];
    if (line.includes('"type":"Metric"')) outs.forEach((o) => o.push(line));
    else outs[rid === undefined ? 0 : Number(rid) % parts]!.push(line);
  }
  return outs.map((lines, i) => {
    const file = join(tmp, `runner-${i}.ndjson.gz`);
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    return file;
  });
}

describe.each([
  ['step (50 -> 200 -> 50 rps, two replicas)', 'step', 3],
  ['overload (320 rps into a saturated replica)', 'overload', 2],
] as const)('mergeStores on calibration/%s split into runners', (_name, runName, parts) => {
  it(`merging the ${parts} runners gives exactly the summary of the whole run`, async () => {
    const whole = summarize((await load(calibration(runName, 'k6.ndjson.gz'))).run.metrics, { trendStats: STATS });
    const runners = await Promise.all(split(calibration(runName, 'k6.ndjson.gz'), parts).map(load));
    const warnings: ReaderWarning[] = [];
    const merged = summarize(mergeStores(runners.map((r) => r.run.metrics), (w) => void warnings.push(w)), { trendStats: STATS });
    expect(warnings).toEqual([]);
    expect(merged.testRunDurationMs).toBe(whole.testRunDurationMs); // union of the runners' spans
    expect(Object.keys(merged.metrics)).toEqual(Object.keys(whole.metrics));
    for (const [name, m] of Object.entries(whole.metrics)) {
      for (const [stat, v] of Object.entries(m.values)) {
        // a mean sums in another order: equal to float rounding; everything else bit-exact
        if (stat === 'avg') expect(close(merged.metrics[name]!.values[stat]!, v, 1e-12), `${name} ${stat}`).toBe(true);
        else expect(merged.metrics[name]!.values[stat], `${name} ${stat}`).toBe(v);
      }
    }
  });

  it('whereas averaging the runners\' p95 (what a dashboard of per-runner summaries shows) does not', async () => {
    // A percentile is not linear in the data: each runner's p95 is the p95 of its own share
    // of the samples, and the mean of those is not the p95 of the union. Here the runners
    // stripe one stationary stream, so the error is small but real (step: -0.18 ms,
    // overload: ~0.002 ms); it only vanishes by pooling the samples, as merge does.
    const whole = summarize((await load(calibration(runName, 'k6.ndjson.gz'))).run.metrics).metrics.http_req_duration!.values['p(95)']!;
    const runners = await Promise.all(split(calibration(runName, 'k6.ndjson.gz'), parts).map(load));
    const p95s = runners.map((r) => summarize(r.run.metrics).metrics.http_req_duration!.values['p(95)']!);
    const averaged = p95s.reduce((a, b) => a + b, 0) / p95s.length;
    expect(Math.abs(averaged - whole)).toBeGreaterThan(1e-3); // ms, far above float noise
  });
});

describe('why percentiles are never averaged: runners that see different latencies', () => {
  it('900 fast requests on one runner and 100 slow ones on another: p95 is 500 ms, not the mean of 10 and 500', () => {
    // e.g. k6-operator runners in two zones, one of them behind a slow link
    const runner = (file: string, n: number, ms: number): MetricStore => {
      const s = new MetricStore(file, () => {});
      for (let i = 0; i < n; i++) s.point({ metric: 'http_req_duration', timeMs: 1000 + i, value: ms, tags: {}, metadata: undefined, line: i + 1 });
      return s;
    };
    const [fast, slow] = [runner('fast', 900, 10), runner('slow', 100, 500)];
    const p95 = (s: MetricStore): number => summarize(s).metrics.http_req_duration!.values['p(95)']!;
    expect(p95(mergeStores([fast, slow], () => {}))).toBe(500);
    expect((p95(fast) + p95(slow)) / 2).toBe(255);
  });
});

describe('mergeStores: VU gauges and different tests', () => {
  const store = (file: string, samples: [string, number, number, Record<string, string>][]): MetricStore => {
    const s = new MetricStore(file, () => {});
    for (const [metric, timeMs, value, tags] of samples) s.point({ metric, timeMs, value, tags, metadata: undefined, line: 1 });
    return s;
  };
  it('vus of runners add up at each instant over the whole window (a runner holds its first level before its first sample, its last after its last)', () => {
    const a = store('a', [['vus', 1000, 5, {}], ['vus', 2000, 7, {}], ['vus', 3000, 1, {}]]);
    const b = store('b', [['vus', 1500, 10, {}], ['vus', 2500, 2, {}]]);
    const vus = summarize(mergeStores([a, b], () => {})).metrics.vus!.values;
    // levels: 1000:5+10 (b's first), 1500:5+10, 2000:7+10, 2500:7+2, 3000:1+2 (b's last)
    expect(vus).toEqual({ value: 3, min: 3, max: 17 });
  });
  it('vus_max of two runners sampled 93 ms apart is the whole test\'s (15), not one runner\'s (7) at the first sample', () => {
    const a = store('a', [1000, 2000, 3000].map((t) => ['vus_max', t, 7, {}] as [string, number, number, Record<string, string>]));
    const b = store('b', [1093, 2093, 3093].map((t) => ['vus_max', t, 8, {}] as [string, number, number, Record<string, string>]));
    expect(summarize(mergeStores([a, b], () => {})).metrics.vus_max!.values).toEqual({ value: 15, min: 15, max: 15 });
  });
  it('counters sum, rates add passes and totals', () => {
    const a = store('a', [['http_reqs', 1000, 1, {}], ['http_req_failed', 1000, 1, {}]]);
    const b = store('b', [['http_reqs', 1100, 1, {}], ['http_req_failed', 1100, 0, {}], ['http_req_failed', 1200, 0, {}]]);
    const m = summarize(mergeStores([a, b], () => {}), { durationMs: 1000 }).metrics;
    expect(m.http_reqs!.values).toEqual({ count: 2, rate: 2 });
    expect(m.http_req_failed!.values).toEqual({ rate: 1 / 3, passes: 1, fails: 2 });
  });
  it('warns when the inputs look like different tests: other scenarios, and time ranges that do not overlap', async () => {
    const local = (await load(`${LOCAL}/run.ndjson`)).run.metrics;
    const low = (await load(calibration('low', 'k6.ndjson.gz'))).run.metrics;
    const warnings: string[] = [];
    mergeStores([local, low], (w) => void warnings.push(w.message));
    expect(warnings).toContainEqual(expect.stringMatching(/^scenarios differ from .*run\.ndjson \("pay" vs "payments"\): are these runners of one test\?/));
    expect(warnings).toContainEqual(expect.stringMatching(/^thresholds differ/));
    expect(warnings).toContainEqual(expect.stringMatching(/time range does not overlap/));
  });
});
