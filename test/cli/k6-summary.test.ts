import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capsim, capsimFails, capsimOk } from '../support/cli.js';
import { SHARED_FIXTURES } from '../support/shared.js';

const LOCAL = join(SHARED_FIXTURES, 'k6', 'local');
const LOW = join(SHARED_FIXTURES, 'calibration', 'low');
const tmp = mkdtempSync(join(tmpdir(), 'capsim-k6-cli-'));

/** `capsim k6 summary <args>` that must succeed: what it printed. */
async function run(...args: string[]) {
  const t = await capsimOk(['k6', 'summary', ...args]);
  return { out: t.stdout, err: t.stderr };
}

describe('capsim k6 summary', () => {
  it('--json prints the --summary-export shape; with --duration the counters equal k6\'s own', async () => {
    const k6 = JSON.parse(readFileSync(`${LOCAL}/summary.json`, 'utf8')) as { metrics: Record<string, Record<string, number>> };
    const duration = String(k6.metrics.http_reqs!.count! / k6.metrics.http_reqs!.rate!);
    const { out, err } = await run(`${LOCAL}/run.ndjson`, '--json', '--duration', duration);
    const ours = JSON.parse(out) as typeof k6;
    expect(err).toBe('');
    expect(ours.metrics.http_req_duration).toEqual(k6.metrics.http_req_duration);
    expect(ours.metrics.http_req_failed).toEqual(k6.metrics.http_req_failed);
    expect(ours.metrics.iterations!.count).toBe(55);
    expect(ours.metrics.iterations!.rate).toBeCloseTo(k6.metrics.iterations!.rate!, 9);
  });

  it('prints a readable table by default, ✓ on metrics whose thresholds passed', async () => {
    const { out } = await run(`${LOCAL}/run.ndjson`);
    expect(out).toMatch(/^test run duration: 3\.845 s/);
    expect(out).toMatch(/✓ http_req_duration \.+: avg=20\.1742ms min=1\.13ms med=22\.0885ms max=24\.7267ms p\(90\)=23\.0806ms p\(95\)=23\.3207ms\n/);
    expect(out).toMatch(/ {2}http_req_failed \.+: 9\.8361% {2}6 of 61 non-zero\n/);
    expect(out).toMatch(/ {2}http_reqs \.+: 61 {2}15\.8\d+\/s\n/);
  });

  it('--trend-stats chooses the trend columns (as k6 --summary-trend-stats)', async () => {
    const { out } = await run(`${LOW}/k6.csv.gz`, '--json', '--trend-stats', 'count,p(99.9)');
    expect(Object.keys((JSON.parse(out) as { metrics: Record<string, object> }).metrics.http_req_duration!)).toEqual(['count', 'p(99.9)']);
  });

  it('several RUNs are merged into one summary over all their samples', async () => {
    const { out } = await run(`${LOW}/k6.ndjson.gz`, `${LOW}/k6.csv.gz`, '--json', '--trend-stats', 'count');
    const m = (JSON.parse(out) as { metrics: Record<string, Record<string, number>> }).metrics;
    expect(m.http_reqs!.count).toBe(2 * 1801);
    expect(m.http_req_duration!.count).toBe(2 * 1801);
  });

  it('one summary JSON is printed as read, and exits 99 as k6 did when it records a crossed threshold', async () => {
    const t = await capsim(['k6', 'summary', join(SHARED_FIXTURES, 'k6', 'public', 'Amro404__petro-transfers-api__k6-results.json'), '--json']);
    expect((JSON.parse(t.stdout) as { metrics: Record<string, unknown> }).metrics.http_req_failed).toEqual({ fails: 6247, value: 0, passes: 0, thresholds: { 'rate<0.10': false } });
    expect(t.code).toBe(99);
    expect(t.stderr).toBe("capsim: thresholds on metrics 'http_req_duration' have been crossed\n");
  });

  it('trend values of a handleSummary JSON (Go map order) print in k6\'s order', async () => {
    const t = await capsim(['k6', 'summary', join(SHARED_FIXTURES, 'k6', 'public', 'Amro404__petro-transfers-api__k6-results.json')]);
    expect(t.stdout).toMatch(/ http_req_duration \.+: avg=\S+ min=\S+ med=\S+ max=\S+ p\(90\)=\S+ p\(95\)=\S+\n/);
  });

  it('shows progress in MB of the files read when reading takes long (here: a line at every update), and nothing on a short read by default', async () => {
    const file = `${LOW}/k6.ndjson.gz`;
    const quiet = await run(file);
    expect(quiet.err).toBe('');
    process.env.CAPSIM_PROGRESS_SECONDS = '0';
    try {
      const t = await capsimOk(['k6', 'summary', file, '--json']);
      const progress = t.stderr.split('\n').filter((l) => l.startsWith('capsim k6 summary: '));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatch(/^capsim k6 summary: \d+\/\d+ MB read \(100%\), .* elapsed, done$/);
      expect(t.stdout).toBe((await run(file, '--json')).out);
    } finally {
      delete process.env.CAPSIM_PROGRESS_SECONDS;
    }
  });

  it('warnings (a truncated file) go to stderr, the summary of the whole lines to stdout', async () => {
    const text = readFileSync(`${LOCAL}/run.ndjson`, 'utf8');
    const cut = join(tmp, 'killed.ndjson');
    writeFileSync(cut, text.slice(0, text.length - 30)); // the newline and 29 bytes of line 848
    const kept = text.trimEnd().split('\n').pop()!.length - 29;
    const { out, err } = await run(cut, '--json');
    expect(err).toBe(`capsim: warning: ${cut}:848: file ends in the middle of a line: the last line is incomplete; read up to line 847, ignored ${kept} bytes (was the run killed?)\n`);
    expect(JSON.parse(out)).toHaveProperty('metrics.http_reqs.count', 61);
  });

  it.each([
    ['a summary JSON among several runs', [`${LOCAL}/summary.json`, `${LOCAL}/run.ndjson`], /summary\.json: is a summary JSON: percentiles of several runs cannot be merged/],
    ['a file that is not k6 output', [join(tmp, 'notes.txt')], /notes\.txt:1: not k6 output/],
    ['an unknown trend stat', [`${LOCAL}/run.ndjson`, '--trend-stats', 'p95'], /trend-stats: "p95" is not a trend stat/],
  ])('%s -> InputError (exit code 2 in capsim)', async (_name, args, message) => {
    writeFileSync(join(tmp, 'notes.txt'), 'hello\n');
    const f = await capsimFails(['k6', 'summary', ...args]);
    expect(f.code).toBe(2);
    expect(f.message).toMatch(message);
  });
});

