import { describe, expect, it } from 'vitest';
import { summarize, estimateDurationMs, trendStatResolvers } from '../../../calibration/k6/summary.js';
import { toSummaryExport } from '../../../calibration/k6/summaryModel.js';
import { TrendSink } from '../../../calibration/k6/sinks.js';
import { InputError } from '../../../input/inputError.js';
import { load, readExport, exportDurationMs, exportTrendStats, close, LOCAL, calibration, CALIBRATION_RUNS } from './fixtures.js';

const PAIRS: readonly (readonly [string, string, string])[] = [
  ['local loopback run (k6 v0.48.0, ramping-arrival-rate)', `${LOCAL}/run.ndjson`, `${LOCAL}/summary.json`],
  ...CALIBRATION_RUNS.map((r) => [`calibration/${r}`, calibration(r, 'k6.ndjson.gz'), calibration(r, 'summary.json')] as const),
];

describe('summarize: recomputing the summary from NDJSON reproduces k6 --summary-export of the same run', () => {
  it.each(PAIRS)('%s: every metric, every stat', async (_name, ndjson, exportFile) => {
    const { run, warnings } = await load(ndjson);
    const k6 = readExport(exportFile);
    // NDJSON does not carry the test run duration; take it from k6's own counter (count / rate).
    const ours = toSummaryExport(summarize(run.metrics, { trendStats: exportTrendStats(k6), durationMs: exportDurationMs(k6) })).metrics;
    expect(warnings).toEqual([]);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(k6.metrics).sort());
    for (const [metric, stats] of Object.entries(k6.metrics)) {
      for (const [stat, expected] of Object.entries(stats)) {
        const got = ours[metric]![stat];
        if (stat === 'thresholds') continue; // checked below
        // counter rate depends on the duration recovered above, so compare to 1e-9 relative;
        // everything else is exact to the last bit (same float64 operations in the same order).
        if (stat === 'rate') expect(close(got as number, expected as number), `${metric}.${stat}`).toBe(true);
        else expect(got, `${metric}.${stat}`).toBe(expected);
      }
    }
  });

  it.each(PAIRS)('%s: thresholds of declared metrics evaluate as k6 did', async (_name, ndjson, exportFile) => {
    const { run } = await load(ndjson);
    const k6 = readExport(exportFile);
    const ours = toSummaryExport(summarize(run.metrics, { trendStats: exportTrendStats(k6) })).metrics;
    for (const name of ['http_req_duration', 'http_req_failed']) {
      if (k6.metrics[name]?.thresholds !== undefined) expect(ours[name]!.thresholds, name).toEqual(k6.metrics[name]!.thresholds);
    }
  });
});

describe('estimateDurationMs: the duration for counter rates when the input does not carry it', () => {
  // earliest iteration/request start .. last sample; k6 also counts the time before the first
  // and after the last iteration, so the estimate is a little short.
  const cases = [
    ['local: 4 s ramp that ends at rate 0 (sparse last arrivals)', PAIRS[0]!, 0.05],
    ...PAIRS.slice(1).map((p) => [`${p[0]}: 60-90 s constant or stepped rate`, p, 0.001] as const),
  ] as const;
  it.each(cases)('%s: within the tolerance, never above', async (_name, [, ndjson, exportFile], tolerance) => {
    const { run } = await load(ndjson);
    const truth = exportDurationMs(readExport(exportFile));
    const estimate = estimateDurationMs(run.metrics);
    expect(estimate).toBeLessThanOrEqual(truth);
    expect(estimate).toBeGreaterThan(truth * (1 - tolerance));
  });
});

describe('TrendSink.percentile: k6 metrics/sink.go P(): i = p·(n−1), linear interpolation', () => {
  const sink = (values: number[]): TrendSink => {
    const s = new TrendSink();
    for (const v of values) s.add(v);
    return s;
  };
  it.each([
    ['no values -> 0', [], 0.95, 0],
    ['one value -> that value', [7], 0.95, 7],
    ['median of an even count interpolates', [4, 1, 3, 2], 0.5, 2.5],
    ['p(90) of 1..4 = 3 + 0.7·(4−3)', [1, 2, 3, 4], 0.9, 3.7],
    ['p(0) is the min, p(100) the max', [5, 9, 1], 1, 9],
    ['unsorted input is sorted first', [10, 0, 5], 0.25, 2.5],
  ] as const)('%s', (_name, values, p, expected) => {
    expect(sink([...values]).percentile(p)).toBeCloseTo(expected, 12);
  });
});

describe('trendStatResolvers: the --summary-trend-stats names', () => {
  it('accepts avg, min, med, max, count and p(N) with fractional N (p(99.9) uses 99.9/100)', () => {
    const s = new TrendSink();
    for (let i = 1; i <= 1001; i++) s.add(i);
    const r = trendStatResolvers(['avg', 'count', 'p(99.9)', 'p(0)', 'med']);
    expect([...r].map(([k, f]) => [k, f(s)])).toEqual([['avg', 501], ['count', 1001], ['p(99.9)', 1 + (99.9 / 100) * 1000], ['p(0)', 1], ['med', 501]]);
  });
  it.each(['p95', 'p(101)', 'mean', 'p(-1)', 'p()'])('rejects %s with an InputError naming trend-stats', (stat) => {
    expect(() => trendStatResolvers([stat])).toThrow(InputError);
    expect(() => trendStatResolvers([stat])).toThrow(/trend-stats/);
  });
});

describe('summary shape', () => {
  it('rate metrics: the share is renamed value, passes = non-zero samples (http_req_failed: passes are failed requests)', async () => {
    const { run } = await load(`${LOCAL}/run.ndjson`);
    const exp = toSummaryExport(summarize(run.metrics));
    // the local run sends every 10th iteration to GET /fail (502): 6 failed of 61
    expect(exp.metrics.http_req_failed).toMatchObject({ passes: 6, fails: 55, value: 6 / 61 });
    expect(exp.metrics.http_req_failed).not.toHaveProperty('rate');
    expect(exp.root_group.checks['status is 200']).toMatchObject({ passes: 55, fails: 0, path: '::status is 200', id: '6210a8cd14cd70477eba5c5e4cb3fb5f' });
  });
});
