import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from '../../../calibration/k6/summary.js';
import { readCsv } from '../../../calibration/k6/csvReader.js';
import { InputError } from '../../../input/inputError.js';
import type { K6Point, SampleHandler } from '../../../calibration/k6/samples.js';
import { load, calibration, LOCAL } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-csv-'));
const collect = (): SampleHandler & { points: K6Point[] } => {
  const points: K6Point[] = [];
  return { points, metric: () => {}, point: (p) => void points.push(p) };
};

describe('readCsv on calibration/low: the CSV of a run tells the same as its NDJSON', async () => {
  const csv = await load(calibration('low', 'k6.csv.gz'));
  const ndjson = await load(calibration('low', 'k6.ndjson.gz'));
  const stats = ['count', 'avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];
  const summaryOf = (r: typeof csv) => summarize(r.run.metrics, { trendStats: stats, durationMs: 90_000 }).metrics;

  it('detects CSV by content and reads without warnings', () => {
    expect(csv.run.format).toBe('csv');
    expect(csv.warnings).toEqual([]);
  });
  it('same per-request count, joined into the same records (1801, one per rid)', () => {
    const [c, n] = [csv.run.requests.view(), ndjson.run.requests.view()];
    expect(c.length).toBe(1801);
    expect(c.length).toBe(n.length);
    expect(new Set(c.rid).size).toBe(1801);
    expect([...c.rid].sort((a, b) => a - b)).toEqual([...n.rid].sort((a, b) => a - b));
  });
  it.each(['http_req_duration', 'http_req_waiting', 'http_req_duration{expected_response:true}', 'iteration_duration'])(
    '%s: same count and percentiles, to the 6 decimals CSV prints',
    (metric) => {
      const [c, n] = [summaryOf(csv)[metric]!.values, summaryOf(ndjson)[metric]!.values];
      for (const s of stats) expect(Math.abs(c[s]! - n[s]!), `${metric} ${s}`).toBeLessThanOrEqual(5e-7);
    },
  );
  it('sub-metrics declared only in NDJSON Metric lines ({name:authorize}) are absent from CSV', () => {
    expect(summaryOf(ndjson)['http_req_duration{name:authorize}']).toBeDefined();
    expect(summaryOf(csv)['http_req_duration{name:authorize}']).toBeUndefined();
  });
  it('same counters and rates', () => {
    for (const m of ['http_reqs', 'iterations', 'data_sent', 'data_received', 'http_req_failed']) {
      expect(summaryOf(csv)[m]!.values, m).toEqual(summaryOf(ndjson)[m]!.values);
    }
  });
});

describe('readCsv on the local overload run (whole-second timestamps, no rid metadata)', () => {
  it('joins 20 requests even when several share a second and a tag set, and keeps 27 drops', async () => {
    const { run } = await load(`${LOCAL}/run.csv`);
    const v = run.requests.view();
    expect(v.length).toBe(20);
    expect(Number.isNaN(v.rid[0]!)).toBe(true);
    expect([...v.durationMs].every((d) => d > 0)).toBe(true);
    expect(v.dropped.timeMs.length).toBe(27);
    expect(new Set([...v.dropped.scenario].map((i) => v.names[i]))).toEqual(new Set(['overload']));
  });
});

describe('readCsv: formats', () => {
  const header = 'metric_name,timestamp,metric_value,name,scenario,status,extra_tags,metadata';
  it.each([
    ['unix seconds (default)', '1795627802', 1795627802000],
    ['unix_milli', '1795627802506', 1795627802506],
    ['unix_micro', '1795627802506120', 1795627802506.12],
    ['unix_nano', '1795627802506120933', 1795627802506.121],
    ['rfc3339', '2026-11-25T17:30:02Z', 1795627802000],
    ['rfc3339_nano with offset', '2026-11-25T14:30:02.506120933-03:00', 1795627802506.121],
  ])('timestamp as %s', async (_name, stamp, ms) => {
    const file = join(tmp, 'time.csv');
    writeFileSync(file, `${header}\nhttp_reqs,${stamp},1.000000,authorize,pay,200,,\n`);
    const h = collect();
    await readCsv(file, h, () => {});
    expect(h.points[0]!.timeMs).toBeCloseTo(ms, 3);
  });
  it('extra_tags and metadata k=v&k2=v2 become tags and metadata; empty tag cells are absent', async () => {
    const file = join(tmp, 'tags.csv');
    writeFileSync(file, `${header}\nhttp_reqs,1795627802,1.000000,authorize,,200,team=pay&tier=gold,rid=7&rep=0\n`);
    const h = collect();
    await readCsv(file, h, () => {});
    expect(h.points[0]).toMatchObject({ tags: { name: 'authorize', status: '200', team: 'pay', tier: 'gold' }, metadata: { rid: '7', rep: '0' } });
    expect(h.points[0]!.tags).not.toHaveProperty('scenario');
  });
  it('a file without the k6 header is an InputError naming the file and line 1', async () => {
    const file = join(tmp, 'other.csv');
    writeFileSync(file, 'time,latency\n1,2\n');
    await expect(readCsv(file, collect(), () => {})).rejects.toThrow(InputError);
    await expect(readCsv(file, collect(), () => {})).rejects.toThrow(`${file}:1: not k6 CSV`);
  });
  it('a custom metric (type unknown in CSV) is summarised as a trend, with a warning naming the line', async () => {
    const file = join(tmp, 'custom.csv');
    writeFileSync(file, `${header}\nqueue_depth,1795627802,3.000000,,,,,\n`);
    const warnings: string[] = [];
    await readCsv(file, collect(), (w) => void warnings.push(`${w.line}: ${w.message}`));
    expect(warnings).toEqual(['2: custom metric "queue_depth": CSV does not say its type; summarised as a trend']);
  });
  it('a row of another width than the header (a cut line) is skipped and counted, never read with its values under the wrong tags', async () => {
    const file = join(tmp, 'cut.csv');
    writeFileSync(file, `${header}\nhttp_reqs,1795627802,1.000000,authorize,,200,,rid=1\nhttp_reqs,1795627803,1.000000,authorize,,200\n`);
    const warnings: string[] = [];
    const h = collect();
    await readCsv(file, h, (w) => void warnings.push(w.message));
    expect(h.points).toHaveLength(1);
    expect(warnings).toEqual([`skipped 1 row(s): row without the header's ${header.split(',').length} columns (cut or damaged)`]);
  });
});
