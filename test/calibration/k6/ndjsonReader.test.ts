import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNdjson } from '../../../calibration/k6/ndjsonReader.js';
import { summarize } from '../../../calibration/k6/summary.js';
import { toSummaryExport } from '../../../calibration/k6/summaryModel.js';
import { formatWarning, type ReaderWarning } from '../../../calibration/k6/warnings.js';
import { InputError } from '../../../input/inputError.js';
import type { K6Point, MetricDecl, SampleHandler } from '../../../calibration/k6/samples.js';
import { load, PUBLIC, LOCAL } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-ndjson-'));
const file = (name: string, text: string | Buffer): string => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};
const read = async (path: string) => {
  const points: K6Point[] = [];
  const decls: MetricDecl[] = [];
  const warnings: ReaderWarning[] = [];
  const h: SampleHandler = { metric: (d) => void decls.push(d), point: (p) => void points.push(p) };
  const counts = await readNdjson(path, h, (w) => void warnings.push(w));
  return { points, decls, warnings, counts, messages: warnings.map(formatWarning) };
};
const DECL = '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}';
const point = (time: string, extra = ''): string => `{"metric":"http_reqs","type":"Point","data":{"time":"${time}","value":1,"tags":{"status":"200"}${extra}}}`;

describe('readNdjson on KirillY/k6-load-template k6-results.json (k6 public repo, -03:00 offsets)', async () => {
  const { run, warnings } = await load(`${PUBLIC}/KirillY__k6-load-template__k6-results.ndjson`);
  const summary = toSummaryExport(summarize(run.metrics));

  it('reads every point without warnings', () => {
    expect(warnings).toEqual([]);
    expect(run.counts.skipped).toEqual({});
  });
  it('setup() points (group ::setup, no scenario) count in iteration_duration but not in iterations', () => {
    // 31 full iterations of the two scenarios + 1 setup() run
    expect(summarize(run.metrics, { trendStats: ['count'] }).metrics.iteration_duration!.values.count).toBe(32);
    expect(summary.metrics.iterations!.count).toBe(31);
    expect([...run.metrics.scenarios].sort()).toEqual(['main', 'smoke']);
    expect(summary.root_group.groups.setup).toMatchObject({ path: '::setup', id: '5c0f8025f7e0b6654089e5b00e950f1a' });
  });
  it('checks by name, and requests by operation (the name tag = cleaned URL)', () => {
    expect(summary.root_group.checks['process status is 200']).toMatchObject({ passes: 30, fails: 0 });
    const v = run.requests.view();
    const ops = [...v.op].map((i) => v.names[i]);
    expect(ops.filter((o) => o === 'http://localhost:3000/process')).toHaveLength(31);
    expect(ops.filter((o) => o === 'http://localhost:3000/finalize')).toHaveLength(30);
  });
  it('vus comes once per second with empty tags; local -03:00 times land on the right UTC instant', () => {
    expect(run.requests.view().vus.timeMs.length).toBe(48);
    expect(run.requests.view().vus.timeMs[0]).toBeCloseTo(Date.UTC(2024, 7, 22, 4, 14, 0, 890) + 0.377254, 3);
  });
});

describe('readNdjson: line shapes', () => {
  it('does not depend on key order, accepts tags null (old k6) and keeps metadata', async () => {
    const r = await read(file('order.ndjson', [
      '{"metric":"http_reqs","data":{"submetrics":null,"thresholds":[],"contains":"default","type":"counter","name":"http_reqs"},"type":"Metric"}',
      '{"type":"Point","data":{"tags":null,"value":1,"time":"2017-01-01T00:00:00.5Z"},"metric":"http_reqs"}',
      '{"data":{"metadata":{"rid":"9"},"time":"2017-01-01T00:00:01Z","value":1,"tags":{"a":"b"}},"metric":"http_reqs","type":"Point"}',
    ].join('\n') + '\n'));
    expect(r.decls.map((d) => [d.name, d.type])).toEqual([['http_reqs', 'counter']]);
    expect(r.points.map((p) => [p.timeMs, p.tags, p.metadata])).toEqual([
      [Date.UTC(2017, 0, 1) + 500, {}, undefined],
      [Date.UTC(2017, 0, 1) + 1000, { a: 'b' }, { rid: '9' }],
    ]);
  });
  it('an unknown line type is skipped and counted, with one warning per kind', async () => {
    const r = await read(file('unknown.ndjson', [DECL, point('2026-01-01T00:00:00Z'), '{"type":"Annotation","data":{}}', '{"type":"Annotation","data":{}}', point('2026-01-01T00:00:01Z')].join('\n') + '\n'));
    expect(r.points).toHaveLength(2);
    expect(r.counts.skipped).toEqual({ 'unknown line type "Annotation"': 2 });
    expect(r.messages).toEqual([`${join(tmp, 'unknown.ndjson')}: skipped 2 line(s): unknown line type "Annotation"`]);
  });
});

