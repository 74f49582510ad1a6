import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSummaryFile, parseSummary } from '../../../calibration/k6/summaryReader.js';
import { toSummaryExport } from '../../../calibration/k6/summaryModel.js';
import { InputError } from '../../../input/inputError.js';
import { PUBLIC, LOCAL } from './fixtures.js';

const ANDREPOSMAN = `${PUBLIC}/andreposman__qr-code-generator__summary-export.json`;
const HADI = `${PUBLIC}/hadi-projects__xyz-finance-go__k6-results.json`;
const AMRO = `${PUBLIC}/Amro404__petro-transfers-api__k6-results.json`;

describe('readSummaryFile: --summary-export (legacy flat)', () => {
  it('andreposman: custom trend stats (count, p(99), p(99.9)) are kept as they are', async () => {
    const s = await readSummaryFile(ANDREPOSMAN);
    expect(s.metrics.http_req_waiting).toEqual({
      type: 'trend',
      values: { avg: 19.361851083201064, med: 3.08, 'p(99)': 348.5896500000001, 'p(99.9)': 787.0613250000223, max: 1737.323, count: 493168, min: 0.061 },
    });
    expect(s.metrics.http_reqs).toEqual({ type: 'counter', values: { count: 493168, rate: 4288.100370179589 } });
    expect(s.metrics.vus_max).toEqual({ type: 'gauge', values: { value: 174, min: 174, max: 174 } });
  });
  it('hadi-projects: rate `value` becomes `rate`; threshold true means crossed; groups keyed by name become a list', async () => {
    const s = await readSummaryFile(HADI);
    expect(s.metrics.http_req_failed).toEqual({ type: 'rate', values: { passes: 1272, fails: 6349, rate: 0.16690723002230679 }, thresholds: { 'rate<0.01': true } });
    expect(s.metrics.login_duration!.thresholds).toEqual({ 'p(95)<300': false });
    expect(s.rootGroup.groups.map((g) => g.name)).toContain('setup');
    expect(s.rootGroup.groups.find((g) => g.name === 'setup')!.checks[0]).toMatchObject({ name: 'setup: login successful', passes: 1, fails: 0 });
    expect(s.setupData).toBeDefined();
  });
  it.each([ANDREPOSMAN, HADI, `${LOCAL}/summary.json`])('round-trips to the same --summary-export: %s', async (file) => {
    const original = JSON.parse(readFileSync(file, 'utf8')) as { metrics: unknown };
    expect(toSummaryExport(await readSummaryFile(file)).metrics).toEqual(original.metrics);
  });
});

describe('readSummaryFile: handleSummary data (nested)', () => {
  it('Amro404: type/contains/values kept, thresholds {ok} turned into crossed-booleans, options and state read', async () => {
    const s = await readSummaryFile(AMRO);
    expect(s.metrics.http_req_duration).toMatchObject({ type: 'trend', contains: 'time', thresholds: { 'p(95)<15000': true } });
    expect(s.metrics.http_req_failed).toEqual({ type: 'rate', contains: 'default', values: { fails: 6247, rate: 0, passes: 0 }, thresholds: { 'rate<0.10': false } });
    expect(s.testRunDurationMs).toBe(483191.638248);
    expect(s.trendStats).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);
    expect(s.rootGroup.checks.map((c) => [c.name, c.passes])).toEqual([['status is 200', 6247], ['has inserted field', 6247]]);
  });
  it('Amro404 rendered as --summary-export: rate share under value, thresholds inside the metric', async () => {
    const exp = toSummaryExport(await readSummaryFile(AMRO));
    expect(exp.metrics.http_req_failed).toEqual({ fails: 6247, value: 0, passes: 0, thresholds: { 'rate<0.10': false } });
    expect(exp.root_group.checks['status is 200']).toMatchObject({ path: '::status is 200', passes: 6247 });
  });
});

describe('parseSummary: a summary from another tool gives a clear InputError', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-summary-'));
  it.each([
    ['no metrics (an Artillery report)', { aggregate: { counters: {} } }, 'metrics: expected a k6 summary JSON'],
    ['metrics is a list', { metrics: [] }, 'metrics: expected a k6 summary JSON'],
    ['a statistic that is a string', { metrics: { http_req_duration: { p95: '12ms' } } }, 'metrics.http_req_duration.p95: expected a finite number, got "12ms"'],
    ['nested metric with an unknown type', { metrics: { x: { type: 'histogram', values: { n: 1 } } } }, 'metrics.x.type: expected type counter, gauge, rate or trend, got "histogram"'],
    ['legacy threshold that is not a boolean', { metrics: { x: { count: 1, rate: 1, thresholds: { 'count<2': 'ok' } } } }, 'metrics.x.thresholds.count<2: expected true (crossed) or false'],
  ])('%s', (_name, json, message) => {
    const file = join(tmp, 'other.json');
    writeFileSync(file, JSON.stringify(json));
    expect(() => parseSummary(json, file)).toThrow(InputError);
    expect(() => parseSummary(json, file)).toThrow(`${file}: ${message}`);
  });
  it('a file that is not JSON at all', async () => {
    const file = join(tmp, 'not.json');
    writeFileSync(file, 'hello');
    await expect(readSummaryFile(file)).rejects.toThrow(new RegExp(`^${file}: not valid JSON .*expected a k6 summary JSON`));
  });
});