describe('capsim k6 summary on broken k6 output (../shared/fixtures/bad-input)', () => {
  const BAD = join(SHARED_FIXTURES, 'bad-input');
  it.each([
    ['d07-group-list.ndjson', /d07-group-list\.ndjson:1: not k6 output \(Point with a tag that is not a string/],
    ['d07-group-number2.ndjson', /d07-group-number2\.ndjson:1: not k6 output \(Point with a tag that is not a string/],
    ['d19-k6-deep-tags.ndjson', /d19-k6-deep-tags\.ndjson:1: not k6 output \(Point with a tag that is not a string/],
    ['d10-summary-truncated.json.gz', /d10-summary-truncated\.json\.gz: the gzip stream is cut off \(truncated file\)/],
    ['d10-summary-badcrc.json.gz', /d10-summary-badcrc\.json\.gz: corrupt gzip data/],
  ])('%s: one line, exit 2', async (file, message) => {
    const f = await capsimFails(['k6', 'summary', join(BAD, file)]);
    expect(f.code).toBe(2);
    expect(f.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(f.message).toMatch(message);
  });
  it.each([
    ['d07-group-number.ndjson', 'Point with a tag that is not a string (k6 writes string tags)', 'checks'],
    ['d22-k6-infinite-value.ndjson', 'Point with a value that is not a finite number', 'data_received'],
    ['d18-bad-date.ndjson', 'Point with a time that is not a valid RFC 3339 date', 'http_reqs'],
  ])('%s: the impossible line is skipped and said so, never summarised', async (file, reason, metric) => {
    const { out, err } = await run(join(BAD, file), '--json');
    expect(err).toBe(`capsim: warning: ${join(BAD, file)}: skipped 1 line(s): ${reason}\n`);
    const m = (JSON.parse(out) as { metrics: Record<string, Record<string, number>> }).metrics;
    expect(JSON.stringify(m)).not.toMatch(/Infinity|null/);
    if (file.startsWith('d18')) expect(m[metric]!.count).toBe(Number((await import('node:fs')).readFileSync(join(BAD, file), 'utf8').split('\n').filter((l) => l.includes('"metric":"http_reqs","type":"Point"')).length - 1));
  });
});