describe('readNdjson: bad input gives clear errors or warnings, never silent nonsense', () => {
  it.each([
    ['a CSV file', 'metric_name,timestamp,metric_value\nhttp_reqs,1,1\n', ':1: not k6 output (not valid JSON)'],
    ['a summary JSON (pretty printed)', readFileSync(`${LOCAL}/summary.json`, 'utf8'), ':1: not k6 output (not valid JSON)'],
    ['JSON lines of another tool', '{"ts":1,"latency":3}\n'.repeat(6), ':1: not k6 output (unknown line type null)'],
    ['an empty file', '', ': no samples: the file is empty'],
  ])('%s -> InputError naming the file and line', async (_name, text, message) => {
    const path = file('notk6.txt', text);
    const err = await read(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(`${path}${message}`);
    expect((err as Error).message).toContain('expected k6 `--out json` output');
  });

  it('a file cut off mid-line (killed run) is read up to the last whole line, with a warning', async () => {
    const path = file('killed.ndjson', `${DECL}\n${point('2026-01-01T00:00:00Z')}\n${point('2026-01-01T00:00:01Z').slice(0, 40)}`);
    const r = await read(path);
    expect(r.points).toHaveLength(1);
    expect(r.counts.truncated).toBe(true);
    expect(r.messages).toEqual([`${path}:3: file ends in the middle of a line: the last line is incomplete; read up to line 2, ignored 40 bytes (was the run killed?)`]);
  });

  it('a truncated gzip stream (named .json, detected by magic bytes) is read up to the last whole line', async () => {
    const lines = [DECL, ...Array.from({ length: 2000 }, (_, i) => point(`2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`))];
    const gz = gzipSync(lines.join('\n') + '\n');
    const path = file('cut.json', gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await read(path);
    expect(r.points.length).toBeGreaterThan(0);
    expect(r.points.length).toBeLessThan(2000);
    expect(r.counts.truncated).toBe(true);
    expect(r.messages[0]).toMatch(new RegExp(`^${path}:\\d+: gzip stream is truncated and the last line is incomplete; read up to line ${r.counts.lines}, ignored \\d+ bytes`));
  });

  it('timestamps going back more than 60 s get a warning naming the line; normal interleaving does not', async () => {
    const path = file('backwards.ndjson', [DECL, point('2026-01-01T00:05:00Z'), point('2026-01-01T00:04:59.5Z'), point('2026-01-01T00:03:00Z')].join('\n') + '\n');
    const r = await read(path);
    expect(r.points).toHaveLength(3);
    expect(r.messages).toEqual([`${path}:4: timestamp goes back 120.000 s before an earlier sample (more than k6's normal interleaving of 60 s); concatenated runs or a clock jump? durations and rates may be wrong`]);
  });

  it('a Point with a time that is not RFC 3339 is skipped and counted', async () => {
    const r = await read(file('badtime.ndjson', [DECL, point('yesterday'), point('2026-01-01T00:00:00Z')].join('\n') + '\n'));
    expect(r.points).toHaveLength(1);
    expect(r.counts.skipped).toEqual({ 'Point with a time that is not a valid RFC 3339 date': 1 });
  });
});
